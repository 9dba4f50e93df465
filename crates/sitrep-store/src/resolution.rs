//! What every store does the same way when it resolves events: find the
//! part of the stored reports a change touches, and tell old events from
//! new ones as a change log.
//!
//! The grouping itself is the pipeline's ([`Resolver`]); a store supplies
//! the reads (reports that meet a report through a key, reports of the
//! events a report is in) and the writes, inside one transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use sitrep_core::Record;

use crate::StoreError;

/// The lookup keys of one report, for the store to index: the keys it is
/// filed under and the keys it looks up. Two reports can only affect each
/// other's grouping when one looks up a key the other is filed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportKeys {
    /// Keys the report is filed under.
    pub filed: Vec<String>,
    /// Keys the report looks up.
    pub lookup: Vec<String>,
}

/// The pipeline's resolution, as a store needs it.
pub trait Resolver: Sync {
    /// The keys of a report.
    fn keys(&self, report: &Record) -> ReportKeys;
    /// Whether two reports that meet through a key can affect each other's
    /// grouping. Resolving the parts this relation connects one at a time
    /// must give exactly the events of resolving everything at once.
    fn connected(&self, a: &Record, b: &Record) -> bool;
    /// The events of a set of reports.
    fn resolve(&self, reports: &[Record]) -> Vec<Record>;
}

/// What happened to events in one resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new event, from reports that were in no event before.
    Created,
    /// An event changed: a new source, a new claim, a changed field; its id
    /// may have changed too (`before` and `after` say).
    Updated,
    /// Several events became one (`before` → `after`).
    Merged,
    /// One event became several.
    Split,
    /// An event is gone, its reports in no event now (a document found to
    /// be a copy, a report no longer counted).
    Withdrawn,
}

impl ChangeKind {
    /// The name used in the log and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Updated => "updated",
            ChangeKind::Merged => "merged",
            ChangeKind::Split => "split",
            ChangeKind::Withdrawn => "withdrawn",
        }
    }

    /// The kind named `name`, if any.
    pub fn parse(name: &str) -> Option<ChangeKind> {
        [
            ChangeKind::Created,
            ChangeKind::Updated,
            ChangeKind::Merged,
            ChangeKind::Split,
            ChangeKind::Withdrawn,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Monotonic sequence number (0 before it is logged).
    pub seq: u64,
    /// When it was logged, RFC 3339 UTC.
    pub at: String,
    /// What happened.
    pub kind: ChangeKind,
    /// Event ids before (empty for `created`).
    pub before: Vec<String>,
    /// Event ids after (empty for `withdrawn`).
    pub after: Vec<String>,
    /// Top-level record fields that differ (`updated`): `figures`,
    /// `doc_ids`, `location`, …
    pub fields: Vec<String>,
}

/// What one resolution did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Reports that were resolved again.
    pub reports: usize,
    /// The changes, as logged.
    pub changes: Vec<Change>,
    /// Events (tallies included) in the database afterwards.
    pub events: u64,
}

/// The reads [`closure`] needs of a store, inside its transaction.
pub trait StoredReports {
    /// Ids of the stored reports that meet `report` through a key.
    fn meeting(&mut self, report: &Record) -> Result<Vec<String>, StoreError>;
    /// Ids of the reports of the events holding any of the reports `ids`.
    fn mates(&mut self, ids: &[String]) -> Result<Vec<String>, StoreError>;
    /// The reports `ids` that count towards events (not a copy's).
    fn load(&mut self, ids: &[String]) -> Result<Vec<Record>, StoreError>;
}

/// The reports the change touches: starting from `seeds`, every stored
/// report connected to one already found (through a key, by `resolver`),
/// and every report of an event one of them is in, until nothing new comes.
pub fn closure(
    seeds: Vec<Record>,
    resolver: &dyn Resolver,
    stored: &mut dyn StoredReports,
) -> Result<Vec<Record>, StoreError> {
    let mut found: BTreeMap<String, Record> = BTreeMap::new();
    // Ids looked at already, found or not: each is loaded at most once.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut frontier: Vec<Record> = Vec::new();
    for seed in seeds {
        if seen.insert(seed.id.clone()) {
            found.insert(seed.id.clone(), seed.clone());
            frontier.push(seed);
        }
    }
    let mut mates_asked: BTreeSet<String> = BTreeSet::new();
    loop {
        while let Some(report) = frontier.pop() {
            let new: Vec<String> = stored
                .meeting(&report)?
                .into_iter()
                .filter(|id| !seen.contains(id))
                .collect();
            for other in stored.load(&new)? {
                if resolver.connected(&report, &other) {
                    seen.insert(other.id.clone());
                    found.insert(other.id.clone(), other.clone());
                    frontier.push(other);
                }
            }
        }
        let ask: Vec<String> = found
            .keys()
            .filter(|id| !mates_asked.contains(*id))
            .cloned()
            .collect();
        if ask.is_empty() {
            break;
        }
        mates_asked.extend(ask.iter().cloned());
        let new: Vec<String> = stored
            .mates(&ask)?
            .into_iter()
            .filter(|id| !found.contains_key(id))
            .collect();
        for mate in stored.load(&new)? {
            seen.insert(mate.id.clone());
            found.insert(mate.id.clone(), mate.clone());
            frontier.push(mate);
        }
        if frontier.is_empty() {
            break;
        }
    }
    Ok(found.into_values().collect())
}

/// The top-level fields in which two records differ.
fn changed_fields(old: &Record, new: &Record) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return vec!["record".into()];
    };
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// The changes from the events `old` to the events `new` of the same
/// reports. Events are matched through their reports: an old event whose
/// reports all went to one new event was updated (or merged with others
/// into it); one whose reports went to several was split; one whose reports
/// are in no new event was withdrawn. A new event with none of the old
/// events' reports was created. Unchanged events make no entry.
pub fn diff(old: &[Record], new: &[Record]) -> Vec<Change> {
    let old_by_id: HashMap<&str, &Record> = old.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by_id: HashMap<&str, &Record> = new.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut event_of_report: HashMap<&str, &str> = HashMap::new();
    for event in new {
        for r in &event.report_ids {
            event_of_report.insert(r, &event.id);
        }
    }
    // Old event → the new events its reports went to.
    let mut went: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for event in old {
        let targets: BTreeSet<&str> = event
            .report_ids
            .iter()
            .filter_map(|r| event_of_report.get(r.as_str()).copied())
            .collect();
        went.insert(&event.id, targets);
    }
    // New event → the old events that went into it.
    let mut came: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, targets) in &went {
        for to in targets {
            came.entry(to).or_default().insert(from);
        }
    }
    let change = |kind, before: Vec<&str>, after: Vec<&str>, fields| Change {
        seq: 0,
        at: String::new(),
        kind,
        before: before.into_iter().map(String::from).collect(),
        after: after.into_iter().map(String::from).collect(),
        fields,
    };
    let mut out = Vec::new();
    for (from, targets) in &went {
        match targets.len() {
            0 => out.push(change(ChangeKind::Withdrawn, vec![from], vec![], vec![])),
            1 => {
                let to = *targets.iter().next().expect("one target");
                let sources = &came[to];
                if sources.len() > 1 {
                    // Logged once, by the smallest of the merged ids.
                    if sources.iter().next() == Some(from) {
                        out.push(change(
                            ChangeKind::Merged,
                            sources.iter().copied().collect(),
                            vec![to],
                            vec![],
                        ));
                    }
                    continue;
                }
                let fields = changed_fields(old_by_id[from], new_by_id[to]);
                if !fields.is_empty() {
                    out.push(change(ChangeKind::Updated, vec![from], vec![to], fields));
                }
            }
            _ => out.push(change(
                ChangeKind::Split,
                vec![from],
                targets.iter().copied().collect(),
                vec![],
            )),
        }
    }
    for event in new {
        if !came.contains_key(event.id.as_str()) {
            out.push(change(ChangeKind::Created, vec![], vec![&event.id], vec![]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil;

    fn event(id: &str, reports: &[&str]) -> Record {
        testutil::event(id, reports)
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Vec<String>, Vec<String>)> {
        let mut out: Vec<_> = changes
            .iter()
            .map(|c| (c.kind, c.before.clone(), c.after.clone()))
            .collect();
        out.sort();
        out
    }

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn old_and_new_events_become_a_change_log() {
        let a = event("e_a", &["r_1", "r_2"]);
        let b = event("e_b", &["r_3"]);
        let c = event("e_c", &["r_4", "r_5"]);
        let d = event("e_d", &["r_6"]);
        let mut a2 = a.clone();
        a2.figures.pop();
        let merged = event("e_m", &["r_3", "r_4", "r_5"]);
        let split1 = event("e_s1", &["r_6"]);
        let created = event("e_n", &["r_9"]);
        let old = [a.clone(), b, c, d.clone()];
        let mut split_d = d.clone();
        split_d.report_ids = ids(&["r_6", "r_7"]);
        let old_with_split = [split_d];
        let new = [a2, merged, created];
        assert_eq!(
            kinds(&diff(&old, &new)),
            vec![
                (ChangeKind::Created, vec![], ids(&["e_n"])),
                (ChangeKind::Updated, ids(&["e_a"]), ids(&["e_a"])),
                (ChangeKind::Merged, ids(&["e_b", "e_c"]), ids(&["e_m"])),
                (ChangeKind::Withdrawn, ids(&["e_d"]), vec![]),
            ]
        );
        let fields = &diff(&old, &new)
            .into_iter()
            .find(|c| c.kind == ChangeKind::Updated)
            .unwrap()
            .fields;
        assert_eq!(fields, &ids(&["figures"]));
        let split2 = event("e_s2", &["r_7"]);
        assert_eq!(
            kinds(&diff(&old_with_split, &[split1, split2])),
            vec![(ChangeKind::Split, ids(&["e_d"]), ids(&["e_s1", "e_s2"]))]
        );
        // Nothing changed, nothing logged; a new id for the same event is an update.
        assert!(diff(std::slice::from_ref(&a), std::slice::from_ref(&a)).is_empty());
        let mut renamed = a.clone();
        renamed.id = "e_a2".into();
        assert_eq!(
            kinds(&diff(&[a], &[renamed])),
            vec![(ChangeKind::Updated, ids(&["e_a"]), ids(&["e_a2"]))]
        );
    }
}
