//! sitrep-nlp (in progress).
