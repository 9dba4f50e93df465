//! One document through the stages: clean → nlp → extract.

use sitrep_core::{Article, Document, Record};
use sitrep_extract::Extractor;
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;

pub struct Pipeline<'kb> {
    annotator: Annotator,
    extractor: Extractor<'kb>,
}

pub struct Processed {
    pub article: Article,
    pub reports: Vec<Record>,
    /// Why extraction did not run on the article (it is still stored).
    pub skipped: Option<Skip>,
}

/// Why a document was stored but not read for events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The extraction rules and the kb are English; the language code.
    NotEnglish(String),
}

impl<'kb> Pipeline<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        Pipeline {
            annotator: Annotator::new(kb),
            extractor: Extractor::new(kb),
        }
    }

    pub fn process(&self, doc: &Document) -> Processed {
        let article = sitrep_clean::clean(doc);
        if let Some(lang) = article.language.as_deref().filter(|l| *l != "en") {
            tracing::info!(source = %doc.source, language = lang, "not English: stored, not extracted");
            return Processed {
                skipped: Some(Skip::NotEnglish(lang.to_owned())),
                article,
                reports: Vec::new(),
            };
        }
        let reference = doc.published.or(article.published);
        let annotation = self.annotator.annotate(&article, reference);
        let reports = self.extractor.extract(&article, &annotation);
        Processed {
            article,
            reports,
            skipped: None,
        }
    }
}
