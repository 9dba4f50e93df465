//! Event resolution on our own corpus (`crates/sitrep-resolve/tests/corpus`):
//! several retellings of each of a few real incidents, with the expected
//! grouping in `expected.csv`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sitrep_core::Record;
use sitrep_ingest::{IngestOptions, read_path};
use sitrep_kb::Kb;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sitrep-resolve/tests/corpus")
}

/// (file name, incident) from expected.csv.
fn expected() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.csv")).unwrap();
    let mut reader = csv_lines(&text);
    reader.remove(0);
    reader
        .into_iter()
        .map(|cols| (cols[0].clone(), cols[1].clone()))
        .collect()
}

fn csv_lines(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// Reports of every corpus file, by file name.
fn reports_by_file() -> Vec<(String, Vec<Record>)> {
    let kb = Kb::embedded().unwrap();
    let annotator = sitrep_nlp::Annotator::new(&kb);
    let extractor = sitrep_extract::Extractor::new(&kb);
    expected()
        .into_iter()
        .map(|(file, _)| {
            let doc = read_path(&corpus_dir().join(&file), &IngestOptions::default()).unwrap();
            let article = sitrep_clean::clean(&doc);
            let annotation = annotator.annotate(&article, doc.published.or(article.published));
            (file, extractor.extract(&article, &annotation))
        })
        .collect()
}

#[test]
fn grouping_of_retellings_scores_against_the_expected_incidents() {
    let per_file = reports_by_file();
    let all: Vec<Record> = per_file
        .iter()
        .flat_map(|(_, r)| r.iter().cloned())
        .collect();
    let events = sitrep_resolve::resolve(&all);
    let event_of_report: HashMap<&str, &str> = events
        .iter()
        .flat_map(|e| {
            e.report_ids
                .iter()
                .map(move |r| (r.as_str(), e.id.as_str()))
        })
        .collect();
    let gold: HashMap<String, String> = expected().into_iter().collect();
    // A file's predicted incident: the event holding most of its reports.
    let mut gold_labels = Vec::new();
    let mut predicted = Vec::new();
    let mut lines = Vec::new();
    for (file, reports) in &per_file {
        let mut votes: HashMap<&str, usize> = HashMap::new();
        let mut lead = true;
        for r in reports
            .iter()
            .filter(|r| !r.tally && r.status == sitrep_core::Status::Reported)
        {
            if let Some(e) = event_of_report.get(r.id.as_str()) {
                *votes.entry(e).or_default() += if lead { 3 } else { 1 };
                lead = false;
            }
        }
        let main = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(e, _)| e.to_string())
            .unwrap_or_else(|| format!("none:{file}"));
        lines.push(format!("{file:<45} {:<28} {main}", gold[file]));
        gold_labels.push(gold[file].clone());
        predicted.push(main);
    }
    let pairwise = sitrep_resolve::eval::pairwise(&gold_labels, &predicted);
    let bcubed = sitrep_resolve::eval::bcubed(&gold_labels, &predicted);
    println!("{}", lines.join("\n"));
    println!(
        "pairwise P {:.3} R {:.3} F1 {:.3}; B-cubed P {:.3} R {:.3} F1 {:.3} ({} documents)",
        pairwise.precision,
        pairwise.recall,
        pairwise.f1,
        bcubed.precision,
        bcubed.recall,
        bcubed.f1,
        gold_labels.len()
    );
    assert!(gold_labels.len() >= 30);
    // The recorded floor: raise it as resolution improves, never lower it.
    assert!(
        pairwise.f1 >= BASELINE_PAIRWISE_F1,
        "pairwise F1 {:.3} fell below {BASELINE_PAIRWISE_F1}",
        pairwise.f1
    );
}

const BASELINE_PAIRWISE_F1: f64 = 0.96;

fn sitrep(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sitrep").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

#[test]
fn event_ids_do_not_depend_on_ingestion_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = expected()
        .into_iter()
        .map(|(f, _)| corpus_dir().join(f))
        .collect();
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
