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
        let reference = doc.published.or(article.published);
        let annotation = self.annotator.annotate(&article, reference);
        let reports = self.extractor.extract(&article, &annotation);
        Processed { article, reports }
    }
}
