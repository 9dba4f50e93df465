//! Event resolution through the library on our own corpus (`crates/sitrep-resolve/tests/corpus`):
//! several retellings of each of a few real incidents, with the expected
//! grouping in `expected.csv`.

use std::collections::HashMap;
use std::path::PathBuf;

use sitrep::{IngestOptions, Pipeline, Record};

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
    let kb = sitrep::load_kb(None).unwrap();
    let pipeline = Pipeline::new(&kb);
    expected()
        .into_iter()
        .map(|(file, _)| {
            let path = corpus_dir().join(&file);
            let doc = sitrep::ingest::read_paths(&[path], &IngestOptions::default())
                .next()
                .unwrap()
                .unwrap();
            (file, pipeline.process(&doc).reports)
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
    let events = sitrep::resolve(&all);
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
