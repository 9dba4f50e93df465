//! Relative phrases: "near Erbil", "50 km north of Baghdad", "western
//! Iraq" move the point and set the precision.

use sitrep_core::{Location, LocationPrecision};

use crate::resolve::round;

const DIRECTIONS: &[(&str, f64)] = &[
    ("north", 0.0),
    ("northeast", 45.0),
    ("north-east", 45.0),
    ("east", 90.0),
    ("southeast", 135.0),
    ("south-east", 135.0),
    ("south", 180.0),
    ("southwest", 225.0),
    ("south-west", 225.0),
    ("west", 270.0),
    ("northwest", 315.0),
    ("north-west", 315.0),
];

/// Adjusts a resolved place for the words just before it: "near Erbil" →
/// Erbil's point at `admin2`; "50 km north of Baghdad" → the offset point at
/// `admin2`; "western Iraq", "northern Anbar" → a `region` without
/// coordinates. `before` is the text before the place's words.
pub fn qualify(mut location: Location, before: &str) -> Location {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(5)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let name = location.name.clone().unwrap_or_default();
    // "western Iraq", "the north of Syria" (as "northern").
    let side = match w(0) {
        "northern" | "southern" | "eastern" | "western" | "central" | "northeastern"
        | "northwestern" | "southeastern" | "southwestern" => Some(w(0).to_string()),
        _ => None,
    };
    if let Some(side) = side
        && matches!(
            location.precision,
            LocationPrecision::Country | LocationPrecision::Admin1 | LocationPrecision::Region
        )
    {
        location.name = Some(format!("{side} {name}"));
        location.precision = LocationPrecision::Region;
        location.lat = None;
        location.lon = None;
        location.geonameid = None;
        return location;
    }
    // "50 km north of Baghdad", "30 kilometers (19 miles) west of Mosul".
    if w(0) == "of"
        && let Some(&(_, bearing)) = DIRECTIONS.iter().find(|(d, _)| *d == w(1))
        && let (Some(lat), Some(lon)) = (location.lat, location.lon)
    {
        let unit = w(2);
        let km_per = match unit {
            "km" | "kilometers" | "kilometres" | "kms" => Some(1.0),
            "miles" | "mile" | "mi" => Some(1.609),
            _ => None,
        };
        let distance = km_per.and_then(|k| {
            w(3).replace(',', "")
                .parse::<f64>()
                .ok()
                .map(|n| n * k)
                .or_else(|| unit.strip_suffix("km").and_then(|n| n.parse().ok()))
        });
        let distance =
            distance.or_else(|| w(2).strip_suffix("km").and_then(|n| n.parse::<f64>().ok()));
        if let Some(d) = distance {
            let (la, lo) = destination(lat, lon, bearing, d);
            location.lat = Some(round(la));
            location.lon = Some(round(lo));
            location.name = Some(format!("{} {} of {name}", fmt_km(d), w(1)));
        } else {
            location.name = Some(format!("{} of {name}", w(1)));
        }
        location.precision = location.precision.max(LocationPrecision::Admin2);
        location.geonameid = None;
        return location;
    }
    // "near Erbil", "on the outskirts of Mosul", "close to Kharkiv".
    let near = w(0) == "near"
        || w(0) == "nearby"
        || (w(0) == "of" && w(1) == "outskirts")
        || (w(0) == "to" && w(1) == "close")
        || (w(0) == "of" && w(1) == "vicinity");
    // Near a facility is taken as at it: news says "near the airport" of a
    // strike on its access road.
    if near && location.precision == LocationPrecision::Town {
        location.name = Some(format!("near {name}"));
        location.precision = LocationPrecision::Admin2;
    }
    location
}

fn fmt_km(d: f64) -> String {
    format!("{} km", d.round())
}

/// The point `km` from (`lat`, `lon`) on compass `bearing` (degrees).
pub fn destination(lat: f64, lon: f64, bearing: f64, km: f64) -> (f64, f64) {
    let (p1, l1, b) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
    let d = km / 6371.0;
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
    let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    (p2.to_degrees(), l2.to_degrees())
}
