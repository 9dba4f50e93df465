//! From what a user typed to the [`EventFilter`] the store runs: a country
//! by name or ISO code, and a note whenever a value matches nothing known, so
//! that an empty answer is never silent about a typo.

use sitrep_geo::gazetteer::{EntryKind, Gazetteer};
use sitrep_kb::Kb;
use sitrep_store::{EventFilter, Store};

use crate::Error;

/// A filter ready for the store, with what the user should be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The filter the store runs.
    pub filter: EventFilter,
    /// One line per value that matches nothing known.
    pub notes: Vec<String>,
}

/// Resolves a filter as typed (`country` may be a name): the country to its
/// ISO code, and notes for a country or an actor that neither the knowledge
/// base nor the stored events know.
pub fn resolve(spec: &EventFilter, kb: &Kb, store: &dyn Store) -> Result<Resolved, Error> {
    let mut notes = Vec::new();
    let country = spec
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|given| match country_code(given) {
            Some(code) => code,
            None => {
                notes.push(format!(
                    "no known country matches {given:?}: give a name (Iraq) or an ISO code (IQ)"
                ));
                given.to_owned()
            }
        });
    if let Some(actor) = spec
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        && !kb_knows_actor(kb, actor)
        && !store.has_actor(actor)?
    {
        notes.push(format!(
            "no known actor matches {actor:?}: neither the knowledge base nor any stored event names one"
        ));
    }
    Ok(Resolved {
        filter: EventFilter {
            country,
            ..spec.clone()
        },
        notes,
    })
}

/// The ISO code of a country given by code or by any of its gazetteer names.
pub fn country_code(given: &str) -> Option<String> {
    let gazetteer = Gazetteer::get();
    let upper = given.to_ascii_uppercase();
    if upper.len() == 2 && gazetteer.country(&upper).is_some() {
        return Some(upper);
    }
    gazetteer
        .lookup(given)
        .into_iter()
        .map(|i| gazetteer.entry(i))
        .find(|e| e.kind == EntryKind::Country)
        .map(|e| e.country_code().to_owned())
}

/// Whether an actor of the knowledge base has a name, alias or id that
/// contains `needle`, ignoring case.
fn kb_knows_actor(kb: &Kb, needle: &str) -> bool {
    let needle = needle.to_lowercase();
    kb.actors.iter().any(|a| {
        std::iter::once(&a.id)
            .chain(std::iter::once(&a.name))
            .chain(&a.aliases)
            .any(|n| n.to_lowercase().contains(&needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_resolve_from_names_and_codes() {
        assert_eq!(country_code("IQ").as_deref(), Some("IQ"));
        assert_eq!(country_code("iq").as_deref(), Some("IQ"));
        assert_eq!(country_code("Iraq").as_deref(), Some("IQ"));
        assert_eq!(country_code("iraq").as_deref(), Some("IQ"));
        assert_eq!(country_code("Jordan").as_deref(), Some("JO"));
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_code("XX"), None);
    }

    #[test]
    fn values_that_match_nothing_get_a_note() {
        let kb = crate::load_kb(None).unwrap();
        let store = crate::open_in_memory().unwrap();
        let spec = EventFilter {
            country: Some(" Iraq ".into()),
            actor: Some("Kata'ib".into()),
            ..Default::default()
        };
        let resolved = resolve(&spec, &kb, store.as_ref()).unwrap();
        assert_eq!(resolved.filter.country.as_deref(), Some("IQ"));
        assert!(resolved.notes.is_empty(), "{:?}", resolved.notes);

        let spec = EventFilter {
            country: Some("Atlantis".into()),
            actor: Some("Nobody Brigade".into()),
            ..Default::default()
        };
        let resolved = resolve(&spec, &kb, store.as_ref()).unwrap();
        assert_eq!(resolved.filter.country.as_deref(), Some("Atlantis"));
        assert_eq!(resolved.notes.len(), 2, "{:?}", resolved.notes);
        assert!(resolved.notes[0].contains("\"Atlantis\""));
        assert!(resolved.notes[1].contains("\"Nobody Brigade\""));
    }
}
