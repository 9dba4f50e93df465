//! `sitrep-bench articles DIR`: article-body extraction against hand-checked
//! bodies, scored with `sitrep_clean::eval` (4-token shingle precision and
//! recall averaged over pages, F1 of the means, bootstrap error bars).
//!
//! Timed: charset decoding and cleaning of each page already in memory
//! (gzip and file reads are outside the clock), on this one thread.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use sitrep_clean::eval::{ArticleScores, shingle_score};
use sitrep_ingest::{IngestOptions, Origin};

/// Bootstrap resamples: enough for stable 95% percentiles at n = 181.
const BOOTSTRAP_ROUNDS: usize = 2000;
const BOOTSTRAP_SEED: u64 = 20_240_129;

pub fn run(
    dir: &Path,
    baseline: Option<&Path>,
    pages_out: Option<&Path>,
    predictions: Option<&Path>,
) -> Result<ExitCode> {
    let predictions: Option<serde_json::Map<String, serde_json::Value>> = predictions
        .map(|p| -> Result<_> {
            let raw = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read", p.display()))?;
            match serde_json::from_str(&raw)
                .with_context(|| format!("{}: not JSON", p.display()))?
            {
                serde_json::Value::Object(map) => Ok(map),
                _ => bail!("{}: expected an object {{id: text}}", p.display()),
            }
        })
        .transpose()?;
    let truth_path = dir.join("ground-truth.json");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&truth_path)
            .with_context(|| format!("{}: cannot read", truth_path.display()))?,
    )
    .with_context(|| format!("{}: not JSON", truth_path.display()))?;
    let entries = truth
        .as_object()
        .with_context(|| format!("{}: expected an object of pages", truth_path.display()))?;

    let opts = IngestOptions::default();
    let mut scores = ArticleScores::default();
    let mut per_page = Vec::new();
    let mut elapsed = Duration::ZERO;
    let mut failures = 0usize;
    let mut ids: Vec<&String> = entries.keys().collect();
    ids.sort();
    for id in ids {
        let entry = &entries[id.as_str()];
        let expected = entry["articleBody"].as_str().unwrap_or_default();
        if let Some(predicted) = &predictions {
            // Another tool's text: scored the same way, not timed here.
            let text = predicted
                .get(id.as_str())
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let score = shingle_score(text, expected);
            per_page.push((id.clone(), score));
            scores.add(score);
            continue;
        }
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let bytes = match read_gz(&path) {
            Ok(b) => b,
            Err(e) => {
                failures += 1;
                eprintln!("error: {e:#}");
                continue;
            }
        };
        let origin = Origin {
            url: entry["url"].as_str().map(str::to_owned),
            html: true,
            ..Origin::default()
        };
        let start = Instant::now();
        let text =
            match sitrep_ingest::read_bytes_with(&format!("{id}.html"), &bytes, &opts, &origin) {
                Ok(doc) => sitrep_clean::clean(&doc).text,
                // A page we cannot read scores zero, as it would for any tool.
                Err(e) => {
                    eprintln!("error: {e}");
                    String::new()
                }
            };
        elapsed += start.elapsed();
        let score = shingle_score(&text, expected);
        per_page.push((id.clone(), score));
        scores.add(score);
    }
    if scores.pages.is_empty() {
        bail!("{}: no pages scored", dir.display());
    }

    let s = scores.summary();
    let ci = scores.bootstrap(BOOTSTRAP_ROUNDS, BOOTSTRAP_SEED);
    let n = scores.pages.len();
    println!("articles: {n} pages from {}", dir.display());
    println!(
        "precision {:.4}  (95% CI {:.3}–{:.3})",
        s.precision, ci.precision.0, ci.precision.1
    );
    println!(
        "recall    {:.4}  (95% CI {:.3}–{:.3})",
        s.recall, ci.recall.0, ci.recall.1
    );
    println!(
        "F1        {:.4}  (95% CI {:.3}–{:.3})",
        s.f1, ci.f1.0, ci.f1.1
    );
    if predictions.is_none() {
        let secs = elapsed.as_secs_f64();
        println!(
            "speed     {:.1} pages/s  ({:.2} ms/page, decode + clean, one thread)",
            n as f64 / secs,
            secs * 1000.0 / n as f64
        );
    }

    if let Some(path) = pages_out {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?,
        );
        for (id, score) in &per_page {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"id": id, "precision": score.precision, "recall": score.recall}),
            )?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }

    if let Some(path) = baseline {
        let recorded: f64 = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .and_then(|l| l.parse().ok())
            .with_context(|| format!("{}: no F1 number in it", path.display()))?;
        if s.f1 < recorded {
            eprintln!(
                "error: F1 {:.4} is below the recorded baseline {recorded:.4} ({})",
                s.f1,
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        println!("baseline  {recorded:.4}: not regressed");
    }
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A gzip-compressed page, fully decompressed.
pub(super) fn read_gz(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let gz = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .with_context(|| format!("{}: corrupt gzip", path.display()))?;
    Ok(out)
}
