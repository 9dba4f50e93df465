//! Reads the real inputs in `../shared` (seed articles, a benchmark page).
//! Skips, saying why, when that directory is not there.

use std::path::PathBuf;

use sitrep_core::SourceFormat;
use sitrep_ingest::{IngestOptions, Input, expand_inputs, read_input};

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (shared inputs not available)",
            dir.display()
        );
        None
    }
}

#[test]
fn seeds_read_as_text_with_stable_ids() {
    let Some(shared) = shared() else { return };
    let inputs = expand_inputs(&[shared.join("seeds")]);
    assert!(inputs.len() >= 2, "expected the seed files, got {inputs:?}");
    for input in inputs {
        let input = input.unwrap();
        let doc = read_input(&input, &IngestOptions::default()).unwrap();
        assert_eq!(doc.format, SourceFormat::Text, "{input}");
        assert!(doc.body.len() > 1000, "{input}");
        assert!(doc.id.starts_with("d_"));
        // The id is a function of the bytes: re-reading gives the same one.
        assert_eq!(
            doc.id,
            read_input(&input, &IngestOptions::default()).unwrap().id
        );
        // The seeds have no header block, so nothing is taken from the body.
        assert_eq!(doc.title, None);
    }
}

#[test]
fn benchmark_page_gzip_is_html() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("bench/articles/scrapinghub/html");
    let Some(first) = expand_inputs(&[dir]).into_iter().find_map(Result::ok) else {
        eprintln!("skipped: no benchmark pages under ../shared");
        return;
    };
    let Input::Path(path) = &first else {
        unreachable!()
    };
    assert!(path.to_string_lossy().ends_with(".html.gz"));
    let doc = read_input(&first, &IngestOptions::default()).unwrap();
    assert_eq!(doc.format, SourceFormat::Html);
    assert!(doc.body.to_ascii_lowercase().contains("<html"));
}
