//! Resolving the connected parts one at a time gives exactly the events of
//! resolving everything at once (`sitrep_resolve::parts`): the property a
//! store relies on to resolve only what a new document touches.

use chrono::NaiveDate;
use proptest::prelude::*;
use sitrep_core::{
    Actor, ActorKind, ActorRole, DateInfo, DatePrecision, Evidence, Figure, FigureKind, Location,
    LocationPrecision, Qualifier, Record, RecordKind, Stance, Status,
};
use sitrep_resolve::parts::{KeySet, components, connected, key_set, meet};

/// Each of the two looks up a key the other is filed under: whichever comes
/// first, resolution finds it from the other.
fn find_each_other(a: &KeySet, b: &KeySet) -> bool {
    let finds = |x: &KeySet, y: &KeySet| x.lookup.iter().any(|k| y.filed.contains(k));
    finds(a, b) && finds(b, a)
}

/// Places close together, far apart, nested, and unknown.
fn place(n: u8) -> Location {
    let town = |name: &str, geonameid: u32, lat: f64, lon: f64, admin1: &str| Location {
        name: Some(name.into()),
        country: Some("IQ".into()),
        admin1: Some(admin1.into()),
        lat: Some(lat),
        lon: Some(lon),
        precision: LocationPrecision::Town,
        geonameid: Some(geonameid),
        ..Location::unknown()
    };
    match n % 8 {
        0 => town("Ramadi", 1, 33.42, 43.30, "Anbar"),
        // 14 km from Ramadi, but across a governorate line.
        7 => town("Border post", 4, 33.45, 43.45, "Baghdad"),
        1 => town("Khalidiya", 2, 33.40, 43.40, "Anbar"),
        2 => town("Mosul", 3, 36.34, 43.13, "Nineveh"),
        3 => Location {
            name: Some("Al Asad".into()),
            country: Some("IQ".into()),
            admin1: Some("Anbar".into()),
            lat: Some(33.79),
            lon: Some(42.44),
            precision: LocationPrecision::Facility,
            kb_id: Some("fac_al_asad".into()),
            ..Location::unknown()
        },
        4 => Location {
            name: Some("Iraq".into()),
            country: Some("IQ".into()),
            precision: LocationPrecision::Country,
            ..Location::unknown()
        },
        5 => Location {
            name: Some("Anbar".into()),
            country: Some("IQ".into()),
            admin1: Some("Anbar".into()),
            precision: LocationPrecision::Admin1,
            ..Location::unknown()
        },
        _ => Location::unknown(),
    }
}

fn date(n: u8) -> DateInfo {
    let day = |d: u32| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
    match n % 9 {
        0..=4 => DateInfo {
            start: Some(day(1 + u32::from(n % 5) * 2)),
            end: Some(day(1 + u32::from(n % 5) * 2)),
            precision: DatePrecision::Day,
            text: None,
        },
        5 => DateInfo {
            start: Some(day(2)),
            end: Some(day(8)),
            precision: DatePrecision::Week,
            text: None,
        },
        6 => DateInfo {
            start: Some(day(1)),
            end: Some(day(31)),
            precision: DatePrecision::Month,
            text: None,
        },
        _ => DateInfo::unknown(),
    }
}

const TYPES: &[Option<&str>] = &[
    Some("Air/drone strike"),
    Some("Shelling/artillery/missile attack"),
    Some("Armed clash"),
    None,
];

fn attacker(n: u8) -> Option<Actor> {
    let actor = |name: &str, id: &str, country: &str| Actor {
        name: name.into(),
        role: ActorRole::Attacker,
        kind: ActorKind::ArmedGroup,
        country: Some(country.into()),
        kb_id: Some(id.into()),
    };
    match n % 4 {
        0 => Some(actor("Islamic State", "isis", "IQ")),
        1 => Some(actor("Kata'ib Hezbollah", "kh", "IQ")),
        2 => Some(actor("United States", "us", "US")),
        _ => None,
    }
}

/// One report from a tuple of small numbers.
fn report(i: usize, spec: (u8, u8, u8, u8, u8, u8, u8)) -> Record {
    let (doc, offset, where_, when, kind, who, toll) = spec;
    let doc_id = format!("d_{}", doc % 5);
    let evidence = Evidence {
        doc_id: doc_id.clone(),
        start: usize::from(offset) * 300,
        end: usize::from(offset) * 300 + 40,
        text: format!("sentence {i}"),
    };
    let sub = TYPES[usize::from(kind) % TYPES.len()];
    let mut figures = Vec::new();
    if toll % 3 == 0 {
        figures.push(Figure {
            kind: FigureKind::Killed,
            low: Some(u64::from(toll % 7)),
            high: Some(u64::from(toll % 7)),
            qualifier: Qualifier::Exact,
            subject: None,
            claimant: (toll % 2 == 0).then(|| "officials".into()),
            stance: Stance::Claim,
            evidence: evidence.clone(),
        });
    }
    let tally = toll == 250;
    Record {
        id: format!("r_{i:04}"),
        record: RecordKind::Report,
        doc_id: doc_id.clone(),
        doc_ids: vec![doc_id],
        report_ids: vec![],
        event_type: sub.map(|_| "Explosions/Remote violence".into()),
        sub_event_type: sub.map(String::from),
        status: Status::Reported,
        date: date(when),
        location: place(where_),
        actors: attacker(who).into_iter().collect(),
        weapons: vec![],
        figures,
        evidence: vec![evidence],
        tally,
        ledger: vec![],
    }
}

fn sorted(mut events: Vec<Record>) -> Vec<Record> {
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events
}

/// Every pair that could affect each other is inside one part.
fn parts_hold_every_meeting_pair(reports: &[Record], parts: &[Vec<usize>]) -> bool {
    let mut part_of = vec![0; reports.len()];
    for (p, members) in parts.iter().enumerate() {
        for &m in members {
            part_of[m] = p;
        }
    }
    let keys: Vec<_> = reports.iter().map(key_set).collect();
    (0..reports.len()).all(|i| {
        (0..reports.len()).all(|j| {
            !(meet(&keys[i], &keys[j]) && connected(&reports[i], &reports[j]))
                || part_of[i] == part_of[j]
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn resolving_parts_one_by_one_equals_resolving_all(
        specs in proptest::collection::vec(
            (0u8..5, 0u8..20, 0u8..8, 0u8..9, 0u8..4, 0u8..4, any::<u8>()),
            1..40,
        )
    ) {
        let reports: Vec<Record> = specs.into_iter().enumerate().map(|(i, s)| report(i, s)).collect();
        let whole = sorted(sitrep_resolve::resolve(&reports));
        let parts = components(&reports);
        prop_assert!(parts_hold_every_meeting_pair(&reports, &parts));
        let mut pieces = Vec::new();
        for part in &parts {
            let subset: Vec<Record> = part.iter().map(|&i| reports[i].clone()).collect();
            pieces.extend(sitrep_resolve::resolve(&subset));
        }
        prop_assert_eq!(whole, sorted(pieces));
    }
}

/// Where and how a generated report is placed.
struct Spot {
    lat: f64,
    lon: f64,
    precision: u8,
    area: u8,
}

/// A report at a point, on a day, of a kind, by an attacker, in a division.
fn at_point(i: usize, spot: Spot, day: u32, kind: u8, who: u8) -> Record {
    let Spot {
        lat,
        lon,
        precision,
        area,
    } = spot;
    let mut r = report(i, (i as u8, 0, 6, 0, kind, who, 1));
    r.doc_id = format!("d_{i}");
    r.evidence[0].doc_id = r.doc_id.clone();
    r.date = DateInfo {
        start: NaiveDate::from_ymd_opt(2024, 3, day),
        end: NaiveDate::from_ymd_opt(2024, 3, day),
        precision: DatePrecision::Day,
        text: None,
    };
    r.location = Location {
        name: Some(format!("place {i}")),
        country: Some(if area < 3 { "IQ" } else { "SY" }.into()),
        admin1: Some(
            ["Anbar", "Al Anbar Governorate", "Nineveh", "Homs"][usize::from(area % 4)].into(),
        ),
        lat: Some(lat),
        lon: Some(lon),
        precision: [
            LocationPrecision::Town,
            LocationPrecision::Admin2,
            LocationPrecision::Admin1,
        ][usize::from(precision % 3)],
        geonameid: Some(1000 + i as u32),
        ..Location::unknown()
    };
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Every pair of reports of two documents that can affect each other
    /// meets through a key, wherever on the globe, however close: the keys
    /// never hide a link that resolution would have followed.
    #[test]
    fn connected_reports_always_meet_through_a_key(
        lat in -85.0f64..85.0,
        lon in -180.0f64..180.0,
        dist_km in 0.0f64..45.0,
        bearing in 0.0f64..std::f64::consts::TAU,
        (p1, p2) in (0u8..3, 0u8..3),
        (d1, d2) in (1u32..6, 1u32..6),
        (k1, k2) in (0u8..4, 0u8..4),
        (w1, w2) in (0u8..4, 0u8..4),
        (a1, a2) in (0u8..4, 0u8..4),
    ) {
        let dlat = dist_km * bearing.cos() / 111.32;
        let dlon = dist_km * bearing.sin() / (111.32 * lat.to_radians().cos().max(0.01));
        let mut lon2 = lon + dlon;
        if lon2 > 180.0 { lon2 -= 360.0; }
        if lon2 < -180.0 { lon2 += 360.0; }
        let a = at_point(1, Spot { lat, lon, precision: p1, area: a1 }, d1, k1, w1);
        let b = at_point(
            2,
            Spot { lat: (lat + dlat).clamp(-89.9, 89.9), lon: lon2, precision: p2, area: a2 },
            d2,
            k2,
            w2,
        );
        if connected(&a, &b) {
            prop_assert!(find_each_other(&key_set(&a), &key_set(&b)), "{:?} / {:?}", key_set(&a), key_set(&b));
        }
    }
}

/// A report at one of two named sites (a base, a town), dated at some
/// precision or not at all.
fn at_site(i: usize, site: u8, when: u8, span: u8, kind: u8) -> Record {
    let mut r = report(i, (i as u8, 0, 6, 8, kind, 3, 1));
    r.doc_id = format!("d_{i}");
    r.evidence[0].doc_id = r.doc_id.clone();
    r.location = place(if site.is_multiple_of(2) { 3 } else { 0 });
    let day = |d: u32| {
        NaiveDate::from_ymd_opt(2023, 12, 1).unwrap() + chrono::Duration::days(i64::from(d))
    };
    let start = day(u32::from(span) * 13);
    let (end, precision) = match when % 5 {
        0 => (start, DatePrecision::Day),
        1 => (start + chrono::Duration::days(6), DatePrecision::Week),
        2 => (start + chrono::Duration::days(30), DatePrecision::Month),
        3 => (start + chrono::Duration::days(364), DatePrecision::Year),
        _ => {
            r.date = DateInfo::unknown();
            return r;
        }
    };
    r.date = DateInfo {
        start: Some(start),
        end: Some(end),
        precision,
        text: None,
    };
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Reports at one site, dated at any precision or not at all, meet
    /// through a key whenever they can affect each other.
    #[test]
    fn connected_reports_at_a_site_meet_through_a_key(
        (s1, s2) in (0u8..2, 0u8..2),
        (w1, w2) in (0u8..5, 0u8..5),
        (n1, n2) in (0u8..40, 0u8..40),
        (k1, k2) in (0u8..4, 0u8..4),
    ) {
        let a = at_site(1, s1, w1, n1, k1);
        let b = at_site(2, s2, w2, n2, k2);
        if connected(&a, &b) {
            prop_assert!(find_each_other(&key_set(&a), &key_set(&b)), "{:?} / {:?}", key_set(&a), key_set(&b));
        }
    }
}
