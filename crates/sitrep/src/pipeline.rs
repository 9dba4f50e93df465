//! One document through the stages: clean → nlp → extract, plus the
//! near-duplicate fingerprint of its text.

use sitrep_core::{Article, Document, Record};
use sitrep_extract::Extractor;
use sitrep_kb::Kb;
use sitrep_nlp::Annotator;
use sitrep_resolve::dedup::Signature;

/// The stages that read one document, built once and shared by every
/// worker thread.
pub struct Pipeline<'kb> {
    annotator: Annotator,
    extractor: Extractor<'kb>,
}

/// What the pipeline made of one document.
pub struct Processed {
    /// The cleaned text and the metadata `clean` found.
    pub article: Article,
    /// The reports extracted from it (none when `skipped`).
    pub reports: Vec<Record>,
    /// Why extraction did not run on the article (it is still stored).
    pub skipped: Option<Skip>,
    /// The MinHash signature of the cleaned text, for the near-duplicate
    /// step; `None` for texts too short to have one.
    pub signature: Option<Signature>,
}

/// Why a document was stored but not read for events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The extraction rules and the kb are English; the language code.
    NotEnglish(String),
}

impl<'kb> Pipeline<'kb> {
    /// The stages over `kb`.
    pub fn new(kb: &'kb Kb) -> Self {
        Pipeline {
            annotator: Annotator::new(kb),
            extractor: Extractor::new(kb),
        }
    }

    /// Cleans, annotates and extracts one document.
    pub fn process(&self, doc: &Document) -> Processed {
        let article = sitrep_clean::clean(doc);
        let signature = Signature::of(&article.text);
        if let Some(lang) = article.language.as_deref().filter(|l| *l != "en") {
            tracing::info!(source = %doc.source, language = lang, "not English: stored, not extracted");
            return Processed {
                skipped: Some(Skip::NotEnglish(lang.to_owned())),
                article,
                reports: Vec::new(),
                signature,
            };
        }
        let reference = doc.published.or(article.published);
        let annotation = self.annotator.annotate(&article, reference);
        let reports = self.extractor.extract(&article, &annotation);
        Processed {
            article,
            reports,
            skipped: None,
            signature,
        }
    }
}
