//! sitrep-resolve (in progress).
