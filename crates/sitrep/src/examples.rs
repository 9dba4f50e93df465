//! The example corpus built into the binary (`examples/*.txt`, written for
//! sitrep about documented incidents), so `sitrep demo` and the benchmarks
//! work from any directory.

use sitrep_core::Document;
use sitrep_ingest::{IngestError, IngestOptions};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

pub use embedded::EXAMPLES;

/// The examples as documents, each named `examples/<file name>`.
pub fn documents() -> Vec<Result<Document, IngestError>> {
    EXAMPLES
        .iter()
        .map(|(name, text)| {
            sitrep_ingest::read_bytes(
                &format!("examples/{name}"),
                text.as_bytes(),
                &IngestOptions::default(),
            )
        })
        .collect()
}
