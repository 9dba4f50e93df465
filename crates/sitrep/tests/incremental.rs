//! Incremental resolution gives exactly the events of a full resolution,
//! whatever the order documents arrive in and however they are batched:
//! our example reports, the resolution corpus (retellings of the same
//! incidents) and generated documents, stored in random orders and splits,
//! each batch resolved as ingest resolves it.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use sitrep::{Document, EventFilter, IngestOptions, Pipeline, Processed, Record, Store};

/// Every test document, read and processed once.
fn processed() -> &'static Vec<(Document, Processed)> {
    static DOCS: OnceLock<Vec<(Document, Processed)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let kb = sitrep::load_kb(None).unwrap();
        let pipeline = Pipeline::new(&kb);
        let corpus =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sitrep-resolve/tests/corpus");
        let mut docs: Vec<Document> =
            sitrep::ingest::read_paths(&[corpus], &IngestOptions::default())
                .filter_map(Result::ok)
                .collect();
        docs.extend(
            sitrep::examples::documents()
                .into_iter()
                .map(Result::unwrap),
        );
        for (name, text) in sitrep::synthetic::documents(12, 3) {
            docs.push(
                sitrep::read_bytes(&name, text.as_bytes(), &IngestOptions::default()).unwrap(),
            );
        }
        docs.into_iter()
            .map(|doc| {
                let processed = pipeline.process(&doc);
                (doc, processed)
            })
            .collect()
    })
}

fn events(store: &dyn Store) -> Vec<Record> {
    let mut events = store
        .events(&EventFilter {
            include_tallies: true,
            ..Default::default()
        })
        .unwrap();
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events
}

/// The events of all documents stored at once and resolved from scratch.
fn full() -> &'static Vec<Record> {
    static FULL: OnceLock<Vec<Record>> = OnceLock::new();
    FULL.get_or_init(|| {
        let mut store = sitrep::open_in_memory().unwrap();
        for (doc, p) in processed() {
            sitrep::ingest::write(store.as_mut(), doc, p).unwrap();
        }
        sitrep::resolve_stored(store.as_mut()).unwrap();
        events(store.as_ref())
    })
}

#[test]
fn the_test_set_has_events_that_merge_across_documents() {
    assert!(processed().len() > 40, "{}", processed().len());
    let merged = full().iter().filter(|e| e.doc_ids.len() > 1).count();
    assert!(merged >= 5, "{merged} events from several documents");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_order_and_batching_gives_the_full_result(
        order in Just(()).prop_perturb(|_, mut rng| {
            let mut order: Vec<usize> = (0..processed().len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            order
        }),
        cuts in proptest::collection::vec(1usize..12, 1..12),
    ) {
        let docs = processed();
        let mut store = sitrep::open_in_memory().unwrap();
        let mut at = 0;
        let mut cut = cuts.iter().cycle();
        while at < order.len() {
            let end = (at + cut.next().unwrap()).min(order.len());
            let mut stored = Vec::new();
            for &i in &order[at..end] {
                let (doc, p) = &docs[i];
                sitrep::ingest::write(store.as_mut(), doc, p).unwrap();
                stored.push(doc.id.clone());
            }
            sitrep::resolve_documents(store.as_mut(), &stored).unwrap();
            at = end;
        }
        let got = events(store.as_ref());
        // Name the events that differ rather than print them all.
        let differing: Vec<&str> = got
            .iter()
            .filter(|e| !full().contains(e))
            .chain(full().iter().filter(|e| !got.contains(e)))
            .map(|e| e.id.as_str())
            .collect();
        prop_assert!(differing.is_empty(), "events differ: {:?}", differing);
        // And a full resolution afterwards finds nothing to change.
        let again = sitrep::resolve_stored(store.as_mut()).unwrap();
        prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
    }
}
