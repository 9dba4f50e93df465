//! sitrep-store (in progress).
