//! Snapshot of the reports extracted from every article in `examples/`: a
//! change in the rules shows up as a reviewable diff of what users get.

mod common;

use std::path::PathBuf;

use sitrep_extract::Extractor;
use sitrep_ingest::{IngestOptions, read_path};
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;

#[test]
fn example_corpus_reports() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "the example corpus has at least 10 articles"
    );
    let kb = Kb::embedded().unwrap();
    let annotator = Annotator::new(&kb);
    let extractor = Extractor::new(&kb);
    for file in files {
        let doc = read_path(&file, &IngestOptions::default()).unwrap();
        assert!(
            doc.published.is_some(),
            "{} has a Published header",
            file.display()
        );
        let article = sitrep_clean::clean(&doc);
        let annotation = annotator.annotate(&article, doc.published);
        let reports = extractor.extract(&article, &annotation);
        let mut lines = Vec::new();
        for r in &reports {
            lines.push(common::summary(r));
            lines.push(format!("    « {} »", r.evidence[0].text));
        }
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(name, lines.join("\n"));
    }
}
