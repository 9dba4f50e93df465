//! The questions users ask of the database: `timeline`, `stats`, `tallies`.
//!
//! All take the same filters as `events` and read only resolved events, so
//! their numbers agree with `sitrep events` and the exports.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sitrep_core::{ActorRole, FigureKind, Record};
use sitrep_store::{EventFilter, Store};

use crate::commands::open_existing;

/// Width of a bucket on the timeline.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

/// What the timeline's series are split by.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum GroupBy {
    Type,
    Actor,
    Country,
}

fn bucket_of(date: NaiveDate, bucket: Bucket) -> String {
    match bucket {
        Bucket::Day => date.to_string(),
        Bucket::Week => {
            let week = date.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Bucket::Month => format!("{}-{:02}", date.year(), date.month()),
    }
}

fn groups_of(event: &Record, by: GroupBy) -> Vec<String> {
    let unknown = || vec!["unknown".to_string()];
    match by {
        GroupBy::Type => event
            .sub_event_type
            .clone()
            .map(|t| vec![t])
            .unwrap_or_else(unknown),
        GroupBy::Country => event
            .location
            .country
            .clone()
            .map(|c| vec![c])
            .unwrap_or_else(unknown),
        GroupBy::Actor => {
            let attackers: Vec<String> = event.attackers().map(|a| a.name.clone()).collect();
            if attackers.is_empty() {
                unknown()
            } else {
                attackers
            }
        }
    }
}

#[derive(Serialize)]
struct Timeline {
    bucket: String,
    group_by: String,
    /// bucket → group → number of events.
    counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Events with no known date: counted, never placed on the axis.
    undated: usize,
}

/// Counts of events per day, week or month and per type, actor or country.
/// An event is counted in the bucket of its start date; an event whose date
/// is unknown is counted apart, never placed on a guessed day.
pub fn timeline(
    db: &Path,
    filter: &EventFilter,
    bucket: Bucket,
    by: GroupBy,
    json: bool,
) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let events = store.events(filter)?;
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut undated = 0;
    for event in &events {
        let Some(start) = event.date.start else {
            undated += 1;
            continue;
        };
        let slot = counts.entry(bucket_of(start, bucket)).or_default();
        for group in groups_of(event, by) {
            *slot.entry(group).or_default() += 1;
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let label = |v: &dyn std::fmt::Debug| format!("{v:?}").to_lowercase();
    if json {
        let timeline = Timeline {
            bucket: label(&bucket),
            group_by: label(&by),
            counts,
            undated,
        };
        serde_json::to_writer_pretty(&mut out, &timeline)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let max = counts
        .values()
        .map(|groups| groups.values().sum::<usize>())
        .max()
        .unwrap_or(0);
    const WIDTH: usize = 40;
    writeln!(
        out,
        "Events per {} by {} ({} events)",
        label(&bucket),
        label(&by),
        events.len()
    )?;
    for (slot, groups) in &counts {
        let total: usize = groups.values().sum();
        let bar = "█".repeat((total * WIDTH).div_ceil(max.max(1)));
        let detail: Vec<String> = groups.iter().map(|(g, n)| format!("{g} {n}")).collect();
        writeln!(
            out,
            "{slot:<10} {bar:<WIDTH$} {total:>4}  {}",
            detail.join(", ")
        )?;
    }
    if undated > 0 {
        writeln!(
            out,
            "{:<10} {:<WIDTH$} {undated:>4}  (date unknown)",
            "undated", ""
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize, Default)]
struct Stats {
    documents: u64,
    duplicate_documents: u64,
    reports: u64,
    events: usize,
    tallies: usize,
    disputed_events: usize,
    by_type: BTreeMap<String, usize>,
    by_country: BTreeMap<String, usize>,
    by_date_precision: BTreeMap<String, usize>,
    by_location_precision: BTreeMap<String, usize>,
}

fn name<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Totals and breakdowns of what the database holds.
pub fn stats(db: &Path, filter: &EventFilter, json: bool) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let counts = store.counts()?;
    let records = store.events(&EventFilter {
        include_tallies: true,
        ..filter.clone()
    })?;
    let mut stats = Stats {
        documents: counts.documents,
        duplicate_documents: counts.duplicates,
        reports: counts.reports,
        ..Stats::default()
    };
    for r in &records {
        if r.tally {
            stats.tallies += 1;
            continue;
        }
        stats.events += 1;
        stats.disputed_events += usize::from(r.ledger.iter().any(|t| t.disputed));
        *stats
            .by_type
            .entry(r.sub_event_type.clone().unwrap_or_else(|| "unknown".into()))
            .or_default() += 1;
        *stats
            .by_country
            .entry(
                r.location
                    .country
                    .clone()
                    .unwrap_or_else(|| "unknown".into()),
            )
            .or_default() += 1;
        *stats
            .by_date_precision
            .entry(name(r.date.precision))
            .or_default() += 1;
        *stats
            .by_location_precision
            .entry(name(r.location.precision))
            .or_default() += 1;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} documents ({} republished copies), {} reports, {} events ({} with disputed figures), {} tallies",
        stats.documents,
        stats.duplicate_documents,
        stats.reports,
        stats.events,
        stats.disputed_events,
        stats.tallies
    )?;
    for (title, map) in [
        ("by type", &stats.by_type),
        ("by country", &stats.by_country),
        ("by date precision", &stats.by_date_precision),
        ("by location precision", &stats.by_location_precision),
    ] {
        writeln!(out, "\n{title}")?;
        let mut rows: Vec<(&String, &usize)> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (key, n) in rows {
            writeln!(out, "  {n:>6}  {key}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct TallyCheck {
    id: String,
    attacker: Vec<String>,
    target: Vec<String>,
    place: Option<String>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    claimed_low: Option<u64>,
    claimed_high: Option<u64>,
    claimant: Option<String>,
    /// Stored events that fit the tally's attacker, target, place and period.
    matching_events: usize,
    evidence: String,
}

/// True when `event` fits what `tally` counts: inside its period, by one of
/// its attackers, against one of its targets' sides, in one of its
/// countries — each only where the tally says.
fn fits(tally: &Record, event: &Record) -> bool {
    if let Some(start) = tally.date.start {
        match event.date.start {
            Some(d) if d >= start && tally.date.end.is_none_or(|end| d <= end) => {}
            _ => return false,
        }
    }
    let ids = |r: &Record, role: ActorRole| -> Vec<String> {
        r.actors
            .iter()
            .filter(|a| a.role == role)
            .filter_map(|a| a.kb_id.clone().or_else(|| a.country.clone()))
            .collect()
    };
    let countries = |r: &Record, role: ActorRole| -> Vec<String> {
        r.actors
            .iter()
            .filter(|a| a.role == role)
            .filter_map(|a| a.country.clone())
            .collect()
    };
    let attackers = ids(tally, ActorRole::Attacker);
    if !attackers.is_empty()
        && !ids(event, ActorRole::Attacker)
            .iter()
            .any(|a| attackers.contains(a))
    {
        return false;
    }
    let targets = countries(tally, ActorRole::Target);
    if !targets.is_empty()
        && !countries(event, ActorRole::Target)
            .iter()
            .any(|t| targets.contains(t))
    {
        return false;
    }
    if let Some(place) = &tally.location.name {
        // A tally's place is one country or a list ("Iraq; Syria").
        let names: Vec<&str> = place.split("; ").collect();
        let in_place = event
            .location
            .name
            .as_deref()
            .is_some_and(|n| names.contains(&n))
            || event
                .location
                .country
                .as_deref()
                .is_some_and(|c| tally.location.country.as_deref() == Some(c));
        if tally.location.is_known() && !in_place && !names.is_empty() && event.location.is_known()
        {
            return false;
        }
    }
    true
}

/// Every tally with what it claims, set against the stored events that fit it.
pub fn tallies(db: &Path, filter: &EventFilter, json: bool) -> Result<ExitCode> {
    let store: Store = open_existing(db)?;
    let all = store.events(&EventFilter {
        include_tallies: true,
        ..filter.clone()
    })?;
    let (tallies, events): (Vec<&Record>, Vec<&Record>) = all.iter().partition(|r| r.tally);
    let checks: Vec<TallyCheck> = tallies
        .iter()
        .map(|t| {
            let count = t.figures.iter().find(|f| f.kind == FigureKind::Attacks);
            TallyCheck {
                id: t.id.clone(),
                attacker: t.attackers().map(|a| a.name.clone()).collect(),
                target: t.targets().map(|a| a.name.clone()).collect(),
                place: t.location.name.clone(),
                period_start: t.date.start,
                period_end: t.date.end,
                claimed_low: count.and_then(|f| f.low),
                claimed_high: count.and_then(|f| f.high),
                claimant: count.and_then(|f| f.claimant.clone()),
                matching_events: events.iter().filter(|e| fits(t, e)).count(),
                evidence: t
                    .evidence
                    .first()
                    .map(|e| e.text.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        for c in &checks {
            serde_json::to_writer(&mut out, c)?;
            writeln!(out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if checks.is_empty() {
        writeln!(out, "no tallies")?;
    }
    for (c, t) in checks.iter().zip(&tallies) {
        let claimed = t
            .figures
            .iter()
            .find(|f| f.kind == FigureKind::Attacks)
            .map(crate::render::figure_value)
            .unwrap_or_else(|| "?".into());
        let period = match (c.period_start, c.period_end) {
            (Some(s), Some(e)) => format!("{s}..{e}"),
            (Some(s), None) => format!("since {s}"),
            _ => "period unknown".into(),
        };
        let who = if c.attacker.is_empty() {
            "?".to_string()
        } else {
            c.attacker.join(", ")
        };
        let whom = if c.target.is_empty() {
            "?".to_string()
        } else {
            c.target.join(", ")
        };
        writeln!(
            out,
            "{}  {who} → {whom}  {}  {period}",
            &c.id[..c.id.len().min(10)],
            c.place.as_deref().unwrap_or("place unknown")
        )?;
        writeln!(
            out,
            "    claimed: {claimed} attacks{}   stored events that fit: {}",
            c.claimant
                .as_deref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default(),
            c.matching_events
        )?;
        writeln!(out, "    “{}”", c.evidence)?;
    }
    Ok(ExitCode::SUCCESS)
}
