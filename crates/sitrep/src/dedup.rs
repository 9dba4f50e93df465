//! The near-duplicate step: which stored documents a new one copies.
//!
//! Republished and syndicated copies of an article must not count twice.
//! The decision is the pipeline's: a MinHash signature of the cleaned text
//! (`sitrep_resolve::dedup`) and its similarity threshold. The store only
//! keeps fingerprints, finds candidates that share a band, and records the
//! links this step's rule accepts ([`sitrep_store::Fingerprint`]).

use sitrep_resolve::dedup::Signature;
use sitrep_store::Fingerprint;

/// The rule: a stored document is a copy when its signature is near this
/// one's.
pub fn is_copy(signature: &Signature) -> impl Fn(&[u8]) -> bool + Sync + '_ {
    move |stored| Signature::from_bytes(stored).is_some_and(|other| other.near_duplicate(signature))
}

/// The fingerprint to store with a document whose signature is `signature`,
/// carrying `rule` (from [`is_copy`]) as the store's decision.
pub fn fingerprint<'a>(
    signature: &Signature,
    rule: &'a (dyn Fn(&[u8]) -> bool + Sync),
) -> Fingerprint<'a> {
    Fingerprint {
        signature: signature.to_bytes(),
        bands: signature.bands().to_vec(),
        is_copy: rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use sitrep_core::{Article, Block, BlockKind, Document};
    use sitrep_store::testutil;
    use sitrep_store::{NewDocument, Store};

    const STORY: &str = "A drone launched by an Iran-backed militia struck a small logistics outpost in northeastern Jordan early on Sunday, killing three American soldiers and wounding more than forty others, the Pentagon said. It was the first time American troops had been killed by hostile fire in the region since the war in Gaza began, and officials promised a response at a time of their choosing. The outpost, known as Tower 22, sits close to the border with Syria and houses several hundred personnel.";

    fn doc(text: &str) -> (Document, Article) {
        let (doc, mut article) = testutil::document(text);
        article.text = text.to_string();
        article.blocks = vec![Block {
            kind: BlockKind::Paragraph,
            start: 0,
            end: text.len(),
        }];
        (doc, article)
    }

    fn insert(store: &mut dyn Store, doc: &Document, article: &Article) {
        let report = testutil::report(doc, 0);
        let signature = Signature::of(&article.text);
        let rule = signature.as_ref().map(is_copy);
        let fingerprint = signature
            .as_ref()
            .zip(rule.as_ref())
            .map(|(s, r)| fingerprint(s, r));
        store
            .insert_document(&NewDocument {
                doc,
                article,
                reports: std::slice::from_ref(&report),
                keys: &[],
                fingerprint,
            })
            .unwrap();
    }

    fn canonical_of(store: &dyn Store, id: &str) -> Option<String> {
        store.document(id).unwrap().unwrap().duplicate_of
    }

    #[test]
    fn reprints_link_to_the_smallest_id_whatever_the_order() {
        let texts = [
            STORY.to_string(),
            format!("By a staff writer. {STORY}"),
            format!("{STORY} Read more: related stories."),
        ];
        let docs: Vec<(Document, Article)> = texts.iter().map(|t| doc(t)).collect();
        let smallest = docs.iter().map(|(d, _)| d.id.clone()).min().unwrap();
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let mut store = crate::open_in_memory().unwrap();
            for i in order {
                insert(store.as_mut(), &docs[i].0, &docs[i].1);
            }
            for (d, _) in &docs {
                let expected = (d.id != smallest).then(|| smallest.clone());
                assert_eq!(
                    canonical_of(store.as_ref(), &d.id),
                    expected,
                    "order {order:?}"
                );
            }
            assert_eq!(store.copies_of(&smallest).unwrap().len(), 2);
            assert_eq!(store.reports_for_resolution().unwrap().len(), 1);
        }
    }

    #[test]
    fn a_different_story_is_not_a_copy() {
        let mut store = crate::open_in_memory().unwrap();
        let (a, article_a) = doc(STORY);
        insert(store.as_mut(), &a, &article_a);
        let unrelated = doc(
            "Iran fired more than a dozen ballistic missiles at two bases in Iraq housing American troops early on Wednesday, in retaliation for the killing of a senior commander in Baghdad five days earlier, while the American president said that no Americans had been harmed and that the damage was minimal at both of the bases.",
        );
        insert(store.as_mut(), &unrelated.0, &unrelated.1);
        assert_eq!(canonical_of(store.as_ref(), &unrelated.0.id), None);
        assert_eq!(store.counts().unwrap().duplicates, 0);
    }

    #[test]
    fn the_pipeline_signs_the_cleaned_text() {
        let kb = crate::load_kb(None).unwrap();
        let pipeline = Pipeline::new(&kb);
        let doc = crate::read_bytes("story.txt", STORY.as_bytes(), &Default::default()).unwrap();
        let processed = pipeline.process(&doc);
        assert_eq!(processed.signature, Signature::of(&processed.article.text));
        assert!(processed.signature.is_some());
        let short =
            crate::read_bytes("brief.txt", b"A drone struck a base.", &Default::default()).unwrap();
        assert_eq!(pipeline.process(&short).signature, None);
    }
}
