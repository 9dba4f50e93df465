//! sitrep-geo (in progress).
