//! The `geo` stage: place names in text into a [`Location`] with an honest
//! precision.
//!
//! * [`gazetteer`] — the embedded GeoNames gazetteer (countries, first- and
//!   second-level divisions, every populated place of 500 people or more,
//!   Latin- and Arabic-script names), compiled at build time from
//!   `data/gazetteer.tsv.gz` (written by `scripts/gazetteer/build.py` from
//!   pinned PyPI packages; GeoNames, CC BY 4.0) into static `fst` tables.
//! * [`resolve`] — candidates, filtering, disambiguation (kb facilities
//!   first, then country context, explicit parents, population, proximity)
//!   and relative phrases.
//! * kb facilities and curated places (`kb/facilities.csv`,
//!   `kb/places.csv`) win over gazetteer readings of the same words.
//!
//! Coordinates are given only where they mean something: a facility or a town
//! is a point, a province is given its centre with precision `admin1`, but a
//! mention of only a country or a region ("a small outpost in Jordan",
//! "western Iraq") keeps `lat`/`lon` null — a centroid would be a guessed
//! point that maps and distance checks would take at face value.

mod article;
pub mod find;
pub mod fold;
pub mod gazetteer;
mod names;
pub mod relative;
pub mod resolve;

use sitrep_core::nlp::{Annotation, EntityKind};
use sitrep_core::{Location, LocationPrecision};
use sitrep_kb::Kb;

pub use gazetteer::{Entry, EntryKind, Gazetteer};
pub use relative::{destination, qualify};
pub use resolve::{Context, NameForm, Placed, entry_location};

/// How far from a town's point a site still counts as "in" or "near" it.
pub const TOWN_RADIUS_KM: f64 = 30.0;

/// Prefix of the entity ids the nlp stage gives gazetteer names.
pub const GAZETTEER_ID_PREFIX: &str = "gn:";

pub struct Geocoder<'kb> {
    kb: &'kb Kb,
    index: resolve::KbIndex,
}

impl<'kb> Geocoder<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        Geocoder {
            kb,
            index: resolve::KbIndex::new(kb),
        }
    }

    /// The location of kb entry `id` (a facility or a place) mentioned as
    /// `text`, or, for a `gn:` id, the most likely gazetteer reading of `text`
    /// with no context.
    pub fn locate(&self, kind: EntityKind, id: &str, text: &str) -> Option<Location> {
        if id.starts_with(GAZETTEER_ID_PREFIX) {
            return self.locate_name(text, &Context::default(), None);
        }
        match kind {
            EntityKind::Facility => {
                let f = self.kb.facility(id)?;
                Some(resolve::site_location(f, true, Some(text)))
            }
            EntityKind::Place => {
                let p = self.kb.place(id)?;
                Some(resolve::site_location(p, false, Some(text)))
            }
            _ => None,
        }
    }

    /// The best reading of the place name `text` given the context of the
    /// document and the parent named after it ("…, Iraq"), with the other
    /// readings as alternatives.
    pub fn locate_name(
        &self,
        text: &str,
        ctx: &Context,
        parent: Option<&Location>,
    ) -> Option<Location> {
        self.resolve_name(text, ctx, parent).map(|p| p.location)
    }

    /// As [`Geocoder::locate_name`], with a representative point even for a
    /// country (for distance scoring, not for output).
    pub fn resolve_name(
        &self,
        text: &str,
        ctx: &Context,
        parent: Option<&Location>,
    ) -> Option<Placed> {
        let (readings, _) = self.index.readings(text, "", "");
        resolve::choose(self.kb, &readings, text, ctx, parent)
    }

    /// Every place named in `text`, found by the gazetteer and kb names of
    /// this crate and resolved with the text as context.
    pub fn places(&self, text: &str) -> Vec<Placed> {
        resolve::places(self.kb, &self.index, text)
    }

    /// The places of an annotated article: the place and facility names the
    /// nlp stage found in `text` (its `Article::text`), resolved together,
    /// each once. The pipeline's place path: extraction places events with
    /// these, and `sitrep-bench geo` scores them.
    pub fn article_places(&self, text: &str, annotation: &Annotation) -> Vec<Placed> {
        let found = article::candidates(&self.index, text, annotation);
        resolve::resolve_all(self.kb, text, &found)
    }
}

/// Gazetteer names in `text` that read as places, whatever the kb holds, as
/// (start, end, GeoNames id of the most likely reading), adjectives and
/// abbreviations of places ("Canadian", "B.C.") included. The nlp stage
/// adds these beside its kb matches; where they overlap, its longest match
/// wins.
pub fn gazetteer_names(text: &str) -> Vec<(usize, usize, u32)> {
    static FORMS: std::sync::OnceLock<resolve::KbIndex> = std::sync::OnceLock::new();
    find::gazetteer_names(FORMS.get_or_init(resolve::KbIndex::forms_only), text)
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
            LocationPrecision::Admin1 => same_admin1(coarse, fine),
            // A town "contains" only what lies in or next to it.
            _ => match (coarse.lat, coarse.lon, fine.lat, fine.lon) {
                (Some(a), Some(b), Some(c), Some(d)) => haversine_km(a, b, c, d) <= TOWN_RADIUS_KM,
                _ => same_admin1(coarse, fine),
            },
        };
    }
    false
}

/// True when both name the same first-level division, however spelled:
/// the kb says "Anbar", GeoNames "Al Anbar Governorate"; "Donetsk" and
/// "Donetsk Oblast" are one oblast.
fn same_admin1(a: &Location, b: &Location) -> bool {
    match (&a.admin1, &b.admin1) {
        (Some(x), Some(y)) => x == y || admin1_core(x) == admin1_core(y),
        _ => false,
    }
}

/// A first-level division's name without its kind and article, folded:
/// two names of one division ("Al Anbar Governorate", "Anbar") give the
/// same core, so it can serve as a lookup key.
pub fn admin1_core(name: &str) -> String {
    let mut folded = String::new();
    fold::fold_into(name, &mut folded);
    let mut words: Vec<&str> = folded
        .split(' ')
        .filter(|w| {
            !matches!(
                *w,
                "oblast"
                    | "governorate"
                    | "province"
                    | "region"
                    | "state"
                    | "muhafazat"
                    | "kray"
                    | "krai"
            )
        })
        .collect();
    if words.len() > 1 && matches!(words[0], "al" | "el" | "as" | "ad" | "an" | "ar") {
        words.remove(0);
    }
    words.join(" ")
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
        assert_eq!(jordan.geonameid, Some(248816));
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
