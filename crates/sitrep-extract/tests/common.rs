//! Helpers shared by the extraction tests.
#![allow(dead_code)]

use sitrep_core::{Article, Block, BlockKind, Record};
use sitrep_extract::Extractor;
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;

/// Reports from paragraphs of our own text (blank-line separated).
pub fn reports(text: &str, published: Option<&str>) -> Vec<Record> {
    let kb = Kb::embedded().unwrap();
    let mut blocks = Vec::new();
    let mut offset = 0;
    for para in text.split("\n\n") {
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            start: offset,
            end: offset + para.len(),
        });
        offset += para.len() + 2;
    }
    let article = Article {
        doc_id: "d_test".into(),
        title: None,
        published: published.map(|p| p.parse().unwrap()),
        author: None,
        language: None,
        site: None,
        url: None,
        text: text.to_string(),
        blocks,
    };
    let annotation = Annotator::new(&kb).annotate(&article, article.published);
    Extractor::new(&kb).extract(&article, &annotation)
}

/// A compact line per report, for readable assertions and snapshots.
pub fn summary(r: &Record) -> String {
    let actors: Vec<String> = r
        .actors
        .iter()
        .map(|a| format!("{}:{:?}", a.kb_id.as_deref().unwrap_or(&a.name), a.role))
        .collect();
    let figures: Vec<String> = r
        .figures
        .iter()
        .map(|f| {
            format!(
                "{:?} {:?}..{:?} {:?} by {} ({:?})",
                f.kind,
                f.low,
                f.high,
                f.qualifier,
                f.claimant.as_deref().unwrap_or("-"),
                f.stance
            )
        })
        .collect();
    format!(
        "{}{} {:?} | {} | {} | {} | {} | {}",
        if r.tally { "TALLY " } else { "" },
        r.date
            .start
            .map(|d| d.to_string())
            .unwrap_or_else(|| "?".into()),
        r.date.precision,
        r.sub_event_type.as_deref().unwrap_or("?"),
        r.location.kb_id.as_deref().unwrap_or("?"),
        actors.join(", "),
        r.weapons.join(", "),
        figures.join("; ")
    )
}
