//! The event JSON contract: one [`Record`] per report or event.
//!
//! Documented in `docs/schema.md` and `docs/record.schema.json`; keep them in
//! step. Fields are only ever added, never renamed or removed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether a record is one sentence-level report or a resolved event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Report,
    Event,
}

/// Whether the text says the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Reported,
    Threatened,
    Denied,
    HistoricalReference,
}

/// How precisely a date is known. `Unknown` means start and end are null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateInfo {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub precision: DatePrecision,
    /// The words the date was read from.
    pub text: Option<String>,
}

impl DateInfo {
    pub fn unknown() -> Self {
        DateInfo {
            start: None,
            end: None,
            precision: DatePrecision::Unknown,
            text: None,
        }
    }

    pub fn is_known(&self) -> bool {
        self.start.is_some()
    }
}

/// How precisely a location is known, from most to least precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocationPrecision {
    Facility,
    Town,
    Admin2,
    Admin1,
    Country,
    Region,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: LocationPrecision,
    /// The words the place was read from.
    pub text: Option<String>,
    /// The `kb/` row (facility or place) the location was resolved to.
    pub kb_id: Option<String>,
    /// The GeoNames id of the gazetteer entry the location was resolved to.
    #[serde(default)]
    pub geonameid: Option<u32>,
    /// Other readings of the same words ("Tripoli" in Lebanon or Libya),
    /// best first, each with its score; the chosen reading scored highest.
    #[serde(default)]
    pub alternatives: Vec<LocationAlternative>,
}

/// A reading of a place name that was not chosen, with its score (0–1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationAlternative {
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: LocationPrecision,
    pub geonameid: Option<u32>,
    pub kb_id: Option<String>,
    pub score: f64,
}

impl Location {
    pub fn unknown() -> Self {
        Location {
            name: None,
            country: None,
            admin1: None,
            lat: None,
            lon: None,
            precision: LocationPrecision::Unknown,
            text: None,
            kb_id: None,
            geonameid: None,
            alternatives: Vec::new(),
        }
    }

    pub fn is_known(&self) -> bool {
        self.precision != LocationPrecision::Unknown
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorRole {
    Attacker,
    Target,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    State,
    Military,
    ArmedGroup,
    Civilians,
    Person,
    Organization,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical name from `kb/actors.csv`.
    pub name: String,
    pub role: ActorRole,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-2 of the state the actor belongs to, if any.
    pub country: Option<String>,
    /// The `kb/actors.csv` id.
    pub kb_id: Option<String>,
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Killed,
    Injured,
    /// "casualties", "harmed": killed and injured together.
    Casualties,
    Missing,
    Abducted,
    Missiles,
    Rockets,
    Drones,
    Attacks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    AtLeast,
    MoreThan,
    About,
    UpTo,
    /// "dozens", "a number of": a range with no stated bound.
    Unknown,
}

/// How a claimant relates to a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Asserted by a party ("state TV claimed").
    Claim,
    /// Contradicts a claim ("refuted", "no one was killed").
    Denial,
    Confirmation,
    /// A later revision ("was later revealed", "later clarified").
    Correction,
    /// Plain reporting with no marked stance.
    Report,
}

/// A sentence that supports a record, as character offsets into the cleaned
/// text of document `doc_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub doc_id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A number somebody stated about an event: a claim, not a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub kind: FigureKind,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Qualifier,
    /// Who was counted ("US service members"), as written.
    pub subject: Option<String>,
    /// Who said it, as written; null for unattributed narration.
    pub claimant: Option<String>,
    pub stance: Stance,
    pub evidence: Evidence,
}

/// The claims ledger of an event for one figure kind: the range of every
/// stated figure and whether they disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toll {
    pub kind: FigureKind,
    /// The lowest stated lower bound (null when every claim is unbounded below).
    pub low: Option<u64>,
    /// The highest stated upper bound (null when some claim is open-ended).
    pub high: Option<u64>,
    /// How many figures of this kind the event holds.
    pub claims: usize,
    /// Who stated them, as written, in order of appearance; unattributed ones are left out.
    pub claimants: Vec<String>,
    /// True when two stated figures cannot both be right (0 killed vs at least 80).
    pub disputed: bool,
}

/// One report (from one sentence) or one event (resolved from reports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `r_…` for reports, `e_…` for events.
    pub id: String,
    pub record: RecordKind,
    /// The document of a report; the earliest contributing document of an event.
    pub doc_id: String,
    /// Every contributing document (a report has exactly one).
    pub doc_ids: Vec<String>,
    /// The reports an event was resolved from (empty for a report).
    pub report_ids: Vec<String>,
    /// ACLED event type; null when a tally does not say what was counted.
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub status: Status,
    pub date: DateInfo,
    pub location: Location,
    pub actors: Vec<Actor>,
    pub weapons: Vec<String>,
    pub figures: Vec<Figure>,
    pub evidence: Vec<Evidence>,
    /// An aggregate statement ("more than 180 attacks since …"), never one attack.
    pub tally: bool,
    /// For an event, the claims ledger per figure kind; empty for a report.
    /// (Absent in records written before the ledger existed.)
    #[serde(default)]
    pub ledger: Vec<Toll>,
}

impl Record {
    pub fn attackers(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter().filter(|a| a.role == ActorRole::Attacker)
    }

    pub fn targets(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter().filter(|a| a.role == ActorRole::Target)
    }
}

/// ACLED's event types and sub-event types, the taxonomy `event_type` and
/// `sub_event_type` are drawn from.
pub const TAXONOMY: &[(&str, &[&str])] = &[
    (
        "Battles",
        &[
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        ],
    ),
    (
        "Explosions/Remote violence",
        &[
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
    ),
    (
        "Violence against civilians",
        &[
            "Sexual violence",
            "Attack",
            "Abduction/forced disappearance",
        ],
    ),
    (
        "Protests",
        &[
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
        ],
    ),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

/// The event type a sub-event type belongs to, if it is in [`TAXONOMY`].
pub fn event_type_of(sub_event_type: &str) -> Option<&'static str> {
    TAXONOMY
        .iter()
        .find(|(_, subs)| subs.contains(&sub_event_type))
        .map(|(t, _)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_lookup() {
        assert_eq!(
            event_type_of("Air/drone strike"),
            Some("Explosions/Remote violence")
        );
        assert_eq!(event_type_of("Armed clash"), Some("Battles"));
        assert_eq!(event_type_of("Picnic"), None);
    }

    #[test]
    fn enums_serialize_as_contract_strings() {
        let json = serde_json::to_string(&(
            DatePrecision::Unknown,
            LocationPrecision::Facility,
            Qualifier::AtLeast,
            ActorKind::ArmedGroup,
            FigureKind::Killed,
            Status::HistoricalReference,
        ))
        .unwrap();
        assert_eq!(
            json,
            r#"["unknown","facility","at_least","armed_group","killed","historical_reference"]"#
        );
    }
}
