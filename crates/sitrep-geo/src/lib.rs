//! The `geo` stage: place and facility mentions into a [`Location`] with an
//! honest precision.
//!
//! Today it resolves knowledge-base facilities and places (`kb/facilities.csv`,
//! `kb/places.csv`); the embedded GeoNames gazetteer deepens it later behind
//! the same [`Geocoder::locate`] call.
//!
//! Coordinates are given only where they mean something: a facility or a town
//! is a point, a province is given its centre with precision `admin1`, but a
//! mention of only a country or a region ("a small outpost in Jordan",
//! "western Iraq") keeps `lat`/`lon` null — a centroid would be a guessed
//! point that maps and distance checks would take at face value.

use sitrep_core::nlp::EntityKind;
use sitrep_core::{Location, LocationPrecision};
use sitrep_kb::Kb;

/// How far from a town's point a site still counts as "in" or "near" it.
pub const TOWN_RADIUS_KM: f64 = 30.0;

pub struct Geocoder<'kb> {
    kb: &'kb Kb,
}

impl<'kb> Geocoder<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        Geocoder { kb }
    }

    /// The location of kb entry `id` (a facility or a place) mentioned as `text`.
    pub fn locate(&self, kind: EntityKind, id: &str, text: &str) -> Option<Location> {
        match kind {
            EntityKind::Facility => {
                let f = self.kb.facility(id)?;
                Some(Location {
                    name: Some(f.name.clone()),
                    country: Some(f.country.clone()),
                    admin1: f.admin1.clone(),
                    lat: Some(f.lat),
                    lon: Some(f.lon),
                    precision: LocationPrecision::Facility,
                    text: Some(text.to_string()),
                    kb_id: Some(f.id.clone()),
                })
            }
            EntityKind::Place => {
                let p = self.kb.place(id)?;
                let precision = match p.kind.as_str() {
                    "country" => LocationPrecision::Country,
                    "admin1" => LocationPrecision::Admin1,
                    "admin2" => LocationPrecision::Admin2,
                    "town" => LocationPrecision::Town,
                    _ => LocationPrecision::Region,
                };
                let point = !matches!(
                    precision,
                    LocationPrecision::Country | LocationPrecision::Region
                );
                Some(Location {
                    name: Some(p.name.clone()),
                    country: Some(p.country.clone()),
                    admin1: p.admin1.clone(),
                    lat: point.then_some(p.lat),
                    lon: point.then_some(p.lon),
                    precision,
                    text: Some(text.to_string()),
                    kb_id: Some(p.id.clone()),
                })
            }
            _ => None,
        }
    }
}

/// True when `coarse` contains `fine` as far as their fields tell: the same
/// country, and the same first-level division unless `coarse` is a whole
/// country or region.
pub fn contains(coarse: &Location, fine: &Location) -> bool {
    if coarse.precision > fine.precision
        && coarse.country.is_some()
        && coarse.country == fine.country
    {
        return match coarse.precision {
            LocationPrecision::Country | LocationPrecision::Region => true,
            LocationPrecision::Admin1 => coarse.admin1.is_some() && coarse.admin1 == fine.admin1,
            // A town "contains" only what lies in or next to it.
            _ => match (coarse.lat, coarse.lon, fine.lat, fine.lon) {
                (Some(a), Some(b), Some(c), Some(d)) => haversine_km(a, b, c, d) <= TOWN_RADIUS_KM,
                _ => coarse.admin1.is_some() && coarse.admin1 == fine.admin1,
            },
        };
    }
    false
}

/// True when two known locations can be the same place: one contains the
/// other, they are the same kb entry, or two points within `km` of each other.
pub fn compatible(a: &Location, b: &Location, km: f64) -> bool {
    if !a.is_known() || !b.is_known() {
        return true;
    }
    if a.kb_id.is_some() && a.kb_id == b.kb_id {
        return true;
    }
    if contains(a, b) || contains(b, a) {
        return true;
    }
    if a.precision == b.precision
        && a.admin1.is_some()
        && a.admin1 == b.admin1
        && a.country == b.country
        && a.precision != LocationPrecision::Facility
        && a.precision != LocationPrecision::Town
    {
        return true;
    }
    match (a.lat, a.lon, b.lat, b.lon) {
        (Some(lat1), Some(lon1), Some(lat2), Some(lon2)) => {
            haversine_km(lat1, lon1, lat2, lon2) <= km
        }
        _ => false,
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facility_is_a_point_and_country_is_not() {
        let kb = Kb::embedded().unwrap();
        let geo = Geocoder::new(&kb);
        let base = geo
            .locate(EntityKind::Facility, "al_asad", "Al Asad Airbase")
            .unwrap();
        assert_eq!(base.precision, LocationPrecision::Facility);
        assert_eq!(base.admin1.as_deref(), Some("Anbar"));
        assert!(base.lat.is_some());
        let jordan = geo.locate(EntityKind::Place, "c_jo", "Jordan").unwrap();
        assert_eq!(jordan.precision, LocationPrecision::Country);
        assert_eq!((jordan.lat, jordan.lon), (None, None));
        assert!(contains(
            &jordan,
            &geo.locate(EntityKind::Facility, "tower_22", "Tower 22")
                .unwrap()
        ));
        assert!(!contains(&jordan, &base));
    }

    #[test]
    fn compatibility_by_containment_and_distance() {
        let kb = Kb::embedded().unwrap();
        let geo = Geocoder::new(&kb);
        let airport = geo
            .locate(EntityKind::Facility, "baghdad_airport", "x")
            .unwrap();
        let baghdad = geo.locate(EntityKind::Place, "t_baghdad", "x").unwrap();
        let asad = geo.locate(EntityKind::Facility, "al_asad", "x").unwrap();
        let erbil = geo.locate(EntityKind::Place, "t_erbil", "x").unwrap();
        assert!(compatible(&airport, &baghdad, 25.0));
        assert!(!compatible(&asad, &erbil, 25.0));
        assert!((haversine_km(33.0, 44.0, 34.0, 44.0) - 111.2).abs() < 0.5);
    }
}
