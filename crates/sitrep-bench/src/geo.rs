//! `sitrep-bench geo DIR`: toponym resolution on a TR-News-style set
//! (`DIR/TR-News.xml`: articles with their text and gold toponyms, each with
//! a character span and, when linked, a GeoNames id and coordinates) or on
//! GeoVirus (`DIR/GeoVirus.xml`: Wikinews articles, gold locations with a
//! span, coordinates and a Wikipedia page), whichever file is there.
//!
//! A resolution is correct when it is the gold GeoNames entry (same id: a
//! country or province has no point of its own in our output, and our
//! representative point for it is not GeoNames' centroid), lies within
//! 161 km of the gold point, or, for an area (a country, a division, a
//! continent), is what the gold Wikipedia page names (GeoVirus has no
//! GeoNames ids, and its point for a country is not ours either).
//!
//! * **accuracy@161 km on gold toponyms**: each gold phrase is resolved with
//!   the rest of its article as context (the span the geoparser found there
//!   if it found one); share of linked toponyms placed within 161 km.
//! * **end to end**: the toponyms the pipeline finds in the raw text, by
//!   its own place path (the nlp stage's names, resolved together by
//!   `Geocoder::article_places`, as extraction uses them); a found toponym
//!   is correct when it overlaps a gold span and is placed correctly.
//!   Precision, recall, F1. Found toponyms over gold ones without a point
//!   count for neither side, and so do adjectives of places ("Canadian")
//!   found outside gold spans in GeoVirus, which annotates none (TR-News
//!   does); the figure with them counted as wrong is printed beside.
//! * **speed**: toponyms resolved per second and MB of text per second, one
//!   thread, over all articles (repeated for at least two seconds).
//! * `--misses` lists each gold toponym placed wrongly or not found
//!   (`wrong`), not found but placed right when resolved alone (`missed`),
//!   each found toponym that is not gold (`extra`) and each misplaced one.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use sitrep_core::nlp::Annotation;
use sitrep_core::{Block, BlockKind};
use sitrep_geo::{Context, Geocoder, Placed, haversine_km};
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;

struct Gold {
    start: usize,
    end: usize,
    phrase: String,
    point: Option<(f64, f64)>,
    geonameid: Option<u32>,
    /// The English Wikipedia title the gold toponym links to (GeoVirus),
    /// for areas whose representative point is not the set's.
    page: Option<String>,
}

/// A found place as the scorer sees it: its representative point, GeoNames
/// id and, for an area (a country, a division, a continent), the
/// gazetteer's reading of it.
#[derive(Clone, Copy)]
struct Found {
    point: (f64, f64),
    geonameid: Option<u32>,
    area: Option<sitrep_geo::Entry>,
}

/// Correct when the found place is the gold GeoNames entry, lies within 161
/// km of the gold point, or is the area the gold Wikipedia page names.
fn correct(g: &Gold, found: Found) -> bool {
    (found.geonameid.is_some() && found.geonameid == g.geonameid)
        || g.point
            .is_some_and(|gp| haversine_km(found.point.0, found.point.1, gp.0, gp.1) <= 161.0)
        || g.page
            .as_deref()
            .zip(found.area)
            .is_some_and(|(page, area)| page_names(page, &area))
}

/// True when Wikipedia title `page` ("Georgia_(country)", "New_South_Wales")
/// is a name of area `e`: a country, a division or a continent has no one
/// point, and the set's point for it is not the gazetteer's. A qualifier in
/// brackets must agree with the kind ("(country)" only for a country).
fn page_names(page: &str, e: &sitrep_geo::Entry) -> bool {
    use sitrep_geo::EntryKind;
    let title = page.replace('_', " ");
    let (name, qualifier) = match title.split_once(" (") {
        Some((n, q)) => (n.to_string(), Some(q.trim_end_matches(')').to_string())),
        None => (title.clone(), None),
    };
    let kind_agrees = match qualifier.as_deref() {
        None => true,
        Some("country") => e.kind == EntryKind::Country,
        Some(_) => e.kind != EntryKind::Country,
    };
    kind_agrees
        && e.kind != EntryKind::Place
        && sitrep_geo::Gazetteer::get()
            .lookup(&name)
            .contains(&e.index)
}

struct Article {
    text: String,
    gold: Vec<Gold>,
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `xml` without its `<!-- … -->` comments.
fn strip_comments(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open..].find("-->") {
            Some(close) => rest = &rest[open + close + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// The set in `dir`: `TR-News.xml` or `GeoVirus.xml`, whichever is there.
fn load_set(dir: &Path) -> Result<(&'static str, Vec<Article>)> {
    let tr_news = dir.join("TR-News.xml");
    if tr_news.exists() {
        return Ok(("TR-News", load_tr_news(&tr_news)?));
    }
    let geovirus = dir.join("GeoVirus.xml");
    if geovirus.exists() {
        return Ok(("GeoVirus", load_geovirus(&geovirus)?));
    }
    anyhow::bail!(
        "{}: neither TR-News.xml nor GeoVirus.xml is there",
        dir.display()
    )
}

fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("{}: cannot read", file.display()))
}

/// TR-News: `<article>` with `<text><![CDATA[…]]>` and `<toponym>`s with
/// character `<start>`/`<end>`, `<phrase>` and, when linked, a `<gaztag
/// geonameid>` with `<lat>`/`<lon>`.
fn load_tr_news(file: &Path) -> Result<Vec<Article>> {
    let xml = read(file)?;
    let mut out = Vec::new();
    for chunk in xml.split("<article ").skip(1) {
        let text = between(chunk, "<text><![CDATA[", "]]>")
            .with_context(|| format!("{}: an article without <text>", file.display()))?
            .to_string();
        let mut gold = Vec::new();
        for t in chunk.split("<toponym>").skip(1) {
            let num = |tag: &str| {
                between(t, &format!("<{tag}>"), &format!("</{tag}>"))
                    .and_then(|v| v.trim().parse::<f64>().ok())
            };
            let (Some(start), Some(end)) = (num("start"), num("end")) else {
                continue;
            };
            let point = match (num("lat"), num("lon")) {
                (Some(a), Some(b)) if t.contains("<gaztag") => Some((a, b)),
                _ => None,
            };
            gold.push(Gold {
                start: start as usize,
                end: end as usize,
                phrase: unescape(between(t, "<phrase>", "</phrase>").unwrap_or("").trim()),
                point,
                geonameid: between(t, "<gaztag geonameid=\"", "\"").and_then(|v| v.parse().ok()),
                page: None,
            });
        }
        out.push(Article { text, gold });
    }
    Ok(out)
}

/// GeoVirus: `<article>` with an escaped `<text>` and `<location>`s with
/// `<name>`, `<start>`/`<end>` (character offsets counted from 1),
/// `<lat>`/`<lon>` and a Wikipedia `<page>`. Commented-out articles are
/// templates, not data.
fn load_geovirus(file: &Path) -> Result<Vec<Article>> {
    let xml = strip_comments(&read(file)?);
    let mut out = Vec::new();
    for (n, chunk) in xml.split("<article>").skip(1).enumerate() {
        let text = between(chunk, "<text>", "</text>")
            .map(unescape)
            .with_context(|| format!("{}: article {n} without <text>", file.display()))?;
        let mut gold = Vec::new();
        for l in chunk.split("<location>").skip(1) {
            let field = |tag: &str| between(l, &format!("<{tag}>"), &format!("</{tag}>"));
            let num = |tag: &str| field(tag).and_then(|v| v.trim().parse::<f64>().ok());
            let (Some(start), Some(end)) = (num("start"), num("end")) else {
                eprintln!(
                    "{}: article {n}: a location without offsets",
                    file.display()
                );
                continue;
            };
            let (start, end) = (
                (start as usize).saturating_sub(1),
                (end as usize).saturating_sub(1),
            );
            let phrase = unescape(field("name").unwrap_or("").trim());
            let written: String = text.chars().skip(start).take(end - start).collect();
            if written != phrase {
                eprintln!(
                    "{}: article {n}: {phrase:?} is not at {start}..{end} ({written:?})",
                    file.display()
                );
                continue;
            }
            gold.push(Gold {
                start,
                end,
                phrase,
                point: num("lat").zip(num("lon")),
                geonameid: None,
                page: field("page")
                    .and_then(|p| p.trim().rsplit_once("/wiki/"))
                    .map(|(_, t)| percent_decode(t)),
            });
        }
        out.push(Article { text, gold });
    }
    Ok(out)
}

/// "C%C3%B4te_d%27Ivoire" → "Côte_d'Ivoire".
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn run(dir: &Path, kb: &Kb, misses: bool) -> Result<ExitCode> {
    let (set, articles) = load_set(dir)?;
    let geo = Geocoder::new(kb);
    let annotator = Annotator::new(kb);
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();

    // The pipeline's place path: the nlp stage finds the names, the geo
    // stage resolves them together (what extraction places events with).
    let annotated: Vec<(sitrep_core::Article, Annotation)> = articles
        .iter()
        .map(|a| {
            let article = as_article(&a.text);
            let annotation = annotator.annotate(&article, None);
            (article, annotation)
        })
        .collect();
    let resolve_all = || -> Vec<Vec<Placed>> {
        annotated
            .iter()
            .map(|(article, annotation)| geo.article_places(&article.text, annotation))
            .collect()
    };
    let found_all = resolve_all();
    let found_total: usize = found_all.iter().map(Vec::len).sum();
    // Speed of resolution alone (the names are found once, above), one
    // thread, repeated until two seconds and three passes have gone by.
    let started = Instant::now();
    let mut passes = 0usize;
    while passes < 3 || started.elapsed().as_secs_f64() < 2.0 {
        std::hint::black_box(resolve_all());
        passes += 1;
    }
    let seconds = started.elapsed().as_secs_f64() / passes as f64;

    let mut score = Score {
        demonyms_annotated: set != "GeoVirus",
        ..Score::default()
    };
    for (n, (a, found)) in articles.iter().zip(&found_all).enumerate() {
        score.article(&geo, n, a, found, misses);
    }
    let gold_total: usize = articles.iter().map(|a| a.gold.len()).sum();
    println!(
        "{set}: articles {}  gold toponyms {gold_total} (linked {})",
        articles.len(),
        score.linked
    );
    println!(
        "accuracy@161km on gold toponyms: {:.3} ({}/{})",
        ratio(score.within, score.linked),
        score.within,
        score.linked
    );
    let (precision, recall) = (
        ratio(score.tp, score.predicted),
        ratio(score.tp, score.linked),
    );
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    println!(
        "end to end (found, overlapping gold, within 161 km): precision {precision:.3} ({}/{})  recall {recall:.3} ({}/{})  F1 {f1:.3}",
        score.tp, score.predicted, score.tp, score.linked
    );
    if score.unannotated_demonyms > 0 {
        let strict = ratio(score.tp, score.predicted + score.unannotated_demonyms);
        println!(
            "  ({} adjectives of places found outside gold spans, which {set} does not annotate, left out; counted as wrong: precision {strict:.3}, F1 {:.3})",
            score.unannotated_demonyms,
            2.0 * strict * recall / (strict + recall)
        );
    }
    println!(
        "speed: {found_total} toponyms resolved in {seconds:.4} s = {:.0} toponyms/s, {:.2} MB/s of text (one thread, {:.2} MB; finding is the nlp stage's, see `sitrep-bench nlp`)",
        found_total as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        bytes as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

/// The text as the clean stage would hand it on: one paragraph per line.
fn as_article(text: &str) -> sitrep_core::Article {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        if !body.trim().is_empty() {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                start: offset,
                end: offset + body.len(),
            });
        }
        offset += line.len();
    }
    sitrep_core::Article {
        doc_id: "d_bench".into(),
        title: None,
        published: None,
        author: None,
        language: Some("en".into()),
        site: None,
        url: None,
        text: text.to_string(),
        blocks,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The counts behind the figures.
#[derive(Default)]
struct Score {
    /// Gold toponyms with a point, placed within 161 km (found, or resolved
    /// alone with the article as context when not found).
    linked: usize,
    within: usize,
    /// Found toponyms (over unlinked gold ones excepted) and those correct.
    predicted: usize,
    tp: usize,
    /// Whether the set annotates adjectives of places (TR-News does,
    /// GeoVirus does not), and the adjectives found outside gold spans of a
    /// set that does not.
    demonyms_annotated: bool,
    unannotated_demonyms: usize,
}

impl Score {
    fn article(&mut self, geo: &Geocoder, n: usize, a: &Article, found: &[Placed], misses: bool) {
        // Character offsets of what was found.
        let char_at = |byte: usize| a.text[..byte].chars().count();
        let spans: Vec<(usize, usize, Found)> = found
            .iter()
            .map(|p| (char_at(p.start), char_at(p.end), found_of(p)))
            .collect();
        let mut ctx = Context::default();
        for p in found {
            ctx.add(&p.location);
        }
        for g in a.gold.iter().filter(|g| g.point.is_some()) {
            self.linked += 1;
            let found_at = spans.iter().position(|s| s.0 < g.end && g.start < s.1);
            let fallback = match found_at {
                Some(_) => None,
                None => geo.resolve_name(&g.phrase, &ctx, None),
            };
            let resolved = found_at
                .map(|i| spans[i].2)
                .or_else(|| fallback.as_ref().map(found_of));
            if resolved.is_some_and(|f| correct(g, f)) {
                self.within += 1;
                if misses && found_at.is_none() {
                    println!(
                        "missed\t{n}\t{:?}\t(placed right alone)\t{:?}",
                        g.phrase,
                        context(&a.text, byte_of(&a.text, g.start))
                    );
                }
            } else if misses {
                let ours = match (found_at, &fallback) {
                    (Some(i), _) => format!("found as {}", describe(&found[i])),
                    (None, Some(p)) => format!("not found; alone {}", describe(p)),
                    (None, None) => "not found; unknown".to_string(),
                };
                let gp = g.point.unwrap_or_default();
                let km =
                    resolved.map_or(f64::NAN, |f| haversine_km(f.point.0, f.point.1, gp.0, gp.1));
                println!(
                    "wrong\t{n}\t{:?}\tgold {:?} ({:.2}, {:.2})\t{ours}\t{km:.0} km\t{:?}",
                    g.phrase,
                    g.geonameid
                        .map_or_else(|| g.page.clone().unwrap_or_default(), |i| i.to_string()),
                    gp.0,
                    gp.1,
                    context(
                        &a.text,
                        found_at.map_or_else(|| byte_of(&a.text, g.start), |i| found[i].start)
                    ),
                );
            }
        }
        for (i, s) in spans.iter().enumerate() {
            // Found spans over unlinked gold toponyms count for neither side.
            let overlapping: Vec<&Gold> = a
                .gold
                .iter()
                .filter(|g| s.0 < g.end && g.start < s.1)
                .collect();
            if !overlapping.is_empty() && overlapping.iter().all(|g| g.point.is_none()) {
                continue;
            }
            // GeoVirus annotates no adjectives ("Canadian"): one found
            // outside its gold spans is neither right nor wrong.
            if overlapping.is_empty()
                && !self.demonyms_annotated
                && found[i].form == sitrep_geo::NameForm::Demonym
            {
                self.unannotated_demonyms += 1;
                continue;
            }
            self.predicted += 1;
            if overlapping.iter().any(|g| correct(g, s.2)) {
                self.tp += 1;
            } else if misses {
                println!(
                    "{}\t{n}\t{:?}\t{}\t{:?}",
                    if overlapping.is_empty() {
                        "extra"
                    } else {
                        "misplaced"
                    },
                    &a.text[found[i].start..found[i].end],
                    describe(&found[i]),
                    context(&a.text, found[i].start)
                );
            }
        }
    }
}

fn found_of(p: &Placed) -> Found {
    let g = sitrep_geo::Gazetteer::get();
    let area = p.geonameid.and_then(|id| {
        let name = p.location.name.as_deref()?;
        g.lookup(name)
            .into_iter()
            .map(|i| g.entry(i))
            .find(|e| e.geonameid == id && e.kind != sitrep_geo::EntryKind::Place)
    });
    Found {
        point: p.point,
        geonameid: p.geonameid,
        area,
    }
}

fn describe(p: &Placed) -> String {
    let l = &p.location;
    format!(
        "{} [{:?} {} {}] ({:.2}, {:.2})",
        l.name.as_deref().unwrap_or("?"),
        l.precision,
        l.country.as_deref().unwrap_or("-"),
        l.admin1.as_deref().unwrap_or("-"),
        p.point.0,
        p.point.1
    )
}

fn byte_of(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(b, _)| b)
}

/// Ninety characters of `text` around byte `at`, on one line.
fn context(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    text[start..]
        .chars()
        .take(90)
        .collect::<String>()
        .replace('\n', " ")
}
