//! The knowledge base: what sitrep knows about the world, as data.
//!
//! Actors, weapons, facilities, places and the lexicon of trigger words live
//! in CSV files under `kb/` so that an analyst can add an alias or a base in a
//! spreadsheet and re-run without recompiling. Every row carries a `source`.
//! The files are embedded into the binary at build time ([`Kb::embedded`]) so
//! a fresh install works anywhere; `--kb DIR` (or `SITREP_KB`) loads an edited
//! copy instead ([`Kb::from_dir`]).
//!
//! CSV was chosen over TOML/YAML because rows are uniform and analysts edit
//! them in spreadsheets; the `csv` crate is the standard, fast parser.
//! List-valued cells (aliases, terms) are separated by `|`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sitrep_core::ActorKind;

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: line {line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
}

/// An actor: a state, a force, an armed group, a person, a media outlet.
#[derive(Debug, Clone, Deserialize)]
pub struct ActorEntry {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "pipe_list")]
    pub aliases: Vec<String>,
    #[serde(deserialize_with = "actor_kind")]
    pub kind: ActorKind,
    #[serde(deserialize_with = "optional")]
    pub country: Option<String>,
    /// Id of the actor this one belongs to (Quds Force → IRGC → Iran).
    #[serde(deserialize_with = "optional")]
    pub parent: Option<String>,
    pub source: String,
}

/// A weapon or means of attack.
#[derive(Debug, Clone, Deserialize)]
pub struct WeaponEntry {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "pipe_list")]
    pub aliases: Vec<String>,
    /// drone | missile | rocket | artillery | airstrike | ied | suicide | gun | grenade | chemical | knife
    pub category: String,
    /// The ACLED sub-event type an attack with this weapon is coded as.
    pub sub_event_type: String,
    pub source: String,
}

/// A row of `facilities.csv` or `places.csv`: a named point with its
/// country and first-level division. For a facility `kind` is air_base,
/// airport, outpost, …; for a place it is country, admin1, town or region.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteEntry {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "pipe_list")]
    pub aliases: Vec<String>,
    pub kind: String,
    pub country: String,
    #[serde(deserialize_with = "optional")]
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub source: String,
}

/// A named site (base, airport, crossing, camp) with coordinates.
pub type FacilityEntry = SiteEntry;

/// A country, province, town or region. The full gazetteer replaces most of
/// these; the file stays for curated names and regions ("Iraqi Kurdistan").
pub type PlaceEntry = SiteEntry;

/// A group of words with one meaning for the rules: a trigger class, a
/// figure kind, a stance verb, a modality cue.
#[derive(Debug, Clone, Deserialize)]
pub struct LexiconEntry {
    /// trigger | figure | stance | modality | generic
    pub class: String,
    /// The meaning within the class (`attack`, `killed`, `denial`, ...).
    pub value: String,
    #[serde(deserialize_with = "pipe_list")]
    pub terms: Vec<String>,
    pub source: String,
}

/// The whole knowledge base.
#[derive(Debug, Clone)]
pub struct Kb {
    pub actors: Vec<ActorEntry>,
    pub weapons: Vec<WeaponEntry>,
    pub facilities: Vec<FacilityEntry>,
    pub places: Vec<PlaceEntry>,
    pub lexicon: Vec<LexiconEntry>,
    /// Row index by id, over all four id-carrying files (ids are unique
    /// across them): lookups happen for every match in every sentence.
    index: HashMap<String, usize>,
}

const FILES: [&str; 5] = [
    "actors.csv",
    "weapons.csv",
    "facilities.csv",
    "places.csv",
    "lexicon.csv",
];

const EMBEDDED: [&str; 5] = [
    include_str!("../../../kb/actors.csv"),
    include_str!("../../../kb/weapons.csv"),
    include_str!("../../../kb/facilities.csv"),
    include_str!("../../../kb/places.csv"),
    include_str!("../../../kb/lexicon.csv"),
];

impl Kb {
    /// The knowledge base compiled into this binary.
    pub fn embedded() -> Result<Kb, KbError> {
        Kb::from_texts(EMBEDDED)
    }

    /// Loads `actors.csv`, `weapons.csv`, `facilities.csv`, `places.csv` and
    /// `lexicon.csv` from `dir`.
    pub fn from_dir(dir: &Path) -> Result<Kb, KbError> {
        let mut texts = Vec::with_capacity(FILES.len());
        for name in FILES {
            let file = dir.join(name);
            let text =
                std::fs::read_to_string(&file).map_err(|source| KbError::Io { file, source })?;
            texts.push(text);
        }
        let texts: [&str; 5] = [&texts[0], &texts[1], &texts[2], &texts[3], &texts[4]];
        Kb::from_texts(texts)
    }

    fn from_texts(texts: [&str; 5]) -> Result<Kb, KbError> {
        let mut kb = Kb {
            actors: parse(FILES[0], texts[0])?,
            weapons: parse(FILES[1], texts[1])?,
            facilities: parse(FILES[2], texts[2])?,
            places: parse(FILES[3], texts[3])?,
            lexicon: parse(FILES[4], texts[4])?,
            index: HashMap::new(),
        };
        let ids = kb
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .chain(
                kb.weapons
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (w.id.clone(), i)),
            )
            .chain(
                kb.facilities
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.id.clone(), i)),
            )
            .chain(kb.places.iter().enumerate().map(|(i, p)| (p.id.clone(), i)))
            .collect();
        kb.index = ids;
        kb.validate()?;
        Ok(kb)
    }

    pub fn actor(&self, id: &str) -> Option<&ActorEntry> {
        self.index
            .get(id)
            .and_then(|&i| self.actors.get(i))
            .filter(|a| a.id == id)
    }

    pub fn weapon(&self, id: &str) -> Option<&WeaponEntry> {
        self.index
            .get(id)
            .and_then(|&i| self.weapons.get(i))
            .filter(|w| w.id == id)
    }

    pub fn facility(&self, id: &str) -> Option<&FacilityEntry> {
        self.index
            .get(id)
            .and_then(|&i| self.facilities.get(i))
            .filter(|f| f.id == id)
    }

    pub fn place(&self, id: &str) -> Option<&PlaceEntry> {
        self.index
            .get(id)
            .and_then(|&i| self.places.get(i))
            .filter(|p| p.id == id)
    }

    /// Terms of every lexicon row of `class`, with the row's `value`.
    pub fn lexicon_terms<'a>(&'a self, class: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.lexicon
            .iter()
            .filter(move |e| e.class == class)
            .flat_map(|e| e.terms.iter().map(move |t| (e.value.as_str(), t.as_str())))
    }

    /// The country (ISO alpha-2) an actor belongs to, following parents.
    pub fn actor_country(&self, id: &str) -> Option<&str> {
        let mut current = self.actor(id);
        for _ in 0..8 {
            let actor = current?;
            if let Some(c) = actor.country.as_deref() {
                return Some(c);
            }
            current = actor.parent.as_deref().and_then(|p| self.actor(p));
        }
        None
    }

    fn validate(&self) -> Result<(), KbError> {
        let mut ids = HashSet::new();
        let all_ids = self
            .actors
            .iter()
            .map(|a| ("actors.csv", &a.id, &a.source))
            .chain(
                self.weapons
                    .iter()
                    .map(|w| ("weapons.csv", &w.id, &w.source)),
            )
            .chain(
                self.facilities
                    .iter()
                    .map(|f| ("facilities.csv", &f.id, &f.source)),
            )
            .chain(self.places.iter().map(|p| ("places.csv", &p.id, &p.source)));
        for (file, id, source) in all_ids {
            if !ids.insert(id.as_str()) {
                return Err(invalid(file, format!("duplicate id {id:?}")));
            }
            if source.trim().is_empty() {
                return Err(invalid(file, format!("row {id:?} has no source")));
            }
        }
        for actor in &self.actors {
            if let Some(parent) = &actor.parent
                && self.actor(parent).is_none()
            {
                return Err(invalid(
                    "actors.csv",
                    format!("{:?} names unknown parent {parent:?}", actor.id),
                ));
            }
        }
        for weapon in &self.weapons {
            if sitrep_core::event_type_of(&weapon.sub_event_type).is_none() {
                return Err(invalid(
                    "weapons.csv",
                    format!(
                        "{:?} has sub_event_type {:?}, not in the ACLED taxonomy",
                        weapon.id, weapon.sub_event_type
                    ),
                ));
            }
        }
        let coordinates = self
            .facilities
            .iter()
            .map(|f| ("facilities.csv", &f.id, f.lat, f.lon, &f.country))
            .chain(
                self.places
                    .iter()
                    .map(|p| ("places.csv", &p.id, p.lat, p.lon, &p.country)),
            );
        for (file, id, lat, lon, country) in coordinates {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(invalid(
                    file,
                    format!("{id:?} has coordinates out of range"),
                ));
            }
            if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(invalid(
                    file,
                    format!("{id:?} country {country:?} is not ISO 3166-1 alpha-2"),
                ));
            }
        }
        Ok(())
    }
}

fn invalid(file: &str, message: String) -> KbError {
    KbError::Row {
        file: file.to_string(),
        line: 0,
        message,
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<Vec<T>, KbError> {
    // `#` lines are comments so analysts can annotate sections of a file.
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for result in reader.deserialize() {
        let row: T = result.map_err(|e| KbError::Row {
            file: file.to_string(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        })?;
        rows.push(row);
    }
    Ok(rows)
}

fn pipe_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let cell = String::deserialize(d)?;
    Ok(cell
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect())
}

fn optional<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let cell = String::deserialize(d)?;
    let cell = cell.trim();
    Ok((!cell.is_empty()).then(|| cell.to_string()))
}

fn actor_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ActorKind, D::Error> {
    let cell = String::deserialize(d)?;
    serde_json::from_value::<ActorKind>(serde_json::Value::String(cell.clone())).map_err(|_| {
        serde::de::Error::custom(format!(
            "kind {cell:?} is not one of state, military, armed_group, civilians, person, organization"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_kb_loads_and_validates() {
        let kb = Kb::embedded().expect("embedded kb is valid");
        assert!(kb.actors.len() >= 10);
        assert!(kb.facility("al_asad").is_some());
        assert_eq!(kb.actor_country("quds_force"), Some("IR"));
    }

    #[test]
    fn rejects_unknown_parent_and_missing_source() {
        let actors = "id,name,aliases,kind,country,parent,source\nx,X,X,state,,nobody,test\n";
        let err = with_actors(actors).unwrap_err();
        assert!(err.to_string().contains("unknown parent"), "{err}");

        let actors = "id,name,aliases,kind,country,parent,source\nx,X,X,state,,,\n";
        let err = with_actors(actors).unwrap_err();
        assert!(err.to_string().contains("no source"), "{err}");
    }

    #[test]
    fn rejects_bad_kind_with_line_number() {
        let actors = "id,name,aliases,kind,country,parent,source\nx,X,X,army,,,test\n";
        let err = with_actors(actors).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("actors.csv") && text.contains("line 2"),
            "{text}"
        );
    }

    /// A kb of just these actors.
    fn with_actors(actors: &str) -> Result<Kb, KbError> {
        Kb::from_texts([
            actors,
            EMPTY_WEAPONS,
            EMPTY_FACILITIES,
            EMPTY_PLACES,
            EMPTY_LEXICON,
        ])
    }

    const EMPTY_WEAPONS: &str = "id,name,aliases,category,sub_event_type,source\n";
    const EMPTY_FACILITIES: &str = "id,name,aliases,kind,country,admin1,lat,lon,source\n";
    const EMPTY_PLACES: &str = "id,name,aliases,kind,country,admin1,lat,lon,source\n";
    const EMPTY_LEXICON: &str = "class,value,terms,source\n";
}
