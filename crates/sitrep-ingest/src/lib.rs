//! sitrep-ingest (in progress).
