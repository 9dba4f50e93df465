//! Resolution splits into independent parts, which is what lets a store
//! resolve only what a new document touches.
//!
//! [`resolve`](crate::resolve) only ever lets two reports affect each other
//! when they meet through a lookup key and [`connected`] holds: they come
//! from one document, or nothing contradicts them (type, dates, sides,
//! person), one links to the other, and, when both are placed at a site or
//! a town, their places agree. A report joins the first fitting cluster it
//! is linked to, so clusters it cannot join never change its choice, and
//! every cluster is connected by such pairs. So the events of the
//! connected parts ([`components`]) resolved one at a time are exactly the
//! events of all reports resolved at once: cluster order inside a part is
//! the order it has in the whole, since all sort by (document, offset).
//! `tests/parts.rs` checks this on generated report sets.

use std::collections::HashMap;

use sitrep_core::{LocationPrecision, Record};

use crate::{Key, SAME_PLACE_KM, compatible, keys, linked};

/// The lookup keys of a report as strings, for a store to index: the keys
/// it is filed under and the keys it looks up. Two reports can affect each
/// other only when one looks up a key the other is filed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    /// Keys the report is filed under.
    pub filed: Vec<String>,
    /// Keys the report looks up (dates widened by a day).
    pub lookup: Vec<String>,
}

fn encode(key: &Key) -> String {
    match key {
        Key::Doc(d) => format!("doc:{d}"),
        Key::Site(s) => format!("site:{s}"),
        Key::SiteMonth(s, y, m) => format!("site:{s}:{y:04}-{m:02}"),
        Key::SiteUndated(s) => format!("site:{s}:undated"),
        Key::SiteYear(s, y) => format!("site:{s}:{y:04}"),
        Key::SiteYearOnly(s, y) => format!("site:{s}:{y:04}:year-only"),
        Key::Person(p) => format!("person:{p}"),
        Key::DayType(d, t) => format!("day:{d}:type:{t}"),
        Key::DayAttacker(d, a) => format!("day:{d}:attacker:{a}"),
        Key::DayCell(d, y, x) => format!("day:{d}:cell:{y}:{x}"),
        Key::DayArea(d, c, a) => format!("day:{d}:area:{c}:{a}"),
    }
}

/// The keys of `report`, deduplicated and sorted.
pub fn key_set(report: &Record) -> KeySet {
    let strings = |widen| {
        let mut out: Vec<String> = keys(report, widen).iter().map(encode).collect();
        out.sort();
        out.dedup();
        out
    };
    KeySet {
        filed: strings(false),
        lookup: strings(true),
    }
}

/// Whether resolution may let `a` and `b` affect each other's grouping,
/// given that they meet through a key (see the module doc).
pub fn connected(a: &Record, b: &Record) -> bool {
    if a.doc_id == b.doc_id {
        return true;
    }
    if !compatible(a, b) || !(linked(a, b) || linked(b, a)) {
        return false;
    }
    let precise =
        |r: &Record| r.location.is_known() && r.location.precision <= LocationPrecision::Town;
    if precise(a) && precise(b) {
        return sitrep_geo::compatible(&a.location, &b.location, SAME_PLACE_KM);
    }
    true
}

/// Whether `a` looks up a key `b` is filed under, or the other way round.
pub fn meet(a: &KeySet, b: &KeySet) -> bool {
    let shares =
        |lookup: &[String], filed: &[String]| lookup.iter().any(|k| filed.binary_search(k).is_ok());
    shares(&a.lookup, &b.filed) || shares(&b.lookup, &a.filed)
}

/// The connected parts of `reports`, as index lists in input order.
pub fn components(reports: &[Record]) -> Vec<Vec<usize>> {
    let sets: Vec<KeySet> = reports.iter().map(key_set).collect();
    let mut filed: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for key in &set.filed {
            filed.entry(key).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..reports.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, set) in sets.iter().enumerate() {
        for key in &set.lookup {
            for &j in filed.get(key.as_str()).into_iter().flatten() {
                if i != j && connected(&reports[i], &reports[j]) {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..reports.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort();
    out
}
