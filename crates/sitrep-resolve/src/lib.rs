//! The `resolve` stage: reports into events.
//!
//! Many sentences, in one page and across pages, describe the same attack.
//! [`resolve`] groups reports into events and merges their fields, keeping
//! every figure with its claimant (the claims ledger) and every evidence
//! sentence.
//!
//! A report joins an event when nothing contradicts it and something links
//! it:
//!
//! * **Nothing contradicts it** with any report of the event: compatible
//!   sub-event type, dates that overlap within a day (time zones), attackers
//!   of the same side, the same person targeted; and its place agrees with
//!   every precise place of the event (a base, a town), or, if it is only a
//!   country or region, with at least one.
//! * **Something links it** to one report of the event: the same named site
//!   (a town only with dates on both sides), the same person targeted, the
//!   same day (or a week around it) with the same kind of attack, attacker,
//!   place, or area with a death toll; within one document, two of
//!   {attacker, kind, place, toll, overlapping dates, closeness} or the same
//!   claim repeated.
//!
//! A figure with nothing else (no date, place, attacker or kind) joins the
//! event its document told just before it. Tallies ("more than 180 attacks
//! since …") are never merged: each stays its own record with `tally: true`.
//!
//! The result depends only on the set of reports: they are sorted by
//! (document id, offset) before grouping, a last pass joins country-level
//! events that formed before the report bridging them, and an event's id is
//! derived from its smallest report id.

pub mod dedup;
pub mod eval;
pub mod parts;

use std::collections::{BTreeSet, HashMap};

use sitrep_core::{
    Actor, ActorKind, ActorRole, DatePrecision, Evidence, Figure, FigureKind, Location,
    LocationPrecision, Qualifier, Record, RecordKind, Status, Toll,
};

/// Reports of one document this close (in characters) are likely about the
/// same thing; closeness counts as one agreement, never a link on its own.
const NEAR_CHARS: usize = 2500;

/// How far back a lone figure may look for the event it belongs to.
const ORPHAN_CHARS: usize = 5000;

/// How far apart two points may be and still be one place.
const SAME_PLACE_KM: f64 = 25.0;

/// What two linked reports must share for [`linked`] to hold, as lookup
/// keys: a report is only compared with clusters that share one of its keys,
/// which keeps resolution near-linear in the number of reports.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Doc(String),
    /// A site, all its reports.
    Site(String),
    /// A site in a month: dated reports look only at their own months, so
    /// a much-attacked base does not make every report compare with all of
    /// its history.
    SiteMonth(String, i32, u32),
    /// A site, for its reports with no usable date.
    SiteUndated(String),
    /// A site in a year: dated reports, for those dated only to a year.
    SiteYear(String, i32),
    /// A site in a year, for its reports dated only to that year.
    SiteYearOnly(String, i32),
    Person(String),
    /// A day and a sub-event type: the same day with the same kind of
    /// attack links two reports.
    DayType(chrono::NaiveDate, String),
    /// A day and an attacker's kb id.
    DayAttacker(chrono::NaiveDate, String),
    /// A day and a map cell (see [`cells`]): the same day at places near
    /// each other.
    DayCell(chrono::NaiveDate, i32, i32),
    /// A day and a first-level division (country, folded name).
    DayArea(chrono::NaiveDate, String, String),
}

/// How far apart two places linked by distance can be: at least
/// [`SAME_PLACE_KM`] and the geo stage's town radius, with room to spare.
const CELL_RADIUS_KM: f64 = 33.0;

/// Height of a band of map cells, in degrees of latitude (55 km, more than
/// [`CELL_RADIUS_KM`]).
const BAND_DEG: f64 = 0.5;

const KM_PER_DEGREE: f64 = 111.32;

/// Cells per band: each at least [`CELL_RADIUS_KM`] wide at the band's
/// poleward edge, so near the poles cells get wider in degrees.
fn cells_in_band(band: i32) -> i32 {
    let edge = (f64::from(band).abs().max(f64::from(band + 1).abs()) * BAND_DEG).min(89.9);
    let width_deg = CELL_RADIUS_KM / (KM_PER_DEGREE * edge.to_radians().cos());
    (360.0 / width_deg).floor().max(1.0) as i32
}

fn cell_of(lat: f64, lon: f64) -> (i32, i32) {
    let band = (lat.clamp(-90.0, 89.999) / BAND_DEG).floor() as i32;
    let n = cells_in_band(band);
    let x = ((lon + 180.0).rem_euclid(360.0) / 360.0 * f64::from(n)).floor() as i32;
    (band, x.min(n - 1))
}

/// The map cell of a point (`widen` false), or every cell holding a point
/// within [`CELL_RADIUS_KM`] of it (`widen` true): rows at the point's
/// latitude and one radius either side, each sampled along the longitude
/// more finely than its cells are wide.
fn cells(lat: f64, lon: f64, widen: bool) -> Vec<(i32, i32)> {
    if !widen {
        return vec![cell_of(lat, lon)];
    }
    let dlat = CELL_RADIUS_KM / KM_PER_DEGREE;
    let poleward = (lat.abs() + dlat).min(89.9);
    let dlon = (CELL_RADIUS_KM / (KM_PER_DEGREE * poleward.to_radians().cos())).min(180.0);
    let mut out = Vec::new();
    for row in [lat - dlat, lat, lat + dlat] {
        let row = row.clamp(-90.0, 89.999);
        let step = 360.0 / f64::from(cells_in_band((row / BAND_DEG).floor() as i32));
        let samples = (2.0 * dlon / step).ceil() as i32 + 1;
        for i in 0..=samples {
            let x = lon - dlon + 2.0 * dlon * f64::from(i) / f64::from(samples);
            out.push(cell_of(row, x));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The identity of a named place: its kb row or its GeoNames entry.
fn site_id(l: &Location) -> Option<String> {
    if !l.is_known() || l.precision > LocationPrecision::Town {
        return None;
    }
    l.kb_id
        .clone()
        .or_else(|| l.geonameid.map(|g| format!("gn:{g}")))
}

/// The months a known date of month precision or better spans (at most 3).
fn months(r: &Record) -> Vec<(i32, u32)> {
    use chrono::Datelike;
    match (r.date.start, r.date.end) {
        (Some(start), Some(end)) if r.date.precision <= DatePrecision::Month => {
            let mut out = Vec::new();
            let (mut y, mut m) = (start.year(), start.month());
            while (y, m) <= (end.year(), end.month()) && out.len() < 3 {
                out.push((y, m));
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The years a known date spans (at most 3).
fn years(r: &Record) -> Vec<i32> {
    use chrono::Datelike;
    match (r.date.start, r.date.end) {
        (Some(start), Some(end)) => (start.year()..=end.year()).take(3).collect(),
        _ => Vec::new(),
    }
}

/// The keys of a report at a named site (see `linked`: a facility links
/// on its own, a town only with dates on both sides, and compatible dates
/// overlap within a day).
///
/// * A facility files every report under the site, and its undated ones
///   also as undated; an undated report looks up the whole site, a dated
///   one the undated.
/// * Dated reports meet by month (a day of slack can cross into the next
///   or previous month), and by year when one side's date is only a year.
///   A town's undated reports meet nothing through the site: they cannot
///   link by it, and a much-reported town would make each of them meet all
///   its history.
fn site_keys(r: &Record, site: &str, widen: bool, keys: &mut Vec<Key>) {
    let site = site.to_owned();
    let months = months(r);
    let years = years(r);
    if r.location.precision == LocationPrecision::Facility {
        match (widen, r.date.is_known()) {
            (false, false) => {
                keys.push(Key::Site(site.clone()));
                keys.push(Key::SiteUndated(site.clone()));
            }
            (false, true) => keys.push(Key::Site(site.clone())),
            (true, false) => keys.push(Key::Site(site.clone())),
            (true, true) => keys.push(Key::SiteUndated(site.clone())),
        }
    }
    for &(y, m) in &months {
        if widen {
            let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            keys.push(Key::SiteMonth(site.clone(), py, pm));
            keys.push(Key::SiteMonth(site.clone(), ny, nm));
        }
        keys.push(Key::SiteMonth(site.clone(), y, m));
    }
    // Year-only dates: filed as such under their years, looking up every
    // dated report of those years; the finer dated look them up.
    let year_only = months.is_empty() && !years.is_empty();
    for &y in &years {
        match (widen, year_only) {
            (false, true) => {
                keys.push(Key::SiteYear(site.clone(), y));
                keys.push(Key::SiteYearOnly(site.clone(), y));
            }
            (false, false) => keys.push(Key::SiteYear(site.clone(), y)),
            (true, true) => keys.extend((y - 1..=y + 1).map(|y| Key::SiteYear(site.clone(), y))),
            (true, false) => {
                keys.extend((y - 1..=y + 1).map(|y| Key::SiteYearOnly(site.clone(), y)))
            }
        }
    }
}

/// The keys a report is filed under (`widen` false) or looks up (`widen`
/// true: the days either side, since dates may differ by a day).
fn keys(r: &Record, widen: bool) -> Vec<Key> {
    let mut keys = vec![Key::Doc(r.doc_id.clone())];
    if let Some(site) = site_id(&r.location) {
        site_keys(r, &site, widen, &mut keys);
    }
    keys.extend(person_targets(r).into_iter().map(Key::Person));
    if r.date.precision <= DatePrecision::Week
        && let (Some(start), Some(end)) = (r.date.start, r.date.end)
    {
        // What a same-day link needs besides the day (see `linked`): the
        // kind, an attacker, a place near by, or the same division.
        let attackers: Vec<String> = r.attackers().filter_map(|a| a.kb_id.clone()).collect();
        let l = &r.location;
        let placed = l.is_known() && l.precision <= LocationPrecision::Admin1;
        let near = match (placed, l.lat, l.lon) {
            (true, Some(lat), Some(lon)) => cells(lat, lon, widen),
            _ => Vec::new(),
        };
        let area = match (placed, &l.country, &l.admin1) {
            (true, Some(country), Some(admin1)) => {
                Some((country.clone(), sitrep_geo::admin1_core(admin1)))
            }
            _ => None,
        };
        let slack = chrono::Duration::days(i64::from(widen));
        let mut day = start - slack;
        while day <= end + slack {
            if let Some(kind) = &r.sub_event_type {
                keys.push(Key::DayType(day, kind.clone()));
            }
            keys.extend(attackers.iter().map(|a| Key::DayAttacker(day, a.clone())));
            keys.extend(near.iter().map(|&(y, x)| Key::DayCell(day, y, x)));
            if let Some((country, admin1)) = &area {
                keys.push(Key::DayArea(day, country.clone(), admin1.clone()));
            }
            day += chrono::Duration::days(1);
        }
    }
    keys
}

/// Groups `reports` into events.
pub fn resolve(reports: &[Record]) -> Vec<Record> {
    let mut sorted: Vec<&Record> = reports
        .iter()
        .filter(|r| r.record == RecordKind::Report)
        .collect();
    sorted.sort_by(|a, b| {
        (a.doc_id.as_str(), first_offset(a), a.id.as_str()).cmp(&(
            b.doc_id.as_str(),
            first_offset(b),
            b.id.as_str(),
        ))
    });
    let mut clusters: Vec<Vec<&Record>> = Vec::new();
    let mut index: HashMap<Key, Vec<usize>> = HashMap::new();
    for report in sorted {
        let lookup_keys = keys(report, true);
        let chosen = if report.tally {
            None
        } else {
            let mut candidates: Vec<usize> = if is_orphan(report) {
                index
                    .get(&Key::Doc(report.doc_id.clone()))
                    .cloned()
                    .unwrap_or_default()
            } else {
                lookup_keys
                    .iter()
                    .filter_map(|k| index.get(k))
                    .flatten()
                    .copied()
                    .collect()
            };
            candidates.sort_unstable();
            candidates.dedup();
            candidates.retain(|&c| !clusters[c][0].tally && fits(&clusters[c], report));
            if is_orphan(report) {
                closest_before(&clusters, &candidates, report)
            } else {
                candidates
                    .into_iter()
                    .find(|&c| clusters[c].iter().any(|m| linked(m, report)))
            }
        };
        let cluster = match chosen {
            Some(c) => {
                clusters[c].push(report);
                c
            }
            None => {
                clusters.push(vec![report]);
                clusters.len() - 1
            }
        };
        for key in keys(report, false) {
            let slot = index.entry(key).or_default();
            if slot.last() != Some(&cluster) {
                slot.push(cluster);
            }
        }
    }
    merge_late_links(&mut clusters, &index);
    // Figures never tied to any event are kept as reports, not as events.
    let mut events: Vec<Record> = clusters
        .iter()
        .filter(|c| !c.iter().all(|r| is_orphan(r)))
        .map(|c| merge(c))
        .collect();
    events.sort_by(|a, b| {
        (a.date.start.is_none(), a.date.start, &a.id).cmp(&(
            b.date.start.is_none(),
            b.date.start,
            &b.id,
        ))
    });
    events
}

/// One more pass: a cluster formed before the report that bridges it to an
/// earlier one (a country-level mention seen before the base that sits in
/// it) joins that earlier cluster when all its reports fit there and one is
/// linked. Keeps the result independent of which report came first.
fn merge_late_links(clusters: &mut Vec<Vec<&Record>>, index: &HashMap<Key, Vec<usize>>) {
    let mut target: Vec<usize> = (0..clusters.len()).collect();
    for j in 0..clusters.len() {
        // Only clusters placed no finer than a country can have been formed
        // too early; the others were compared with everything they could join.
        let coarse = clusters[j]
            .iter()
            .all(|r| r.location.precision >= LocationPrecision::Country);
        if clusters[j].is_empty() || clusters[j][0].tally || !coarse {
            continue;
        }
        let mut earlier: Vec<usize> = clusters[j]
            .iter()
            .flat_map(|r| keys(r, true))
            .filter_map(|k| index.get(&k))
            .flatten()
            .map(|&i| target[i])
            .filter(|&i| i < j && !clusters[i].is_empty() && !clusters[i][0].tally)
            .collect();
        earlier.sort_unstable();
        earlier.dedup();
        let into = earlier.into_iter().find(|&i| {
            clusters[j].iter().all(|r| fits(&clusters[i], r))
                && clusters[j]
                    .iter()
                    .any(|r| clusters[i].iter().any(|m| linked(m, r)))
        });
        if let Some(i) = into {
            let moved = std::mem::take(&mut clusters[j]);
            clusters[i].extend(moved);
            target[j] = i;
        }
    }
    clusters.retain(|c| !c.is_empty());
}

/// A figure with no date, place, attacker or kind of its own belongs to the
/// event the text was just telling (about the same side, when it names the
/// victims): the candidate with the closest report before it.
fn closest_before(
    clusters: &[Vec<&Record>],
    candidates: &[usize],
    report: &Record,
) -> Option<usize> {
    let victims = target_countries(report);
    candidates
        .iter()
        .filter(|&&c| {
            victims.is_empty()
                || clusters[c]
                    .iter()
                    .any(|m| !target_countries(m).is_disjoint(&victims))
        })
        .filter_map(|&c| {
            let closest = clusters[c]
                .iter()
                .filter(|m| m.doc_id == report.doc_id && first_offset(m) <= first_offset(report))
                .map(|m| first_offset(m))
                .max()?;
            (first_offset(report) - closest <= ORPHAN_CHARS).then_some((closest, c))
        })
        .max_by_key(|(closest, c)| (*closest, std::cmp::Reverse(*c)))
        .map(|(_, c)| c)
}

/// A figure that says nothing about when, where, who attacked or how.
fn is_orphan(r: &Record) -> bool {
    !r.tally
        && !r.figures.is_empty()
        && !r.date.is_known()
        && !r.location.is_known()
        && r.attackers().next().is_none()
        && r.sub_event_type.is_none()
        && person_targets(r).is_empty()
}

fn target_countries(r: &Record) -> BTreeSet<String> {
    r.targets().filter_map(|t| t.country.clone()).collect()
}

fn first_offset(r: &Record) -> usize {
    r.evidence.first().map(|e| e.start).unwrap_or(0)
}

/// Nothing in the two reports contradicts their being one event, the place
/// aside (see [`fits`]).
fn compatible(a: &Record, b: &Record) -> bool {
    if a.sub_event_type.is_some()
        && b.sub_event_type.is_some()
        && a.sub_event_type != b.sub_event_type
    {
        return false;
    }
    // A day either way: outlets in other time zones date one night attack
    // on two days.
    let slack = chrono::Duration::days(1);
    if let (Some(a1), Some(a2), Some(b1), Some(b2)) =
        (a.date.start, a.date.end, b.date.start, b.date.end)
        && (a2 + slack < b1 || b2 + slack < a1)
    {
        return false;
    }
    let sides = |r: &Record| {
        r.attackers()
            .filter_map(|x| x.country.clone())
            .collect::<BTreeSet<_>>()
    };
    let (sa, sb) = (sides(a), sides(b));
    if !sa.is_empty() && !sb.is_empty() && sa.is_disjoint(&sb) {
        return false;
    }
    let (pa, pb) = (person_targets(a), person_targets(b));
    pa.is_empty() || pb.is_empty() || !pa.is_disjoint(&pb)
}

/// `report` fits a cluster when it contradicts none of its reports and its
/// place agrees with at least one placed report: outlets place one attack at
/// the base, the camp next to it and the country, and a cluster must not be
/// held hostage by its least precise or least accurate member.
fn fits(cluster: &[&Record], report: &Record) -> bool {
    if !cluster.iter().all(|m| compatible(m, report)) {
        return false;
    }
    if !report.location.is_known() {
        return true;
    }
    // A precise place (a base, a town) must agree with every precise place
    // of the cluster (Erbil is not Al Asad); a country or a region with at
    // least one ("Jordan" fits a cluster placed at Tower 22 and at the camp
    // across the border).
    let precise = |l: &Location| l.is_known() && l.precision <= LocationPrecision::Town;
    let agrees =
        |m: &&&Record| sitrep_geo::compatible(&m.location, &report.location, SAME_PLACE_KM);
    let mut precise_members = cluster.iter().filter(|m| precise(&m.location)).peekable();
    if precise_members.peek().is_none() {
        let mut placed = cluster.iter().filter(|m| m.location.is_known()).peekable();
        return placed.peek().is_none() || placed.any(|m| agrees(&m));
    }
    if precise(&report.location) {
        precise_members.all(|m| agrees(&m))
    } else {
        precise_members.any(|m| agrees(&m))
    }
}

fn person_targets(r: &Record) -> BTreeSet<String> {
    r.targets()
        .filter(|t| t.kind == ActorKind::Person)
        .filter_map(|t| t.kb_id.clone())
        .collect()
}

fn linked(a: &Record, b: &Record) -> bool {
    // A named site links on its own; a town sees many attacks, so only with
    // dates on both sides (compatible ones: checked before).
    let same_site = site_id(&a.location).is_some()
        && site_id(&a.location) == site_id(&b.location)
        && (a.location.precision == LocationPrecision::Facility
            || (a.location.precision <= LocationPrecision::Town
                && a.date.is_known()
                && b.date.is_known()));
    if same_site || !person_targets(a).is_disjoint(&person_targets(b)) {
        return true;
    }
    let same_type = a.sub_event_type.is_some() && a.sub_event_type == b.sub_event_type;
    let same_attacker = {
        let ids = |r: &Record| {
            r.attackers()
                .filter_map(|x| x.kb_id.clone())
                .collect::<BTreeSet<_>>()
        };
        let (x, y) = (ids(a), ids(b));
        !x.is_empty() && !x.is_disjoint(&y)
    };
    // Within a day of each other, at day or week precision ("said on
    // Sunday" bounds an attack to the week before).
    let same_day = a.date.precision <= DatePrecision::Week
        && b.date.precision <= DatePrecision::Week
        && (a.date.precision == DatePrecision::Day || b.date.precision == DatePrecision::Day)
        && match (a.date.start, a.date.end, b.date.start, b.date.end) {
            (Some(a1), Some(a2), Some(b1), Some(b2)) => {
                let slack = chrono::Duration::days(1);
                a1 <= b2 + slack && b1 <= a2 + slack
            }
            _ => false,
        };
    // The same day at the same place (a base and its town, two towns of one
    // city): one attack, however differently the outlets name the place.
    let same_place = a.location.is_known()
        && b.location.is_known()
        && a.location.precision <= LocationPrecision::Town
        && b.location.precision <= LocationPrecision::Town
        && sitrep_geo::compatible(&a.location, &b.location, SAME_PLACE_KM);
    // The same day, a town and the province around it, and a death toll:
    // "a concert hall in Krasnogorsk" and "… in the Moscow region".
    let killed = |r: &Record| {
        r.figures
            .iter()
            .any(|f| f.kind == sitrep_core::FigureKind::Killed)
    };
    let same_area = a.location.is_known()
        && b.location.is_known()
        && a.location.precision.max(b.location.precision) <= LocationPrecision::Admin1
        && (sitrep_geo::contains(&a.location, &b.location)
            || sitrep_geo::contains(&b.location, &a.location));
    if same_day
        && (same_type || same_attacker || same_place || (same_area && (killed(a) || killed(b))))
    {
        return true;
    }
    if a.doc_id == b.doc_id {
        if same_claim(a, b) {
            return true;
        }
        let same_place = a.location.kb_id.is_some() && a.location.kb_id == b.location.kb_id;
        let overlapping_dates = a.date.is_known() && b.date.is_known();
        let near = first_offset(a).abs_diff(first_offset(b)) <= NEAR_CHARS;
        let killed = |r: &Record| {
            r.figures
                .iter()
                .filter(|f| f.kind == sitrep_core::FigureKind::Killed)
                .map(|f| (f.low, f.high))
                .collect::<BTreeSet<_>>()
        };
        let same_toll = !killed(a).is_empty() && !killed(a).is_disjoint(&killed(b));
        let same_victims = !target_countries(a).is_disjoint(&target_countries(b));
        let agreements = [
            same_type,
            same_attacker,
            same_place,
            same_toll,
            overlapping_dates,
            near,
            same_victims,
        ]
        .iter()
        .filter(|x| **x)
        .count();
        return agreements >= 2;
    }
    false
}

/// The same figure from the same claimant, repeated in one document: the
/// text is retelling one event ("state TV claimed at least 80 …").
fn same_claim(a: &Record, b: &Record) -> bool {
    a.figures.iter().any(|f| {
        f.claimant.is_some()
            && f.qualifier != sitrep_core::Qualifier::Unknown
            && b.figures.iter().any(|g| {
                g.kind == f.kind && g.low == f.low && g.high == f.high && g.claimant == f.claimant
            })
    })
}

fn merge(members: &[&Record]) -> Record {
    let report_ids: Vec<String> = members
        .iter()
        .map(|r| r.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let doc_ids: Vec<String> = members
        .iter()
        .map(|r| r.doc_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let id = sitrep_core::content_id("e_", &[report_ids[0].as_bytes()]);
    let typed = members.iter().find(|r| r.sub_event_type.is_some());
    let date = members
        .iter()
        .filter(|r| r.date.is_known())
        .min_by_key(|r| {
            (
                r.date.precision,
                r.date.end.zip(r.date.start).map(|(e, s)| e - s),
            )
        })
        .map(|r| r.date.clone())
        .unwrap_or_else(sitrep_core::DateInfo::unknown);
    let location = members
        .iter()
        .map(|r| &r.location)
        .filter(|l| l.is_known())
        .min_by_key(|l| l.precision)
        .cloned()
        .unwrap_or_else(Location::unknown);
    let mut actors: Vec<Actor> = Vec::new();
    for actor in members.iter().flat_map(|r| r.actors.iter()) {
        if !actors
            .iter()
            .any(|a| a.role == actor.role && a.kb_id == actor.kb_id && a.name == actor.name)
        {
            actors.push(actor.clone());
        }
    }
    // A state's forces say more than the state: keep "United States Armed
    // Forces" and drop "United States" in the same role.
    let specific: Vec<(ActorRole, Option<String>)> = actors
        .iter()
        .filter(|a| a.kind != ActorKind::State)
        .map(|a| (a.role, a.country.clone()))
        .collect();
    actors.retain(|a| {
        a.kind != ActorKind::State
            || a.country.is_none()
            || !specific.contains(&(a.role, a.country.clone()))
    });
    actors.sort_by_key(|a| match a.role {
        ActorRole::Attacker => 0,
        ActorRole::Target => 1,
        ActorRole::Other => 2,
    });
    let mut weapons: Vec<String> = Vec::new();
    for w in members.iter().flat_map(|r| r.weapons.iter()) {
        if !weapons.contains(w) {
            weapons.push(w.clone());
        }
    }
    let mut figures: Vec<Figure> = Vec::new();
    for f in members.iter().flat_map(|r| r.figures.iter()) {
        if !figures.contains(f) {
            figures.push(f.clone());
        }
    }
    let mut evidence: Vec<Evidence> = members
        .iter()
        .flat_map(|r| r.evidence.iter().cloned())
        .collect();
    evidence.sort_by(|a, b| (&a.doc_id, a.start).cmp(&(&b.doc_id, b.start)));
    evidence.dedup();
    let ledger = ledger(&figures);
    let status = if members.iter().any(|r| r.status == Status::Reported) {
        Status::Reported
    } else {
        members[0].status
    };
    Record {
        id,
        record: RecordKind::Event,
        doc_id: doc_ids[0].clone(),
        doc_ids,
        report_ids,
        event_type: typed.and_then(|r| r.event_type.clone()),
        sub_event_type: typed.and_then(|r| r.sub_event_type.clone()),
        status,
        date,
        location,
        actors,
        weapons,
        figures,
        evidence,
        tally: members[0].tally,
        ledger,
    }
}

/// The claims ledger: per figure kind, the range of what was stated, who
/// stated it, and whether the statements disagree.
pub fn ledger(figures: &[Figure]) -> Vec<Toll> {
    let mut kinds: Vec<FigureKind> = figures.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| {
            let of_kind: Vec<&Figure> = figures.iter().filter(|f| f.kind == kind).collect();
            let low = of_kind.iter().filter_map(|f| f.low).min();
            let high = if of_kind.iter().any(|f| f.high.is_none()) {
                None
            } else {
                of_kind.iter().filter_map(|f| f.high).max()
            };
            let mut claimants: Vec<String> = Vec::new();
            for c in of_kind.iter().filter_map(|f| f.claimant.clone()) {
                if !claimants.contains(&c) {
                    claimants.push(c);
                }
            }
            // Two stated figures disagree when their ranges do not overlap;
            // a vague "dozens" disputes nothing.
            let stated: Vec<&&Figure> = of_kind
                .iter()
                .filter(|f| f.qualifier != Qualifier::Unknown)
                .collect();
            let disputed = stated.iter().enumerate().any(|(i, a)| {
                stated[i + 1..].iter().any(|b| {
                    let (a_low, a_high) = (a.low.unwrap_or(0), a.high.unwrap_or(u64::MAX));
                    let (b_low, b_high) = (b.low.unwrap_or(0), b.high.unwrap_or(u64::MAX));
                    a_high < b_low || b_high < a_low
                })
            });
            Toll {
                kind,
                low,
                high,
                claims: of_kind.len(),
                claimants,
                disputed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{DateInfo, Stance};

    fn report(id: &str, doc: &str, offset: usize) -> Record {
        Record {
            id: id.into(),
            record: RecordKind::Report,
            doc_id: doc.into(),
            doc_ids: vec![doc.into()],
            report_ids: vec![],
            event_type: Some("Explosions/Remote violence".into()),
            sub_event_type: Some("Shelling/artillery/missile attack".into()),
            status: Status::Reported,
            date: DateInfo::unknown(),
            location: Location::unknown(),
            actors: vec![],
            weapons: vec!["ballistic missile".into()],
            figures: vec![],
            evidence: vec![Evidence {
                doc_id: doc.into(),
                start: offset,
                end: offset + 10,
                text: "x".into(),
            }],
            tally: false,
            ledger: Vec::new(),
        }
    }

    fn on(mut r: Record, day: &str) -> Record {
        let d = day.parse().unwrap();
        r.date = DateInfo {
            start: Some(d),
            end: Some(d),
            precision: DatePrecision::Day,
            text: None,
        };
        r
    }

    fn at(mut r: Record, kb_id: &str, lat: f64) -> Record {
        r.location = Location {
            name: Some(kb_id.into()),
            country: Some("IQ".into()),
            admin1: Some(kb_id.into()),
            lat: Some(lat),
            lon: Some(42.0),
            precision: LocationPrecision::Facility,
            text: None,
            kb_id: Some(kb_id.into()),
            ..Location::unknown()
        };
        r
    }

    #[test]
    fn same_site_same_day_merges_across_documents_and_keeps_all_claims() {
        let mut a = at(on(report("r_1", "d_a", 0), "2020-01-08"), "al_asad", 33.8);
        a.figures.push(Figure {
            kind: FigureKind::Killed,
            low: Some(80),
            high: None,
            qualifier: Qualifier::AtLeast,
            subject: None,
            claimant: Some("Iranian state TV".into()),
            stance: Stance::Claim,
            evidence: a.evidence[0].clone(),
        });
        let mut b = at(report("r_2", "d_b", 0), "al_asad", 33.8);
        b.figures.push(Figure {
            kind: FigureKind::Killed,
            low: Some(0),
            high: Some(0),
            qualifier: Qualifier::Exact,
            subject: None,
            claimant: Some("US officials".into()),
            stance: Stance::Denial,
            evidence: b.evidence[0].clone(),
        });
        let events = resolve(&[a, b]);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].doc_ids, vec!["d_a", "d_b"]);
        assert_eq!(events[0].figures.len(), 2);
        assert_eq!(events[0].date.start, Some("2020-01-08".parse().unwrap()));
    }

    #[test]
    fn ledger_ranges_claimants_and_disputes() {
        let ev = report("r_1", "d_a", 0).evidence[0].clone();
        let figure = |kind, low, high, qualifier, claimant: Option<&str>| Figure {
            kind,
            low,
            high,
            qualifier,
            subject: None,
            claimant: claimant.map(String::from),
            stance: Stance::Report,
            evidence: ev.clone(),
        };
        let tolls = ledger(&[
            figure(
                FigureKind::Killed,
                Some(80),
                None,
                Qualifier::AtLeast,
                Some("Iranian state TV"),
            ),
            figure(
                FigureKind::Killed,
                Some(0),
                Some(0),
                Qualifier::Exact,
                Some("Pentagon"),
            ),
            figure(
                FigureKind::Injured,
                Some(100),
                None,
                Qualifier::MoreThan,
                None,
            ),
            figure(
                FigureKind::Injured,
                Some(110),
                Some(110),
                Qualifier::Exact,
                Some("Pentagon"),
            ),
            figure(
                FigureKind::Missiles,
                Some(15),
                Some(15),
                Qualifier::Exact,
                None,
            ),
            figure(
                FigureKind::Missiles,
                Some(24),
                Some(99),
                Qualifier::Unknown,
                None,
            ),
        ]);
        let killed = &tolls[0];
        assert_eq!(killed.kind, FigureKind::Killed);
        assert_eq!((killed.low, killed.high, killed.claims), (Some(0), None, 2));
        assert_eq!(killed.claimants, vec!["Iranian state TV", "Pentagon"]);
        assert!(killed.disputed);
        let injured = &tolls[1];
        assert!(!injured.disputed, "110 is more than 100: no conflict");
        let missiles = &tolls[2];
        assert!(!missiles.disputed, "a vague figure disputes nothing");
        assert_eq!((missiles.low, missiles.high), (Some(15), Some(99)));
    }

    #[test]
    fn two_strikes_on_one_base_on_different_days_stay_apart() {
        let a = at(on(report("r_1", "d_a", 0), "2020-01-08"), "al_asad", 33.8);
        let b = at(on(report("r_2", "d_b", 0), "2024-01-20"), "al_asad", 33.8);
        assert_eq!(resolve(&[a, b]).len(), 2);
    }

    #[test]
    fn unlinked_reports_stay_apart_and_tallies_never_merge() {
        let a = report("r_1", "d_a", 0);
        let b = report("r_2", "d_b", 0);
        assert_eq!(resolve(&[a.clone(), b]).len(), 2);
        let mut t1 = a.clone();
        t1.tally = true;
        let mut t2 = a;
        t2.id = "r_3".into();
        t2.tally = true;
        assert_eq!(resolve(&[t1, t2]).len(), 2);
    }

    #[test]
    fn order_does_not_change_events() {
        let a = at(on(report("r_1", "d_a", 0), "2020-01-08"), "al_asad", 33.8);
        let b = at(report("r_2", "d_b", 5), "al_asad", 33.8);
        let c = at(on(report("r_3", "d_c", 0), "2020-01-08"), "erbil", 36.2);
        let one = resolve(&[a.clone(), b.clone(), c.clone()]);
        let two = resolve(&[c, b, a]);
        assert_eq!(one, two);
        assert_eq!(one.len(), 2);
    }
}
