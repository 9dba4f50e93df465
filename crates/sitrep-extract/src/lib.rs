//! sitrep-extract (in progress).
