//! Events do not depend on the order documents are ingested in: the real
//! binary on our own corpus (`crates/sitrep-resolve/tests/corpus`), one
//! file per run.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sitrep-resolve/tests/corpus")
}

/// The corpus files, as expected.csv lists them.
fn files() -> Vec<PathBuf> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| corpus_dir().join(l.split(',').next().unwrap().trim()))
        .collect()
}
fn sitrep(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sitrep").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

#[test]
fn event_ids_do_not_depend_on_ingestion_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = files();
    let mut exports = Vec::new();
    for order in 0..3 {
        match order {
            1 => files.reverse(),
            2 => {
                // Interleave: odd positions first, then even.
                let (odd, even): (Vec<_>, Vec<_>) = files
                    .iter()
                    .cloned()
                    .enumerate()
                    .partition(|(i, _)| i % 2 == 1);
                files = odd.into_iter().chain(even).map(|(_, f)| f).collect();
            }
            _ => {}
        }
        let db = tmp.path().join(format!("order{order}.db"));
        // One file per run: the database grows document by document.
        for file in &files {
            sitrep(&db).arg("ingest").arg(file).assert().success();
        }
        let out = sitrep(&db)
            .args(["export", "--format", "jsonl", "--tallies"])
            .output()
            .unwrap();
        assert!(out.status.success());
        exports.push(out.stdout);
    }
    assert!(!exports[0].is_empty());
    assert_eq!(exports[0], exports[1], "reverse order gives other events");
    assert_eq!(
        exports[0], exports[2],
        "interleaved order gives other events"
    );
}
