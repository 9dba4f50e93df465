//! `sitrep-bench events FILE`: event coding measured on UCDP GED rows that
//! carry a source headline (`../shared/bench/events/ucdp-ged-iraq/…csv`).
//!
//! Each row's `source_headline` is the text (several headlines joined by
//! ";" become separate paragraphs) and `source_date` its publication date;
//! the text goes through the real pipeline (annotate, extract). Scores, per
//! row:
//!
//! - **yield**: at least one violent report (`reported`, not a tally, coded
//!   as a battle, remote violence, violence against civilians, a riot or
//!   excessive force — or an attack whose means the text does not say);
//! - **type**: UCDP's `type_of_violence` (1 state-based, 2 non-state, 3
//!   one-sided) read off the violent reports' actors: civilians targeted →
//!   3; a state force on either side → 1; armed groups on both sides → 2;
//!   a direct attack, abduction or sexual violence on nobody named → 3;
//!   otherwise undetermined (counted as a miss);
//! - **location**: rows with `where_prec` ≤ 3 — *some* violent report of
//!   the headline placed within 50 km of the row's point (a headline may
//!   tell several events, and the row is one of them);
//! - **killed**: rows whose headline states a killed figure — the first
//!   such figure's lower bound (its upper bound when only that is known)
//!   against the **sum** of `low` and `high` over all rows that share the
//!   headline. UCDP splits one headline's toll ("blasts kill 30") into
//!   several events; comparing it with one row's share would score the
//!   headline against a part of what it counts. A row alone on its headline
//!   is compared with its own [`low`, `high`];
//! - **sides**: every extracted actor normalised to a UCDP side name through
//!   [`SIDE_TABLE`] and the kb's parents (Peshmerga → Kurdistan Regional
//!   Government → Iraq → "Government of Iraq"); a state, its forces and
//!   generic "soldiers"/"police" of the event's country → "Government of
//!   <country>"; civilians → "Civilians"; an unidentified armed group matches
//!   nobody (it is no side, and no third party either). A row agrees when
//!   some normalised actor is `side_a` or `side_b` and none is a third
//!   party; coverage of each side is printed too.
//!
//! A headline is short and a UCDP event may pool several sources, so these
//! measure recall of what a headline can say, not a perfect gold standard.
//!
//! **Speed** is extraction alone (`Extractor::extract` on sentences already
//! annotated), on one thread, repeated for at least two seconds.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use sitrep_core::nlp::Annotation;
use sitrep_core::{ActorKind, ActorRole, Article, Block, BlockKind, FigureKind, Record, Status};
use sitrep_extract::Extractor;
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;

const MIN_TIME: Duration = Duration::from_secs(2);
const NEAR_KM: f64 = 50.0;
/// Examples printed per kind of failure with `--misses`.
const MISS_EXAMPLES: usize = 6;

struct Row {
    id: String,
    headline: String,
    published: Option<NaiveDate>,
    violence: u8,
    side_a: String,
    side_b: String,
    where_prec: u8,
    lat: f64,
    lon: f64,
    low: u32,
    high: u32,
}

fn load(path: &Path) -> Result<(Vec<Row>, usize)> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no column {name:?}", path.display()))
    };
    let (c_id, c_head, c_date, c_type) = (
        col("id")?,
        col("source_headline")?,
        col("source_date")?,
        col("type_of_violence")?,
    );
    let (c_a, c_b, c_prec, c_lat, c_lon, c_low, c_high) = (
        col("side_a")?,
        col("side_b")?,
        col("where_prec")?,
        col("latitude")?,
        col("longitude")?,
        col("low")?,
        col("high")?,
    );
    let mut rows = Vec::new();
    let mut bad = 0;
    for (n, record) in reader.records().enumerate() {
        let parsed = record.map_err(anyhow::Error::from).and_then(|r| {
            Ok(Row {
                id: r[c_id].to_string(),
                headline: r[c_head].to_string(),
                published: r[c_date].get(..10).and_then(|d| d.parse().ok()),
                violence: r[c_type].parse()?,
                side_a: r[c_a].to_string(),
                side_b: r[c_b].to_string(),
                where_prec: r[c_prec].parse()?,
                lat: r[c_lat].parse()?,
                lon: r[c_lon].parse()?,
                low: r[c_low].parse()?,
                high: r[c_high].parse()?,
            })
        });
        match parsed {
            Ok(row) if !row.headline.trim().is_empty() => rows.push(row),
            Ok(row) => {
                bad += 1;
                eprintln!(
                    "error: {} row {}: empty source_headline",
                    path.display(),
                    row.id
                );
            }
            Err(e) => {
                bad += 1;
                eprintln!("error: {} record {}: {e}", path.display(), n + 1);
            }
        }
    }
    Ok((rows, bad))
}

fn article(row: &Row) -> Article {
    let mut text = String::new();
    let mut blocks = Vec::new();
    for part in row
        .headline
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(part);
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            start,
            end: text.len(),
        });
    }
    Article {
        doc_id: format!("d_ucdp_{}", row.id),
        title: None,
        published: row.published,
        author: None,
        language: None,
        site: None,
        url: None,
        text,
        blocks,
    }
}

fn is_violent(r: &Record) -> bool {
    r.status == Status::Reported
        && !r.tally
        && match r.event_type.as_deref() {
            None => true,
            Some(
                "Battles" | "Explosions/Remote violence" | "Violence against civilians" | "Riots",
            ) => true,
            Some(_) => r.sub_event_type.as_deref() == Some("Excessive force against protesters"),
        }
}

/// UCDP's type of violence as the reports' actors say it; 0 = undetermined.
fn violence_type(reports: &[&Record]) -> u8 {
    let actors = || reports.iter().flat_map(|r| r.actors.iter());
    if actors().any(|a| a.role == ActorRole::Target && a.kind == ActorKind::Civilians) {
        return 3;
    }
    if actors().any(|a| {
        a.role != ActorRole::Other && matches!(a.kind, ActorKind::State | ActorKind::Military)
    }) {
        return 1;
    }
    let groups = |role| actors().any(|a| a.role == role && a.kind == ActorKind::ArmedGroup);
    if groups(ActorRole::Attacker) && groups(ActorRole::Target) {
        return 2;
    }
    let one_sided = reports.iter().any(|r| {
        matches!(
            r.sub_event_type.as_deref(),
            Some("Attack" | "Abduction/forced disappearance" | "Sexual violence")
        ) && r.targets().next().is_none()
    });
    if one_sided { 3 } else { 0 }
}

/// kb actor → UCDP side name, for what the kb's parents do not settle.
/// Checked at every step up an actor's parent chain, so a more specific row
/// wins (Jaysh al-Mukhtar before its parent Kata'ib Hezbollah).
///
/// - UCDP's "IS" is the organisation of that name and its forerunners, al-Qaeda
///   in Iraq and the Islamic State of Iraq: Iraqi headlines of 2013 call it
///   "al-Qaeda" or "Qaeda".
/// - GED names only the primary party of a side. Forces fighting alongside
///   the Iraqi government — the Popular Mobilization Forces and the militias
///   that formed them, and the US-led coalition with its members' forces —
///   are secondary warring parties and their events are filed under
///   "Government of Iraq". (The Peshmerga reach it through the kb: Peshmerga
///   → Kurdistan Regional Government → Iraq.)
/// - Groups UCDP names by an acronym or a short name.
pub const SIDE_TABLE: &[(&str, &str)] = &[
    ("isis", "IS"),
    ("al_qaeda", "IS"),
    ("aqi", "IS"),
    ("pmf", "Government of Iraq"),
    ("badr_organization", "Government of Iraq"),
    ("asaib_ahl_al_haq", "Government of Iraq"),
    ("kataib_hezbollah", "Government of Iraq"),
    ("coalition", "Government of Iraq"),
    ("us", "Government of Iraq"),
    ("us_military", "Government of Iraq"),
    ("uk", "Government of Iraq"),
    ("uk_armed_forces", "Government of Iraq"),
    ("pkk", "PKK"),
    ("jrtn", "JRTN"),
    ("mek", "MEK"),
    ("jaysh_al_mukhtar", "Jaysh al-Mukhtar"),
];

/// The UCDP side name an extracted actor stands for, if any.
fn side_name(kb: &Kb, actor: &sitrep_core::Actor) -> Option<String> {
    if actor.kind == ActorKind::Civilians {
        return Some("Civilians".into());
    }
    let government = |country: &str| {
        kb.actors
            .iter()
            .find(|a| a.kind == ActorKind::State && a.country.as_deref() == Some(country))
            .map(|a| format!("Government of {}", a.name))
    };
    let mut id = actor.kb_id.clone();
    for _ in 0..8 {
        let Some(current) = id else { break };
        if let Some((_, side)) = SIDE_TABLE.iter().find(|(kb_id, _)| *kb_id == current) {
            return Some(side.to_string());
        }
        let entry = kb.actor(&current)?;
        if entry.kind == ActorKind::State {
            return entry.country.as_deref().and_then(government);
        }
        if entry.parent.is_none() && matches!(entry.kind, ActorKind::Military) {
            // Generic forces ("soldiers", "police") of the event's country.
            return actor.country.as_deref().and_then(government);
        }
        id = entry.parent.clone();
    }
    None
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "n/a".into()
    } else {
        format!("{:.1}% ({n}/{d})", 100.0 * n as f64 / d as f64)
    }
}

#[derive(Default)]
struct Tally {
    rows: usize,
    violent: usize,
    type_agree: usize,
    loc_eligible: usize,
    loc_near: usize,
    killed_eligible: usize,
    killed_in_range: usize,
    sides_named: usize,
    sides_agree: usize,
    side_a_found: usize,
    side_b_found: usize,
    /// (UCDP type, extracted type) → rows.
    types: BTreeMap<(u8, u8), usize>,
    /// Failure kind → (rows, first examples).
    failures: BTreeMap<&'static str, (usize, Vec<String>)>,
}

impl Tally {
    fn fail(&mut self, kind: &'static str, example: String) {
        let entry = self.failures.entry(kind).or_default();
        entry.0 += 1;
        if entry.1.len() < MISS_EXAMPLES {
            entry.1.push(example);
        }
    }
}

pub fn run(path: &Path, kb: &Kb, misses: bool) -> Result<ExitCode> {
    let (rows, bad) = load(path)?;
    // Deaths summed over the rows that share a headline: (low, high, rows).
    let mut by_headline: std::collections::HashMap<&str, (u32, u32, usize)> =
        std::collections::HashMap::new();
    for row in &rows {
        let entry = by_headline.entry(row.headline.as_str()).or_default();
        entry.0 += row.low;
        entry.1 += row.high;
        entry.2 += 1;
    }
    let annotator = Annotator::new(kb);
    let extractor = Extractor::new(kb);
    let prepared: Vec<(Article, Annotation)> = rows
        .iter()
        .map(|row| {
            let a = article(row);
            let ann = annotator.annotate(&a, a.published);
            (a, ann)
        })
        .collect();

    let mut t = Tally::default();
    for (row, (a, ann)) in rows.iter().zip(&prepared) {
        t.rows += 1;
        let reports = extractor.extract(a, ann);
        let violent: Vec<&Record> = reports.iter().filter(|r| is_violent(r)).collect();
        let show = |what: &str| format!("{} [{}] {what}", row.id, row.headline);
        if violent.is_empty() {
            t.fail("no violent event", show(""));
            t.types
                .entry((row.violence, 9))
                .and_modify(|n| *n += 1)
                .or_insert(1);
            continue;
        }
        t.violent += 1;
        let predicted = violence_type(&violent);
        *t.types.entry((row.violence, predicted)).or_default() += 1;
        if predicted == row.violence {
            t.type_agree += 1;
        } else if predicted == 0 {
            t.fail("type undetermined", show(""));
        } else {
            t.fail(
                "type differs",
                show(&format!("ucdp {} extracted {predicted}", row.violence)),
            );
        }

        if row.where_prec <= 3 {
            t.loc_eligible += 1;
            let distances: Vec<f64> = violent
                .iter()
                .filter_map(|r| {
                    Some(haversine_km(
                        r.location.lat?,
                        r.location.lon?,
                        row.lat,
                        row.lon,
                    ))
                })
                .collect();
            let best = distances.iter().copied().fold(f64::INFINITY, f64::min);
            if best <= NEAR_KM {
                t.loc_near += 1;
            } else if distances.is_empty() {
                let named = violent.iter().find_map(|r| r.location.name.clone());
                match named {
                    Some(n) => t.fail("place without a point (country/region)", show(&n)),
                    None => t.fail("no place", show("")),
                }
            } else {
                t.fail("place too far", show(&format!("{best:.0} km")));
            }
        }

        let killed = violent
            .iter()
            .flat_map(|r| r.figures.iter())
            .find(|f| f.kind == FigureKind::Killed && (f.low.is_some() || f.high.is_some()));
        if let Some(f) = killed {
            t.killed_eligible += 1;
            let value = f.low.or(f.high).unwrap_or(0) as u32;
            let (low, high, shared) = by_headline[row.headline.as_str()];
            if (low..=high).contains(&value) {
                t.killed_in_range += 1;
            } else {
                t.fail(
                    "killed out of range",
                    show(&format!("{value} vs [{low}, {high}] over {shared} row(s)")),
                );
            }
        }

        let names: Vec<Option<String>> = violent
            .iter()
            .flat_map(|r| r.actors.iter())
            .filter(|a| a.role != ActorRole::Other)
            .map(|a| side_name(kb, a))
            .collect();
        let mapped: Vec<&String> = names.iter().flatten().collect();
        if !mapped.is_empty() {
            t.sides_named += 1;
        }
        let on_a = mapped.iter().any(|n| **n == row.side_a);
        let on_b = mapped.iter().any(|n| **n == row.side_b);
        t.side_a_found += on_a as usize;
        t.side_b_found += on_b as usize;
        let third = mapped
            .iter()
            .any(|n| **n != row.side_a && **n != row.side_b);
        if (on_a || on_b) && !third {
            t.sides_agree += 1;
        } else if mapped.is_empty() {
            t.fail("no side named", show(""));
        } else {
            let list: Vec<&str> = mapped.iter().map(|s| s.as_str()).collect();
            t.fail(
                "sides differ",
                show(&format!(
                    "{} vs {}/{}",
                    list.join("+"),
                    row.side_a,
                    row.side_b
                )),
            );
        }
    }

    // Speed: extraction alone over the annotated rows.
    let sentences: usize = prepared.iter().map(|(_, ann)| ann.sentences.len()).sum();
    let started = Instant::now();
    let mut passes = 0usize;
    while passes < 3 || started.elapsed() < MIN_TIME {
        for (a, ann) in &prepared {
            std::hint::black_box(extractor.extract(a, ann));
        }
        passes += 1;
    }
    let seconds = started.elapsed().as_secs_f64();

    println!(
        "UCDP GED headlines: {} rows ({} unreadable), {}",
        t.rows,
        bad,
        path.display()
    );
    let shared_rows: usize = by_headline
        .values()
        .filter(|(_, _, n)| *n > 1)
        .map(|(_, _, n)| n)
        .sum();
    println!(
        "  {shared_rows} rows share their headline with others ({} distinct headlines)",
        by_headline.len()
    );
    println!(
        "  yield (>= 1 violent event)        {}",
        pct(t.violent, t.rows)
    );
    println!(
        "  type agreement (type_of_violence) {}",
        pct(t.type_agree, t.rows)
    );
    println!(
        "  location within {NEAR_KM:.0} km (where_prec <= 3) {}",
        pct(t.loc_near, t.loc_eligible)
    );
    println!(
        "  killed in [low, high] summed over the rows sharing a headline (headline states a number) {}",
        pct(t.killed_in_range, t.killed_eligible)
    );
    println!(
        "  side agreement (side_a/side_b)    {}; rows naming a side {}; side_a found {}, side_b found {}",
        pct(t.sides_agree, t.rows),
        pct(t.sides_named, t.rows),
        pct(t.side_a_found, t.rows),
        pct(t.side_b_found, t.rows)
    );
    println!("type confusion (rows; columns: extracted 1/2/3, 0 = undetermined, - = no event):");
    println!("  ucdp\\ext      1      2      3      0      -");
    for ucdp in [1u8, 2, 3] {
        let cell = |p: u8| t.types.get(&(ucdp, p)).copied().unwrap_or(0);
        println!(
            "  {ucdp:>8} {:>6} {:>6} {:>6} {:>6} {:>6}",
            cell(1),
            cell(2),
            cell(3),
            cell(0),
            cell(9)
        );
    }
    println!("failures:");
    for (kind, (n, examples)) in &t.failures {
        println!("  {kind:<40} {n:>5}");
        if misses {
            for e in examples {
                println!("      {e}");
            }
        }
    }
    println!(
        "extraction speed: {:.0} sentences/s on one thread ({} sentences x {passes} passes in {seconds:.2} s)",
        (sentences * passes) as f64 / seconds,
        sentences
    );
    Ok(if bad > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
