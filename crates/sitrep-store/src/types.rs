//! The types that cross the [`Store`](crate::Store) boundary.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;
use sitrep_core::{Article, Document, Record, SourceFormat};

/// Whether [`Store::insert_document`](crate::Store::insert_document) wrote anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// The document and its reports were stored.
    Inserted,
    /// The document id was stored already; nothing was changed.
    AlreadyPresent,
}

/// A document's MinHash fingerprint and the pipeline's rule for what is a
/// copy of it.
///
/// The store indexes `bands` and, for every stored document sharing a band,
/// asks `is_copy` with that document's `signature`: the decision stays with
/// the pipeline, the store keeps the links.
pub struct Fingerprint<'a> {
    /// The signature, as stored and handed back to `is_copy`.
    pub signature: Vec<u8>,
    /// Locality-sensitive hash bands: documents sharing one are candidates.
    pub bands: Vec<i64>,
    /// Whether a stored document with this signature is a copy of this one.
    pub is_copy: &'a (dyn Fn(&[u8]) -> bool + Sync),
}

impl fmt::Debug for Fingerprint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fingerprint")
            .field("signature_bytes", &self.signature.len())
            .field("bands", &self.bands)
            .finish_non_exhaustive()
    }
}

/// What [`Store::insert_document`](crate::Store::insert_document) writes.
#[derive(Debug)]
pub struct NewDocument<'a> {
    /// The document as read (id, source, metadata).
    pub doc: &'a Document,
    /// Its cleaned text and the metadata `clean` settled on.
    pub article: &'a Article,
    /// The reports extracted from it.
    pub reports: &'a [Record],
    /// Each report's lookup keys, in the order of `reports` (empty when the
    /// caller does not resolve incrementally; a store then finds no part
    /// through them and resolves such reports only in a full run).
    pub keys: &'a [crate::ReportKeys],
    /// Its near-duplicate fingerprint; `None` for texts too short to have one.
    pub fingerprint: Option<Fingerprint<'a>>,
}

/// A document as stored: its metadata and cleaned text (what evidence
/// offsets point into), not the raw body.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    /// `d_` + SHA-256 of the input.
    pub id: String,
    /// File path, `-` for stdin, or URL.
    pub source: String,
    /// Text or HTML.
    pub format: SourceFormat,
    /// The title `clean` settled on, else the source's.
    pub title: Option<String>,
    /// The URL the source gave.
    pub url: Option<String>,
    /// The publication date `clean` settled on, else the source's.
    pub published: Option<NaiveDate>,
    /// Cleaned article text.
    pub text: String,
    /// When it was first stored, RFC 3339 UTC (`2026-03-01T12:00:00Z`).
    pub ingested_at: String,
    /// The canonical document this one is a republished copy of, if any.
    pub duplicate_of: Option<String>,
    /// ISO 639-1 code of the language `clean` detected, if it was sure.
    pub language: Option<String>,
}

/// Row counts of a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Stored documents, copies included.
    pub documents: u64,
    /// Stored reports, copies' included.
    pub reports: u64,
    /// Stored events, tallies included.
    pub events: u64,
    /// Documents recognised as republished copies of another.
    pub duplicates: u64,
}

/// Which events a query returns. Every condition given must hold. Strings
/// are trimmed; an empty one is treated as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Keep events whose date range ends on or after this day. With `since`
    /// or `until` set, events of unknown date are left out.
    pub since: Option<NaiveDate>,
    /// Keep events whose date range starts on or before this day.
    pub until: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2 of `location.country`, any case.
    pub country: Option<String>,
    /// Case-insensitive substring of any actor's name or kb id.
    pub actor: Option<String>,
    /// Case-insensitive substring of the event type or sub-event type.
    pub event_type: Option<String>,
    /// Also return tallies ("more than 180 attacks since …"), which are
    /// aggregates, not events, and are left out by default.
    pub include_tallies: bool,
}

/// Breakdowns of the events that pass a filter
/// ([`Store::event_stats`](crate::Store::event_stats)). Keys are the
/// contract's strings; a missing value counts as `"unknown"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventStats {
    /// Events (tallies not included).
    pub events: u64,
    /// Tallies (aggregate statements).
    pub tallies: u64,
    /// Events with at least one disputed figure kind in their ledger.
    pub disputed_events: u64,
    /// Events per sub-event type.
    pub by_type: BTreeMap<String, u64>,
    /// Events per ISO country code.
    pub by_country: BTreeMap<String, u64>,
    /// Events per date precision.
    pub by_date_precision: BTreeMap<String, u64>,
    /// Events per location precision.
    pub by_location_precision: BTreeMap<String, u64>,
}

/// Width of a bucket on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// `YYYY-MM-DD`.
    Day,
    /// ISO week, `YYYY-Www`.
    Week,
    /// `YYYY-MM`.
    Month,
}

/// What the timeline's series are split by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// Sub-event type.
    Type,
    /// Each attacker's name (an event with two attackers counts in both).
    Actor,
    /// ISO country code.
    Country,
}

macro_rules! named_enum {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The lower-case name used on the command line and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.to_ascii_lowercase().as_str() {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(format!(
                        "unknown {} {s:?} (expected {})",
                        stringify!($ty).to_lowercase(),
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
    };
}

named_enum!(Bucket { Day => "day", Week => "week", Month => "month" });
named_enum!(GroupBy { Type => "type", Actor => "actor", Country => "country" });

/// Events per bucket and group ([`Store::timeline`](crate::Store::timeline)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// `day`, `week` or `month`.
    pub bucket: String,
    /// `type`, `actor` or `country`.
    pub group_by: String,
    /// bucket → group → number of events.
    pub counts: BTreeMap<String, BTreeMap<String, u64>>,
    /// Events with no known date: counted, never placed on the axis.
    pub undated: u64,
    /// Every event that passed the filter, dated or not.
    #[serde(skip)]
    pub events: u64,
}
