//! Shared types of the sitrep pipeline.
//!
//! Every stage crate speaks in these types, so they are the only coupling
//! between stages. This crate does no I/O: it holds data shapes, ids and the
//! small pure helpers that every stage needs (hashing, span conversion).
//!
//! * [`Document`] — what `ingest` produces: decoded text of one source.
//! * [`Article`] — what `clean` produces: cleaned text split into blocks.
//! * [`nlp`] — what the `nlp` stage annotates: sentences, mentions, dates,
//!   quantities, attributions.
//! * [`Record`] — the event JSON contract (`docs/schema.md`), used both for
//!   single-sentence *reports* and for resolved *events*.

pub mod article;
pub mod document;
pub mod event;
pub mod id;
pub mod nlp;
pub mod span;

pub use article::{Article, Block, BlockKind};
pub use document::{Document, SourceFormat};
pub use event::{
    Actor, ActorKind, ActorRole, DateInfo, DatePrecision, Evidence, Figure, FigureKind, Location,
    LocationAlternative, LocationPrecision, Qualifier, Record, RecordKind, Stance, Status, Toll,
};
pub use event::{TAXONOMY, event_type_of};
pub use id::content_id;
pub use span::CharIndex;
