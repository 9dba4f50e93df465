//! Human-readable output: the events table, the timeline, one event, stats
//! and tallies.

use std::borrow::Cow;
use std::io::{self, Write};

use sitrep::questions::{Source, Stats, TallyCheck};
use sitrep::{Record, Timeline};
use sitrep_core::{DatePrecision, Figure, FigureKind, LocationPrecision, Qualifier, Stance};

/// "1 event", "2 events".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A copy of `value` whose every string is [`terminal_safe`]: what a page
/// says (titles, names, sentences, URLs) reaches the terminal as text, never
/// as escape sequences or extra lines.
pub fn safe<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(value: &T) -> T {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Cow::Owned(clean) = terminal_safe(s) {
                    *s = clean;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    let Ok(mut json) = serde_json::to_value(value) else {
        return value.clone();
    };
    walk(&mut json);
    serde_json::from_value(json).unwrap_or_else(|_| value.clone())
}

/// `text` with control characters (escape sequences, carriage returns,
/// stray newlines) written out as `\u{..}`, so text from a page or a file
/// name cannot move the cursor or fake output lines.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn date(r: &Record) -> String {
    match (r.date.start, r.date.end, r.date.precision) {
        (None, _, _) => "date unknown".to_string(),
        (Some(s), Some(e), DatePrecision::Day) if s == e => s.to_string(),
        (Some(s), Some(e), _) => format!("{s}..{e}"),
        (Some(s), None, _) => format!("since {s}"),
    }
}

fn kind(r: &Record) -> String {
    match (&r.sub_event_type, r.tally) {
        (_, true) => "tally".to_string(),
        (Some(sub), _) => sub.clone(),
        (None, _) => "attack (type unknown)".to_string(),
    }
}

fn place(r: &Record) -> String {
    let l = &r.location;
    let precision = match l.precision {
        LocationPrecision::Unknown => return "place unknown".to_string(),
        p => serde_json::to_value(p)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
    };
    let name = l.name.clone().unwrap_or_default();
    match &l.country {
        Some(c) if !name.is_empty() && l.precision != LocationPrecision::Country => {
            format!("{name}, {c} ({precision})")
        }
        _ => format!("{name} ({precision})"),
    }
}

fn sides(r: &Record) -> String {
    let names = |it: &mut dyn Iterator<Item = &sitrep_core::Actor>| {
        it.map(|a| a.name.clone()).collect::<Vec<_>>().join(", ")
    };
    let attackers = names(&mut r.attackers());
    let targets = names(&mut r.targets());
    let or_unknown = |s: String| if s.is_empty() { "?".to_string() } else { s };
    format!("{} → {}", or_unknown(attackers), or_unknown(targets))
}

pub fn figure_value(f: &Figure) -> String {
    let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
    match f.qualifier {
        Qualifier::Exact => n(f.low),
        Qualifier::AtLeast => format!("at least {}", n(f.low)),
        Qualifier::MoreThan => format!("more than {}", n(f.low)),
        Qualifier::About if f.low != f.high => format!("{}–{}", n(f.low), n(f.high)),
        Qualifier::About => format!("about {}", n(f.low)),
        Qualifier::UpTo => format!("up to {}", n(f.high)),
        Qualifier::Unknown => format!("an unstated number ({}–{})", n(f.low), n(f.high)),
    }
}

fn kind_label(k: FigureKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn stance_label(s: Stance) -> &'static str {
    match s {
        Stance::Claim => "claim",
        Stance::Denial => "denial",
        Stance::Confirmation => "confirmation",
        Stance::Correction => "later revision",
        Stance::Report => "report",
    }
}

/// "killed 0–80 (disputed)" style summary of the casualty figures.
fn toll(r: &Record) -> String {
    let mut parts = Vec::new();
    for k in [
        FigureKind::Killed,
        FigureKind::Injured,
        FigureKind::Casualties,
        FigureKind::Attacks,
    ] {
        let figs: Vec<&Figure> = r.figures.iter().filter(|f| f.kind == k).collect();
        if figs.is_empty() {
            continue;
        }
        let mut values: Vec<String> = figs.iter().map(|f| figure_value(f)).collect();
        values.dedup();
        let disputed = values.len() > 1;
        parts.push(format!(
            "{} {}{}",
            kind_label(k),
            values.join(" / "),
            if disputed { " (disputed)" } else { "" }
        ));
    }
    parts.join("; ")
}

fn short(id: &str) -> &str {
    &id[..id.len().min(10)]
}

pub fn table(out: &mut (impl Write + ?Sized), events: &[Record]) -> io::Result<()> {
    if events.is_empty() {
        return writeln!(out, "no events");
    }
    writeln!(
        out,
        "{:<10}  {:<22}  {:<34}  {:<40}  {:<36}  TOLL",
        "ID", "DATE", "TYPE", "WHO", "WHERE"
    )?;
    for e in events {
        let e = &safe(e);
        writeln!(
            out,
            "{:<10}  {:<22}  {:<34}  {:<40}  {:<36}  {}",
            short(&e.id),
            date(e),
            kind(e),
            sides(e),
            place(e),
            toll(e)
        )?;
    }
    writeln!(out, "{}", plural(events.len(), "event", "events"))
}

pub fn timeline(out: &mut (impl Write + ?Sized), records: &[Record]) -> io::Result<()> {
    let (tallies, events): (Vec<&Record>, Vec<&Record>) = records.iter().partition(|r| r.tally);
    writeln!(
        out,
        "Timeline ({})",
        plural(events.len(), "event", "events")
    )?;
    for e in &events {
        writeln!(out, "  {:<22} {}  {}", date(e), short(&e.id), kind(e))?;
        writeln!(out, "  {:<22} {}", "", sides(e))?;
        writeln!(out, "  {:<22} {}", "", place(e))?;
        let toll = toll(e);
        if !toll.is_empty() {
            writeln!(out, "  {:<22} {}", "", toll)?;
        }
        writeln!(out, "  {:<22} sources: {}", "", e.doc_ids.len())?;
    }
    if !tallies.is_empty() {
        writeln!(out)?;
        writeln!(out, "Tallies (aggregate statements, not single events)")?;
        for t in &tallies {
            writeln!(
                out,
                "  {:<22} {}  {}  {}",
                date(t),
                short(&t.id),
                sides(t),
                toll(t)
            )?;
        }
    }
    Ok(())
}

/// A source whose title, URL and path are [`terminal_safe`].
fn safe_source(source: &Source) -> Source {
    let text = |s: &String| terminal_safe(s).into_owned();
    let mut source = source.clone();
    if let Some(doc) = source.doc.as_mut() {
        doc.title = doc.title.as_ref().map(text);
        doc.url = doc.url.as_ref().map(text);
        doc.source = text(&doc.source);
    }
    source
}

pub fn show(out: &mut (impl Write + ?Sized), e: &Record, sources: &[Source]) -> io::Result<()> {
    let e = &safe(e);
    let sources: Vec<Source> = sources.iter().map(safe_source).collect();
    let sources = sources.as_slice();
    writeln!(out, "{}  {}", e.id, if e.tally { "(tally)" } else { "" })?;
    writeln!(
        out,
        "  type      {} / {}",
        e.event_type.as_deref().unwrap_or("?"),
        e.sub_event_type.as_deref().unwrap_or("?")
    )?;
    writeln!(
        out,
        "  date      {} (precision {:?}{})",
        date(e),
        e.date.precision,
        e.date
            .text
            .as_deref()
            .map(|t| format!(", from \"{t}\""))
            .unwrap_or_default()
    )?;
    writeln!(out, "  place     {}", place(e))?;
    if let (Some(lat), Some(lon)) = (e.location.lat, e.location.lon) {
        writeln!(out, "            {lat:.4}, {lon:.4}")?;
    }
    for a in &e.actors {
        writeln!(
            out,
            "  {:<9} {} ({:?}{})",
            format!("{:?}", a.role).to_lowercase(),
            a.name,
            a.kind,
            a.country
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default()
        )?;
    }
    if !e.weapons.is_empty() {
        writeln!(out, "  weapons   {}", e.weapons.join(", "))?;
    }
    if !e.figures.is_empty() {
        writeln!(out)?;
        writeln!(out, "  Claims")?;
        let published = |doc_id: &str| {
            sources
                .iter()
                .find(|s| s.id == doc_id)
                .and_then(|s| s.doc.as_ref())
                .and_then(|d| d.published)
                .map(|p| p.to_string())
                .unwrap_or_else(|| "undated".into())
        };
        // The ledger first (range, dispute flag), then every claim under it.
        for toll in &e.ledger {
            let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
            // An open-ended claim ("at least 80") shows as "80+".
            let top = e
                .figures
                .iter()
                .filter(|f| f.kind == toll.kind)
                .filter_map(|f| f.low)
                .max();
            let range = match (toll.low, toll.high) {
                (low, high) if low == high => n(low),
                (low, None) if top > low => format!("{}–{}+", n(low), n(top)),
                (low, None) => format!("{}+", n(low)),
                (low, high) => format!("{}–{}", n(low), n(high)),
            };
            let flag = if toll.disputed { "  ⚠ disputed" } else { "" };
            writeln!(
                out,
                "  {}: {range} across {}{flag}",
                kind_label(toll.kind),
                plural(toll.claims, "claim", "claims")
            )?;
            for f in e.figures.iter().filter(|f| f.kind == toll.kind) {
                writeln!(
                    out,
                    "    {:<22} {:<14} {:<34} reported {}{}",
                    figure_value(f),
                    stance_label(f.stance),
                    f.claimant.as_deref().unwrap_or("unattributed"),
                    published(&f.evidence.doc_id),
                    f.subject
                        .as_deref()
                        .map(|s| format!(" — of {s}"))
                        .unwrap_or_default()
                )?;
                writeln!(out, "      “{}”", f.evidence.text)?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "  Evidence ({})",
        plural(e.evidence.len(), "sentence", "sentences")
    )?;
    for ev in &e.evidence {
        writeln!(
            out,
            "    [{} {}..{}] {}",
            short(&ev.doc_id),
            ev.start,
            ev.end,
            ev.text
        )?;
    }
    writeln!(out)?;
    writeln!(out, "  Sources")?;
    for source in sources {
        let id = &source.id;
        match &source.doc {
            Some(d) => writeln!(
                out,
                "    {id}  {}  {}  {}",
                d.published
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "undated".into()),
                d.title.as_deref().unwrap_or("(untitled)"),
                d.url.as_deref().unwrap_or(&d.source)
            )?,
            None => writeln!(out, "    {id}")?,
        }
        if !source.copies.is_empty() {
            writeln!(
                out,
                "      republished as {} (not counted again)",
                source.copies.join(", ")
            )?;
        }
    }
    Ok(())
}

/// The `timeline` chart: one bar per bucket, scaled to the fullest.
pub fn timeline_chart(out: &mut (impl Write + ?Sized), t: &Timeline) -> io::Result<()> {
    let max = t
        .counts
        .values()
        .map(|groups| groups.values().sum::<u64>())
        .max()
        .unwrap_or(0);
    const WIDTH: usize = 40;
    writeln!(
        out,
        "Events per {} by {} ({})",
        t.bucket,
        t.group_by,
        plural(t.events as usize, "event", "events")
    )?;
    for (slot, groups) in &t.counts {
        let total: u64 = groups.values().sum();
        let bar = "█".repeat((total as usize * WIDTH).div_ceil(max.max(1) as usize));
        let detail: Vec<String> = groups.iter().map(|(g, n)| format!("{g} {n}")).collect();
        writeln!(
            out,
            "{slot:<10} {bar:<WIDTH$} {total:>4}  {}",
            terminal_safe(&detail.join(", "))
        )?;
    }
    if t.undated > 0 {
        writeln!(
            out,
            "{:<10} {:<WIDTH$} {:>4}  (date unknown)",
            "undated", "", t.undated
        )?;
    }
    Ok(())
}

/// The `stats` text: totals, then each breakdown, largest first.
pub fn stats(out: &mut (impl Write + ?Sized), stats: &Stats) -> io::Result<()> {
    let n = |v: u64| v as usize;
    let events = &stats.events;
    writeln!(
        out,
        "{} ({} republished {}), {}, {} ({} with disputed figures), {}",
        plural(n(stats.documents), "document", "documents"),
        stats.duplicate_documents,
        if stats.duplicate_documents == 1 {
            "copy"
        } else {
            "copies"
        },
        plural(n(stats.reports), "report", "reports"),
        plural(n(events.events), "event", "events"),
        events.disputed_events,
        plural(n(events.tallies), "tally", "tallies"),
    )?;
    for (title, map) in [
        ("by type", &events.by_type),
        ("by country", &events.by_country),
        ("by date precision", &events.by_date_precision),
        ("by location precision", &events.by_location_precision),
    ] {
        writeln!(out, "\n{title}")?;
        let mut rows: Vec<(&String, &u64)> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (key, n) in rows {
            writeln!(out, "  {n:>6}  {}", terminal_safe(key))?;
        }
    }
    Ok(())
}

/// The `tallies` text: each tally, what it claims, and how many stored
/// events fit it.
pub fn tallies(out: &mut (impl Write + ?Sized), checks: &[TallyCheck]) -> io::Result<()> {
    if checks.is_empty() {
        writeln!(out, "no tallies")?;
    }
    for c in checks {
        let text = |s: &String| terminal_safe(s).into_owned();
        let c = &TallyCheck {
            attacker: c.attacker.iter().map(text).collect(),
            target: c.target.iter().map(text).collect(),
            place: c.place.as_ref().map(text),
            claimant: c.claimant.as_ref().map(text),
            evidence: text(&c.evidence),
            tally: safe(&c.tally),
            ..c.clone()
        };
        let claimed = c
            .tally
            .figures
            .iter()
            .find(|f| f.kind == FigureKind::Attacks)
            .map(figure_value)
            .unwrap_or_else(|| "?".into());
        let period = match (c.period_start, c.period_end) {
            (Some(s), Some(e)) => format!("{s}..{e}"),
            (Some(s), None) => format!("since {s}"),
            _ => "period unknown".into(),
        };
        let names = |v: &[String]| {
            if v.is_empty() {
                "?".to_string()
            } else {
                v.join(", ")
            }
        };
        writeln!(
            out,
            "{}  {} → {}  {}  {period}",
            short(&c.id),
            names(&c.attacker),
            names(&c.target),
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
    Ok(())
}

/// The change log, one line per entry.
pub fn changes(out: &mut (impl Write + ?Sized), changes: &[sitrep::Change]) -> io::Result<()> {
    if changes.is_empty() {
        return writeln!(out, "no changes");
    }
    for c in changes {
        let ids = |v: &[String]| {
            if v.is_empty() {
                "-".to_string()
            } else {
                v.join(", ")
            }
        };
        let fields = if c.fields.is_empty() {
            String::new()
        } else {
            format!("  ({})", c.fields.join(", "))
        };
        writeln!(
            out,
            "{:>6}  {}  {:<9}  {} → {}{fields}",
            c.seq,
            c.at,
            c.kind.as_str(),
            ids(&c.before),
            ids(&c.after)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(plural(0, "event", "events"), "0 events");
        assert_eq!(plural(1, "event", "events"), "1 event");
        assert_eq!(plural(2, "failure", "failures"), "2 failures");
    }

    #[test]
    fn page_text_cannot_move_the_cursor() {
        let mut record: Record = serde_json::from_value(serde_json::json!({
            "id": "e_1", "record": "event", "doc_id": "d_1", "doc_ids": ["d_1"],
            "report_ids": [], "status": "reported",
            "date": {"start": null, "end": null, "precision": "unknown"},
            "location": {"precision": "unknown"},
            "actors": [{"name": "Evil\u{1b}[2J\nFake line", "role": "attacker", "kind": "armed_group"}],
            "weapons": [], "figures": [], "evidence": [], "tally": false
        }))
        .unwrap();
        record.evidence.push(sitrep_core::Evidence {
            doc_id: "d_1".into(),
            start: 0,
            end: 5,
            text: "A line\rover\u{9b}written".into(),
        });
        let mut out = Vec::new();
        show(&mut out, &record, &[]).unwrap();
        table(&mut out, std::slice::from_ref(&record)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(!text.contains("\nFake line"), "{text}");
        assert!(text.contains("Evil\\u{1b}[2J\\u{a}Fake line"), "{text}");
    }

    #[test]
    fn control_characters_are_written_out() {
        assert_eq!(
            terminal_safe("plain – text “quoted”"),
            "plain – text “quoted”"
        );
        assert_eq!(terminal_safe("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(terminal_safe("line\nfake"), "line\\u{a}fake");
    }
}
