//! The conformance suite every [`Store`] implementation runs: what the
//! pipeline and the front ends rely on, checked through the trait alone.
//!
//! A store crate calls [`run_all`] from one of its tests with a function that
//! opens a fresh, empty store; each check gets its own. A failed check
//! panics with the check's name, like any test assertion.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use sitrep_core::{Actor, ActorKind, ActorRole, DateInfo, DatePrecision, Document, Record};

use crate::testutil::{self, insert};
use crate::{
    Bucket, ChangeKind, Counts, EventFilter, Fingerprint, GroupBy, InsertOutcome, NewDocument,
    ReportKeys, Resolver, Store,
};

/// Opens a fresh, empty store.
pub type Open<'a> = &'a mut dyn FnMut() -> Box<dyn Store>;

/// One named check.
type Check = (&'static str, fn(Open<'_>));

/// Every check, in order, each on a fresh store from `open`.
pub fn run_all(open: Open<'_>) {
    let checks: &[Check] = &[
        ("documents_read_back_as_given", documents_read_back_as_given),
        ("reinserting_changes_nothing", reinserting_changes_nothing),
        ("bad_documents_write_nothing", bad_documents_write_nothing),
        (
            "event_sets_are_replaced_whole",
            event_sets_are_replaced_whole,
        ),
        (
            "a_bad_event_set_keeps_the_old",
            a_bad_event_set_keeps_the_old,
        ),
        (
            "events_are_ordered_and_filtered",
            events_are_ordered_and_filtered,
        ),
        ("text_filters_fold_case", text_filters_fold_case),
        ("ids_and_unique_prefixes", ids_and_unique_prefixes),
        (
            "near_duplicates_link_to_the_smallest_id",
            near_duplicates_link_to_the_smallest_id,
        ),
        (
            "aggregates_agree_with_the_events",
            aggregates_agree_with_the_events,
        ),
        (
            "a_walk_stops_at_the_first_error",
            a_walk_stops_at_the_first_error,
        ),
        (
            "incremental_equals_full_resolution",
            incremental_equals_full_resolution,
        ),
        (
            "copies_leave_and_rejoin_events",
            copies_leave_and_rejoin_events,
        ),
        ("changes_are_logged_in_order", changes_are_logged_in_order),
    ];
    for (name, check) in checks {
        eprintln!("store suite: {name}");
        check(open);
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("suite date")
}

fn stored_doc(store: &mut dyn Store, body: &str, reports: usize) -> (Document, Vec<Record>) {
    let (doc, article) = testutil::document(body);
    let reports: Vec<Record> = (0..reports).map(|n| testutil::report(&doc, n)).collect();
    let outcome = insert(store, &doc, &article, &reports).expect("insert");
    assert_eq!(outcome, InsertOutcome::Inserted);
    (doc, reports)
}

fn sorted(mut records: Vec<Record>) -> Vec<Record> {
    records.sort_by(|a, b| a.id.cmp(&b.id));
    records
}

fn ids(store: &dyn Store, filter: EventFilter) -> Vec<String> {
    store
        .events(&filter)
        .expect("events")
        .into_iter()
        .map(|e| e.id)
        .collect()
}

fn documents_read_back_as_given(open: Open<'_>) {
    let mut store = open();
    assert!(store.schema_version().unwrap() > 0);
    let (doc, article) = testutil::document("body one");
    let reports: Vec<Record> = (0..3).map(|n| testutil::report(&doc, n)).collect();
    assert!(!store.has_document(&doc.id).unwrap());
    assert_eq!(
        insert(store.as_mut(), &doc, &article, &reports).unwrap(),
        InsertOutcome::Inserted
    );
    assert!(store.has_document(&doc.id).unwrap());
    assert_eq!(store.reports().unwrap(), sorted(reports.clone()));
    assert_eq!(
        store.reports_for_resolution().unwrap(),
        sorted(reports.clone())
    );
    assert_eq!(
        store.report(&reports[1].id).unwrap().as_ref(),
        Some(&reports[1])
    );
    assert_eq!(store.report("r_missing").unwrap(), None);

    let stored = store.document(&doc.id).unwrap().unwrap();
    assert_eq!(stored.id, doc.id);
    assert_eq!(stored.source, doc.source);
    assert_eq!(stored.format, doc.format);
    // What clean settled on wins over the source's metadata.
    assert_eq!(stored.title, article.title);
    assert_eq!(stored.published, article.published);
    assert_eq!(stored.url, doc.url);
    assert_eq!(stored.text, article.text);
    assert_eq!(stored.duplicate_of, None);
    assert!(stored.ingested_at.ends_with('Z'), "{}", stored.ingested_at);
    assert_eq!(store.document("d_missing").unwrap(), None);
    assert_eq!(
        store.counts().unwrap(),
        Counts {
            documents: 1,
            reports: 3,
            events: 0,
            duplicates: 0
        }
    );

    // Without clean's metadata, the source's.
    let (doc, mut article) = testutil::document("body two");
    article.title = None;
    article.published = None;
    article.language = Some("fr".into());
    insert(store.as_mut(), &doc, &article, &[]).unwrap();
    let stored = store.document(&doc.id).unwrap().unwrap();
    assert_eq!(stored.title, doc.title);
    assert_eq!(stored.published, doc.published);
    assert_eq!(stored.language.as_deref(), Some("fr"));
}

fn reinserting_changes_nothing(open: Open<'_>) {
    let mut store = open();
    let (doc, reports) = stored_doc(store.as_mut(), "body one", 2);
    let (_, article) = testutil::document("body one");
    let before = (store.counts().unwrap(), store.reports().unwrap());
    let ingested_at = store.document(&doc.id).unwrap().unwrap().ingested_at;
    // Even with different reports: the stored document is final.
    let other = vec![testutil::report(&doc, 7)];
    assert_eq!(
        insert(store.as_mut(), &doc, &article, &other).unwrap(),
        InsertOutcome::AlreadyPresent
    );
    assert_eq!((store.counts().unwrap(), store.reports().unwrap()), before);
    assert_eq!(store.reports().unwrap(), sorted(reports));
    assert_eq!(
        store.document(&doc.id).unwrap().unwrap().ingested_at,
        ingested_at
    );
}

fn bad_documents_write_nothing(open: Open<'_>) {
    let mut store = open();
    let (doc, article) = testutil::document("body one");
    let report = testutil::report(&doc, 0);
    // The same report twice: the second insert fails inside the transaction.
    let err = insert(
        store.as_mut(),
        &doc,
        &article,
        &[report.clone(), report.clone()],
    );
    assert!(err.is_err(), "a report id given twice must fail");
    assert_eq!(store.counts().unwrap(), Counts::default());
    assert!(!store.has_document(&doc.id).unwrap());

    // A report of another document, an event, a mismatched article.
    let (other, other_article) = testutil::document("body two");
    let foreign = testutil::report(&other, 0);
    assert!(insert(store.as_mut(), &doc, &article, &[foreign]).is_err());
    let event = testutil::event("e_1", &[]);
    assert!(insert(store.as_mut(), &doc, &article, &[event]).is_err());
    let err = insert(store.as_mut(), &doc, &other_article, &[]).unwrap_err();
    assert!(err.to_string().starts_with(store.name()), "{err}");
    assert_eq!(store.counts().unwrap(), Counts::default());

    // A report id already taken by another document rolls the second back.
    insert(
        store.as_mut(),
        &doc,
        &article,
        std::slice::from_ref(&report),
    )
    .unwrap();
    let mut clash = testutil::report(&other, 0);
    clash.id = report.id.clone();
    assert!(insert(store.as_mut(), &other, &other_article, &[clash]).is_err());
    assert!(!store.has_document(&other.id).unwrap());
}

fn event_sets_are_replaced_whole(open: Open<'_>) {
    let mut store = open();
    let (_, reports) = stored_doc(store.as_mut(), "body one", 3);
    let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
    // A fresh database holds the empty set already.
    assert!(!store.replace_events(&[]).unwrap());
    let a = testutil::event("e_a", &ids[..2]);
    let b = testutil::event("e_b", &ids[2..]);
    assert!(store.replace_events(&[a.clone(), b.clone()]).unwrap());
    // Same set, any order: nothing written.
    assert!(!store.replace_events(&[b.clone(), a.clone()]).unwrap());
    assert_eq!(store.counts().unwrap().events, 2);
    let mut a2 = a.clone();
    a2.report_ids = vec![ids[0].to_owned()];
    assert!(store.replace_events(std::slice::from_ref(&a2)).unwrap());
    assert_eq!(store.events(&EventFilter::default()).unwrap(), vec![a2]);
    assert_eq!(store.counts().unwrap().events, 1);
    // Reports are untouched by event swaps.
    assert_eq!(store.reports().unwrap().len(), 3);
}

fn a_bad_event_set_keeps_the_old(open: Open<'_>) {
    let mut store = open();
    let (_, reports) = stored_doc(store.as_mut(), "body one", 1);
    let good = testutil::event("e_a", &[&reports[0].id]);
    store.replace_events(std::slice::from_ref(&good)).unwrap();
    let dangling = testutil::event("e_b", &["r_nowhere"]);
    let err = store.replace_events(&[good.clone(), dangling]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: event e_b names unknown report r_nowhere", store.name())
    );
    let err = store
        .replace_events(&[good.clone(), good.clone()])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: event id e_a given twice", store.name())
    );
    let report = testutil::report(
        &Document::new("x", sitrep_core::SourceFormat::Text, "x".into()),
        0,
    );
    assert!(
        store.replace_events(&[report]).is_err(),
        "a report is not an event"
    );
    assert_eq!(store.events(&EventFilter::default()).unwrap(), vec![good]);
}

/// Six events the filters and aggregates tell apart (see each comment).
fn fixture(open: Open<'_>) -> Box<dyn Store> {
    let mut store = open();
    let (_, reports) = stored_doc(store.as_mut(), "body one", 1);
    let r = reports[0].id.as_str();

    // 8 Jan 2020, Iraq, IRGC and Iran → US forces, missile attack.
    let e1 = testutil::event("e_1", &[r]);

    // January 2020, Syria, HTS, armed clash, no ledger dispute.
    let mut e2 = testutil::event("e_2", &[r]);
    e2.date = DateInfo {
        start: Some(day("2020-01-01")),
        end: Some(day("2020-01-31")),
        precision: DatePrecision::Month,
        text: Some("in January".into()),
    };
    e2.location.country = Some("SY".into());
    e2.location.precision = sitrep_core::LocationPrecision::Town;
    e2.event_type = Some("Battles".into());
    e2.sub_event_type = Some("Armed clash".into());
    e2.actors = vec![Actor {
        name: "Hay'at Tahrir al-Sham".into(),
        role: ActorRole::Attacker,
        kind: ActorKind::ArmedGroup,
        country: None,
        kb_id: Some("hts".into()),
    }];

    // Unknown date, Iraq, Kata'ib Hezbollah, air strike.
    let mut e3 = testutil::event("e_3", &[r]);
    e3.date = DateInfo::unknown();
    e3.sub_event_type = Some("Air/drone strike".into());
    e3.actors[0].name = "Kata'ib Hezbollah".into();
    e3.actors[0].kb_id = Some("kh".into());
    e3.actors.truncate(1);

    // A tally, Oct 2019 – 5 Jan 2020, Iraq.
    let mut e4 = testutil::event("e_4", &[r]);
    e4.tally = true;
    e4.date.start = Some(day("2019-10-01"));
    e4.date.end = Some(day("2020-01-05"));

    // 10 Feb 2020, no country, a non-ASCII actor name, no end date, no type.
    let mut e5 = testutil::event("e_5", &[r]);
    e5.date.start = Some(day("2020-02-10"));
    e5.date.end = None;
    e5.location = sitrep_core::Location::unknown();
    e5.event_type = Some("Protests".into());
    e5.sub_event_type = None;
    e5.actors[0].name = "ÉTAT-MAJOR DES ARMÉES".into();
    e5.actors[0].kb_id = None;
    e5.actors.truncate(1);

    // 31 Dec 2020 (ISO week 2020-W53), no attacker, a disputed ledger.
    let mut e6 = testutil::event("e_6", &[r]);
    e6.date.start = Some(day("2020-12-31"));
    e6.date.end = Some(day("2021-01-01"));
    e6.actors.retain(|a| a.role != ActorRole::Attacker);
    e6.ledger = vec![sitrep_core::Toll {
        kind: sitrep_core::FigureKind::Killed,
        low: Some(0),
        high: None,
        claims: 2,
        claimants: vec!["one side".into(), "the other".into()],
        disputed: true,
    }];

    assert!(store.replace_events(&[e6, e5, e4, e3, e2, e1]).unwrap());
    store
}

fn events_are_ordered_and_filtered(open: Open<'_>) {
    let store = fixture(open);
    let store = store.as_ref();
    assert_eq!(
        ids(store, EventFilter::default()),
        ["e_2", "e_1", "e_5", "e_6", "e_3"]
    );
    let all = EventFilter {
        include_tallies: true,
        ..Default::default()
    };
    assert_eq!(ids(store, all), ["e_4", "e_2", "e_1", "e_5", "e_6", "e_3"]);
    let range = |since: Option<&str>, until: Option<&str>, include_tallies| EventFilter {
        since: since.map(day),
        until: until.map(day),
        include_tallies,
        ..Default::default()
    };
    // e_1 ended on 8 Jan; January's e_2 still overlaps; e_3 has no date.
    assert_eq!(
        ids(store, range(Some("2020-01-10"), Some("2020-06-01"), false)),
        ["e_2", "e_5"]
    );
    assert_eq!(ids(store, range(None, Some("2020-01-05"), false)), ["e_2"]);
    assert_eq!(
        ids(store, range(None, Some("2020-01-05"), true)),
        ["e_4", "e_2"]
    );
    // A one-day window catches the day and the month around it.
    let day_window = range(Some("2020-01-08"), Some("2020-01-08"), true);
    assert_eq!(ids(store, day_window), ["e_2", "e_1"]);
    // An event without an end date lasts its start day.
    assert_eq!(
        ids(store, range(Some("2020-02-11"), Some("2020-06-01"), false)),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(store, range(Some("2020-02-10"), Some("2020-06-01"), false)),
        ["e_5"]
    );
    // A range ending on the first day of an event that runs into it.
    assert_eq!(ids(store, range(Some("2021-01-01"), None, false)), ["e_6"]);
}

fn text_filters_fold_case(open: Open<'_>) {
    let store = fixture(open);
    let store = store.as_ref();
    let country = |c: &str| EventFilter {
        country: Some(c.into()),
        ..Default::default()
    };
    assert_eq!(ids(store, country("iq")), ["e_1", "e_6", "e_3"]);
    assert_eq!(ids(store, country(" SY ")), ["e_2"]);
    assert_eq!(ids(store, country("I")), Vec::<String>::new());

    let actor = |a: &str| EventFilter {
        actor: Some(a.into()),
        ..Default::default()
    };
    assert_eq!(ids(store, actor("IRGC")), ["e_1"]); // kb id
    assert_eq!(ids(store, actor("revolutionary guard")), ["e_1"]);
    assert_eq!(ids(store, actor("HEZBOLLAH")), ["e_3"]);
    assert_eq!(ids(store, actor("united states")), ["e_1", "e_6"]); // a target
    // Beyond ASCII: a database's own ASCII lower() would miss É.
    assert_eq!(ids(store, actor("des armées")), ["e_5"]);
    assert_eq!(ids(store, actor("")), ["e_2", "e_1", "e_5", "e_6", "e_3"]);
    assert!(store.has_actor("kata'ib").unwrap());
    assert!(store.has_actor("KH").unwrap());
    assert!(!store.has_actor("nobody of that name").unwrap());

    let kind = |t: &str| EventFilter {
        event_type: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(ids(store, kind("air/drone")), ["e_3"]);
    assert_eq!(ids(store, kind("battles")), ["e_2"]);
    assert_eq!(ids(store, kind("EXPLOSIONS")), ["e_1", "e_6", "e_3"]);

    let combined = EventFilter {
        since: Some(day("2020-01-01")),
        until: Some(day("2020-06-30")),
        country: Some("iq".into()),
        event_type: Some("explosions".into()),
        include_tallies: true,
        ..Default::default()
    };
    assert_eq!(ids(store, combined), ["e_4", "e_1"]);
}

fn ids_and_unique_prefixes(open: Open<'_>) {
    let mut store = open();
    let (_, reports) = stored_doc(store.as_mut(), "body one", 1);
    let r = reports[0].id.as_str();
    let events: Vec<Record> = ["e_0a1b2c", "e_0a1b9f", "e_77aa00", "e_7"]
        .iter()
        .map(|id| testutil::event(id, &[r]))
        .collect();
    store.replace_events(&events).unwrap();
    let get = |id: &str| store.event(id).unwrap().map(|e| e.id);
    assert_eq!(get("e_0a1b2c").as_deref(), Some("e_0a1b2c"));
    assert_eq!(get("e_0a1b2").as_deref(), Some("e_0a1b2c"));
    assert_eq!(get("e_77").as_deref(), Some("e_77aa00"));
    // An exact id wins even when it prefixes others; short prefixes don't.
    assert_eq!(get("e_7").as_deref(), Some("e_7"));
    assert_eq!(get("e_"), None);
    assert_eq!(get("e_99"), None);
    let err = store.event("e_0a1b").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            r#"{}: id prefix "e_0a1b" matches more than one event; give more characters"#,
            store.name()
        )
    );
    assert_eq!(store.event("e_0a1b2c").unwrap().unwrap(), events[0]);
}

/// A stand-in copy rule: documents are copies when their signatures are
/// equal. The store must only keep the links the rule decides.
fn same_signature(signature: &[u8]) -> impl Fn(&[u8]) -> bool + Sync + '_ {
    move |other| other == signature
}

fn insert_fingerprinted(
    store: &mut dyn Store,
    body: &str,
    signature: &[u8],
    bands: &[i64],
) -> Document {
    let (doc, article) = testutil::document(body);
    let report = testutil::report(&doc, 0);
    let rule = same_signature(signature);
    let outcome = store
        .insert_document(&NewDocument {
            doc: &doc,
            article: &article,
            reports: std::slice::from_ref(&report),
            keys: &[],
            fingerprint: Some(Fingerprint {
                signature: signature.to_vec(),
                bands: bands.to_vec(),
                is_copy: &rule,
            }),
        })
        .unwrap();
    assert_eq!(outcome, InsertOutcome::Inserted);
    doc
}

fn near_duplicates_link_to_the_smallest_id(open: Open<'_>) {
    let bodies = [
        "story as first printed",
        "story, reprinted",
        "story, once more",
    ];
    let ids: Vec<String> = bodies.iter().map(|b| testutil::document(b).0.id).collect();
    let smallest = ids.iter().min().unwrap().clone();
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let mut store = open();
        for i in order {
            insert_fingerprinted(store.as_mut(), bodies[i], b"story A", &[11, 12]);
        }
        // Shares a band, but the rule says it is another story.
        let other = insert_fingerprinted(store.as_mut(), "another story", b"story B", &[11, 99]);
        for id in &ids {
            let expected = (id != &smallest).then(|| smallest.clone());
            let stored = store.document(id).unwrap().unwrap();
            assert_eq!(stored.duplicate_of, expected, "order {order:?}");
        }
        assert_eq!(
            store.document(&other.id).unwrap().unwrap().duplicate_of,
            None
        );
        assert_eq!(store.copies_of(&smallest).unwrap().len(), 2);
        assert_eq!(store.counts().unwrap().duplicates, 2);
        // Copies' reports are stored but do not count towards events.
        let counted: Vec<String> = store
            .reports_for_resolution()
            .unwrap()
            .into_iter()
            .map(|r| r.doc_id)
            .collect();
        let mut expected = vec![smallest.clone(), other.id.clone()];
        expected.sort();
        let mut counted_sorted = counted.clone();
        counted_sorted.sort();
        assert_eq!(counted_sorted, expected);
        assert_eq!(store.reports().unwrap().len(), 4);
    }
}

/// The ISO-week, month or day label of `date`, computed in memory.
fn bucket_label(date: NaiveDate, bucket: Bucket) -> String {
    match bucket {
        Bucket::Day => date.to_string(),
        Bucket::Week => {
            let week = date.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Bucket::Month => format!("{}-{:02}", date.year(), date.month()),
    }
}

fn aggregates_agree_with_the_events(open: Open<'_>) {
    let store = fixture(open);
    let store = store.as_ref();
    let all = store
        .events(&EventFilter {
            include_tallies: true,
            ..Default::default()
        })
        .unwrap();
    let events: Vec<&Record> = all.iter().filter(|r| !r.tally).collect();

    let stats = store.event_stats(&EventFilter::default()).unwrap();
    assert_eq!(stats.events, events.len() as u64);
    assert_eq!(stats.tallies, 1);
    assert_eq!(stats.disputed_events, 1);
    let tally_of = |key: &dyn Fn(&Record) -> String| {
        let mut map: BTreeMap<String, u64> = BTreeMap::new();
        for e in &events {
            *map.entry(key(e)).or_default() += 1;
        }
        map
    };
    let or_unknown = |s: Option<&String>| s.cloned().unwrap_or_else(|| "unknown".into());
    assert_eq!(
        stats.by_type,
        tally_of(&|e| or_unknown(e.sub_event_type.as_ref()))
    );
    assert_eq!(
        stats.by_country,
        tally_of(&|e| or_unknown(e.location.country.as_ref()))
    );
    assert_eq!(
        stats.by_date_precision,
        tally_of(&|e| crate::contract_str(&e.date.precision))
    );
    assert_eq!(
        stats.by_location_precision,
        tally_of(&|e| crate::contract_str(&e.location.precision))
    );
    let iraq = store
        .event_stats(&EventFilter {
            country: Some("IQ".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((iraq.events, iraq.tallies), (3, 1));

    for bucket in [Bucket::Day, Bucket::Week, Bucket::Month] {
        for group in [GroupBy::Type, GroupBy::Actor, GroupBy::Country] {
            let timeline = store
                .timeline(&EventFilter::default(), bucket, group)
                .unwrap();
            let mut expected: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
            for e in &events {
                let Some(start) = e.date.start else { continue };
                let groups: Vec<String> = match group {
                    GroupBy::Type => vec![or_unknown(e.sub_event_type.as_ref())],
                    GroupBy::Country => vec![or_unknown(e.location.country.as_ref())],
                    GroupBy::Actor => {
                        let names: Vec<String> = e.attackers().map(|a| a.name.clone()).collect();
                        if names.is_empty() {
                            vec!["unknown".into()]
                        } else {
                            names
                        }
                    }
                };
                let slot = expected.entry(bucket_label(start, bucket)).or_default();
                for g in groups {
                    *slot.entry(g).or_default() += 1;
                }
            }
            assert_eq!(timeline.counts, expected, "{bucket} by {group}");
            assert_eq!(timeline.undated, 1);
            assert_eq!(timeline.events, events.len() as u64);
            assert_eq!(
                (timeline.bucket.as_str(), timeline.group_by.as_str()),
                (bucket.as_str(), group.as_str())
            );
        }
    }
    let week = store
        .timeline(&EventFilter::default(), Bucket::Week, GroupBy::Type)
        .unwrap();
    assert!(
        week.counts.contains_key("2020-W53"),
        "{:?}",
        week.counts.keys()
    );
}

fn a_walk_stops_at_the_first_error(open: Open<'_>) {
    let store = fixture(open);
    let mut seen = 0;
    let err = store
        .for_each_event(&EventFilter::default(), &mut |_| {
            seen += 1;
            Err(crate::StoreError::Invalid {
                path: "walk".into(),
                reason: "stop".into(),
            })
        })
        .unwrap_err();
    assert_eq!(seen, 1);
    assert_eq!(err.to_string(), "walk: stop");
}

/// A stand-in resolution, simple enough to check by hand: reports group
/// when they are of one document or name the same place; keys are the
/// document and the place. The store's part-finding, writing and logging
/// are what is tested, not the grouping.
struct ByPlace;

fn place_key(r: &Record) -> Option<String> {
    r.location.name.as_ref().map(|n| format!("place:{n}"))
}

impl Resolver for ByPlace {
    fn keys(&self, r: &Record) -> ReportKeys {
        let keys: Vec<String> = std::iter::once(format!("doc:{}", r.doc_id))
            .chain(place_key(r))
            .collect();
        ReportKeys {
            filed: keys.clone(),
            lookup: keys,
        }
    }

    fn connected(&self, a: &Record, b: &Record) -> bool {
        a.doc_id == b.doc_id || (place_key(a).is_some() && place_key(a) == place_key(b))
    }

    fn resolve(&self, reports: &[Record]) -> Vec<Record> {
        // Union-find over `connected`, one event per group.
        let mut group: Vec<usize> = (0..reports.len()).collect();
        fn root(g: &mut [usize], mut i: usize) -> usize {
            while g[i] != i {
                i = g[i];
            }
            i
        }
        for i in 0..reports.len() {
            for j in 0..i {
                if self.connected(&reports[i], &reports[j]) {
                    let (a, b) = (root(&mut group, i), root(&mut group, j));
                    group[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<&Record>> = BTreeMap::new();
        for (i, r) in reports.iter().enumerate() {
            let g = root(&mut group, i);
            groups.entry(g).or_default().push(r);
        }
        groups
            .into_values()
            .map(|members| {
                let mut ids: Vec<&str> = members.iter().map(|r| r.id.as_str()).collect();
                ids.sort();
                let mut docs: Vec<&str> = members.iter().map(|r| r.doc_id.as_str()).collect();
                docs.sort();
                docs.dedup();
                let mut event = testutil::record(
                    sitrep_core::RecordKind::Event,
                    &format!("e_{}", ids[0]),
                    &docs,
                    &ids,
                );
                event.location = members[0].location.clone();
                event
            })
            .collect()
    }
}

/// A document of `n` reports, each placed at one of `places`.
fn placed_doc(body: &str, places: &[&str]) -> (Document, sitrep_core::Article, Vec<Record>) {
    let (doc, article) = testutil::document(body);
    let reports = places
        .iter()
        .enumerate()
        .map(|(n, place)| {
            let mut r = testutil::report(&doc, n);
            r.location.name = Some((*place).to_string());
            r
        })
        .collect();
    (doc, article, reports)
}

/// Stores a placed document with its keys (and a fingerprint, if given).
fn store_with(
    store: &mut dyn Store,
    body: &str,
    places: &[&str],
    fingerprint: Option<Fingerprint<'_>>,
) -> String {
    let (doc, article, reports) = placed_doc(body, places);
    let keys: Vec<ReportKeys> = reports.iter().map(|r| ByPlace.keys(r)).collect();
    store
        .insert_document(&NewDocument {
            doc: &doc,
            article: &article,
            reports: &reports,
            keys: &keys,
            fingerprint,
        })
        .unwrap();
    doc.id
}

fn store_placed(store: &mut dyn Store, body: &str, places: &[&str]) -> String {
    store_with(store, body, places, None)
}

fn all_events(store: &dyn Store) -> Vec<Record> {
    sorted(
        store
            .events(&EventFilter {
                include_tallies: true,
                ..Default::default()
            })
            .unwrap(),
    )
}

fn incremental_equals_full_resolution(open: Open<'_>) {
    let docs: [(&str, &[&str]); 5] = [
        ("one", &["Mosul"]),
        ("two", &["Aleppo", "Homs"]),
        ("three", &["Mosul", "Kirkuk"]),
        ("four", &["Homs"]),
        ("five", &["Basra"]),
    ];
    let mut store = open();
    let mut resolved = 0;
    for (body, places) in docs {
        let id = store_placed(store.as_mut(), body, places);
        let r = store.resolve_documents(&[id], &ByPlace).unwrap();
        resolved += r.reports;
        assert_eq!(r.events, store.counts().unwrap().events);
    }
    let incremental = all_events(store.as_ref());
    // Mosul joins one and three; Aleppo, Homs and four join two.
    assert_eq!(incremental.len(), 3, "{incremental:?}");
    // A touch of one document resolves its part, not the whole store.
    assert!(resolved < 5 * 7, "{resolved}");
    let full = store.resolve_all(&ByPlace).unwrap();
    assert!(full.changes.is_empty(), "{:?}", full.changes);
    assert_eq!(all_events(store.as_ref()), incremental);
    // Nothing new, nothing to do.
    let none = store.resolve_documents(&[], &ByPlace).unwrap();
    assert_eq!((none.reports, none.changes.len()), (0, 0));
}

fn copies_leave_and_rejoin_events(open: Open<'_>) {
    let mut store = open();
    let rule = |other: &[u8]| other == b"same story";
    let add = |store: &mut dyn Store, body: &str, place: &str| {
        let fingerprint = Fingerprint {
            signature: b"same story".to_vec(),
            bands: vec![1],
            is_copy: &rule,
        };
        let id = store_with(store, body, &[place], Some(fingerprint));
        store
            .resolve_documents(std::slice::from_ref(&id), &ByPlace)
            .unwrap();
        id
    };
    // Two copies of one story, placed differently: only the canonical one
    // (smallest id) counts, whichever came first.
    let a = add(store.as_mut(), "copy a", "Mosul");
    let b = add(store.as_mut(), "copy b", "Erbil");
    let canonical = a.clone().min(b.clone());
    let events = all_events(store.as_ref());
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].doc_ids, vec![canonical]);
    let full = store.resolve_all(&ByPlace).unwrap();
    assert!(full.changes.is_empty(), "{:?}", full.changes);
}

fn changes_are_logged_in_order(open: Open<'_>) {
    let mut store = open();
    let first = store_placed(store.as_mut(), "one", &["Mosul"]);
    let created = store.resolve_documents(&[first], &ByPlace).unwrap();
    assert_eq!(created.changes.len(), 1);
    assert_eq!(created.changes[0].kind, ChangeKind::Created);
    // A second report of the same place: the event gains a source.
    let second = store_placed(store.as_mut(), "two", &["Mosul", "Aleppo"]);
    let updated = store.resolve_documents(&[second], &ByPlace).unwrap();
    let kinds: Vec<ChangeKind> = updated.changes.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&ChangeKind::Updated), "{kinds:?}");
    let log = store.changes(0, 100).unwrap();
    assert_eq!(log.len(), 1 + updated.changes.len());
    assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(log[0], created.changes[0]);
    let later = store.changes(log[0].seq, 100).unwrap();
    assert_eq!(later, log[1..]);
    assert_eq!(store.changes(log[0].seq, 1).unwrap().len(), 1);
    // The id that vanished points to the one it became.
    let update = log.iter().find(|c| c.kind == ChangeKind::Updated).unwrap();
    assert_eq!(update.before.len(), 1);
    assert_eq!(update.after.len(), 1);
    assert!(store.event(&update.after[0]).unwrap().is_some());
}
