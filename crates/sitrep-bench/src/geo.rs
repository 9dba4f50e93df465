//! `sitrep-bench geo DIR`: toponym resolution on a TR-News-style set
//! (`DIR/TR-News.xml`: articles with their text and gold toponyms, each with
//! a character span and, when linked, GeoNames coordinates).
//!
//! A resolution is correct when it is the gold GeoNames entry (same id: a
//! country or province has no point of its own in our output, and our
//! representative point for it is not GeoNames' centroid) or lies within
//! 161 km of the gold point.
//!
//! * **accuracy@161 km on gold toponyms**: each gold phrase is resolved with
//!   the rest of its article as context (the span the geoparser found there
//!   if it found one); share of linked toponyms placed within 161 km.
//! * **end to end**: the toponyms the geoparser finds in the raw text; a
//!   found toponym is correct when it overlaps a gold span and lies within
//!   161 km of it. Precision, recall, F1.
//! * **speed**: toponyms found per second and MB of text per second, one
//!   thread, over all articles (repeated for at least two seconds); and MB
//!   per second of candidate finding alone (`Geocoder::gazetteer_names`,
//!   what the nlp stage runs).
//! * `--misses` lists each wrongly placed or missed gold toponym, each found
//!   toponym that is not gold (`extra`) and each misplaced one.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use sitrep_geo::{Context, Geocoder, haversine_km};
use sitrep_kb::Kb;

struct Gold {
    start: usize,
    end: usize,
    phrase: String,
    point: Option<(f64, f64)>,
    geonameid: Option<u32>,
}

fn correct(g: &Gold, point: (f64, f64), geonameid: Option<u32>) -> bool {
    (geonameid.is_some() && geonameid == g.geonameid)
        || g.point
            .is_some_and(|gp| haversine_km(point.0, point.1, gp.0, gp.1) <= 161.0)
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

fn load(file: &Path) -> Result<Vec<Article>> {
    let xml = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read", file.display()))?;
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
            });
        }
        out.push(Article { text, gold });
    }
    Ok(out)
}

pub fn run(dir: &Path, kb: &Kb, misses: bool) -> Result<ExitCode> {
    let articles = load(&dir.join("TR-News.xml"))?;
    let geo = Geocoder::new(kb);
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();

    // Speed: the whole find-and-resolve pass, one thread, repeated until two
    // seconds and three passes have gone by for a stable figure; then
    // candidate finding alone (what the nlp stage runs on every text).
    let found_all: Vec<_> = articles.iter().map(|a| geo.places(&a.text)).collect();
    let found_total: usize = found_all.iter().map(Vec::len).sum();
    let timed = |f: &dyn Fn(&str) -> usize| {
        let started = Instant::now();
        let mut passes = 0usize;
        while passes < 3 || started.elapsed().as_secs_f64() < 2.0 {
            for a in &articles {
                std::hint::black_box(f(&a.text));
            }
            passes += 1;
        }
        started.elapsed().as_secs_f64() / passes as f64
    };
    let seconds = timed(&|t| geo.places(t).len());
    let finding = timed(&|t| geo.gazetteer_names(t).len());

    let (mut linked, mut within) = (0usize, 0usize);
    let (mut tp, mut predicted, mut gold_linked) = (0usize, 0usize, 0usize);
    for (n, (a, found)) in articles.iter().zip(&found_all).enumerate() {
        // Character offsets of what was found.
        let char_at = |byte: usize| a.text[..byte].chars().count();
        let spans: Vec<FoundSpan> = found
            .iter()
            .map(|p| (char_at(p.start), char_at(p.end), p.point, p.geonameid))
            .collect();
        let describe = |p: &sitrep_geo::Placed| {
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
        };
        let mut ctx = Context::default();
        for p in found {
            ctx.add(&p.location);
        }
        for g in &a.gold {
            if g.point.is_none() {
                continue;
            }
            linked += 1;
            let found_at = spans.iter().position(|s| s.0 < g.end && g.start < s.1);
            let fallback = match found_at {
                Some(_) => None,
                None => geo.resolve_name(&g.phrase, &ctx, None),
            };
            let resolved = found_at
                .map(|i| (spans[i].2, spans[i].3))
                .or_else(|| fallback.as_ref().map(|p| (p.point, p.geonameid)));
            if resolved.is_some_and(|(point, id)| correct(g, point, id)) {
                within += 1;
            } else if misses {
                let ours = match (found_at, &fallback) {
                    (Some(i), _) => format!("found as {}", describe(&found[i])),
                    (None, Some(p)) => format!("not found; alone {}", describe(p)),
                    (None, None) => "not found; unknown".to_string(),
                };
                let gp = g.point.unwrap_or_default();
                let km = resolved.map_or(f64::NAN, |(p, _)| haversine_km(p.0, p.1, gp.0, gp.1));
                println!(
                    "wrong\t{n}\t{:?}\tgold {:?} ({:.2}, {:.2})\t{ours}\t{km:.0} km",
                    g.phrase, g.geonameid, gp.0, gp.1
                );
            }
        }
        gold_linked += a.gold.iter().filter(|g| g.point.is_some()).count();
        for s in &spans {
            // Found spans over unlinked gold toponyms count for neither side.
            let overlapping: Vec<&Gold> = a
                .gold
                .iter()
                .filter(|g| s.0 < g.end && g.start < s.1)
                .collect();
            if !overlapping.is_empty() && overlapping.iter().all(|g| g.point.is_none()) {
                continue;
            }
            predicted += 1;
            if overlapping.iter().any(|g| correct(g, s.2, s.3)) {
                tp += 1;
            } else if misses {
                let i = spans.iter().position(|x| std::ptr::eq(x, s)).unwrap_or(0);
                let mut start = found[i].start.saturating_sub(40);
                while !a.text.is_char_boundary(start) {
                    start -= 1;
                }
                let context: String = a.text[start..]
                    .chars()
                    .take(90)
                    .collect::<String>()
                    .replace('\n', " ");
                println!(
                    "{}\t{n}\t{:?}\t{}\t{:?}",
                    if overlapping.is_empty() {
                        "extra"
                    } else {
                        "misplaced"
                    },
                    &a.text[found[i].start..found[i].end],
                    describe(&found[i]),
                    context
                );
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, predicted);
    let recall = ratio(tp, gold_linked);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    println!(
        "articles {}  gold toponyms {} (linked {})",
        articles.len(),
        articles.iter().map(|a| a.gold.len()).sum::<usize>(),
        linked
    );
    println!(
        "accuracy@161km on gold toponyms: {:.3} ({within}/{linked})",
        ratio(within, linked)
    );
    println!(
        "end to end (found, overlapping gold, within 161 km): precision {precision:.3} ({tp}/{predicted})  recall {recall:.3} ({tp}/{gold_linked})  F1 {f1:.3}"
    );
    println!(
        "speed: {found_total} toponyms in {seconds:.4} s = {:.0} toponyms/s, {:.2} MB/s of text found and resolved; finding alone {:.2} MB/s (one thread, {:.2} MB)",
        found_total as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        bytes as f64 / 1e6 / finding,
        bytes as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

/// A found place as character span, point and GeoNames id.
type FoundSpan = (usize, usize, (f64, f64), Option<u32>);
