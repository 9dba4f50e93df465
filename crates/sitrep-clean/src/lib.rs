//! sitrep-clean (in progress).
