//! Near-duplicate documents: syndicated and republished copies of one
//! article.
//!
//! MinHash over word 3-shingles estimates the Jaccard similarity of two
//! texts from a fixed 32-value signature; locality-sensitive hashing over
//! 8 bands of 4 values finds candidates with indexed equality lookups (two
//! texts with similarity 0.8 share a band with probability ≈ 0.98). MinHash
//! was chosen over SimHash because news copies are often short: a byline and
//! a "read more" line moved a 64-bit SimHash of an 80-word brief by 5 bits,
//! past any threshold that keeps different briefs apart.

/// Signature length: the similarity estimate's standard error is about
/// sqrt(J(1-J)/32), ±0.07 at J = 0.8.
pub const SIGNATURE_LEN: usize = 32;
/// Bands × rows must equal [`SIGNATURE_LEN`].
pub const BANDS: usize = 8;
const ROWS: usize = SIGNATURE_LEN / BANDS;

/// Estimated similarity at or above which two texts are the same article.
pub const NEAR_DUPLICATE_SIMILARITY: f64 = 0.75;

/// Texts shorter than this many words get no signature: a few shared
/// sentences would make two short briefs look like copies.
pub const MIN_WORDS: usize = 40;

/// A MinHash signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u32; SIGNATURE_LEN]);

/// FNV-1a: stable across platforms and releases (`std`'s hasher is seeded
/// randomly), which stored signatures need.
fn fnv1a(seed: u64, words: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for word in words {
        for byte in word.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

impl Signature {
    /// The signature of `text`, or `None` under [`MIN_WORDS`] words.
    pub fn of(text: &str) -> Option<Signature> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() < MIN_WORDS {
            return None;
        }
        let mut mins = [u32::MAX; SIGNATURE_LEN];
        for shingle in words.windows(3) {
            let base = fnv1a(0, shingle);
            for (i, min) in mins.iter_mut().enumerate() {
                // Derive the i-th hash from one base hash (Kirsch–Mitzenmacher).
                let h = base.wrapping_add((i as u64).wrapping_mul(base.rotate_left(29) | 1));
                let h = (h ^ (h >> 32)) as u32;
                *min = (*min).min(h);
            }
        }
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self
            .0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / SIGNATURE_LEN as f64
    }

    /// One lookup key per band.
    pub fn bands(&self) -> [i64; BANDS] {
        std::array::from_fn(|band| {
            let rows: Vec<String> = self.0[band * ROWS..(band + 1) * ROWS]
                .iter()
                .map(u32::to_string)
                .collect();
            fnv1a(band as u64 + 1, &rows) as i64
        })
    }

    pub fn to_bytes(self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        let mut values = [0u32; SIGNATURE_LEN];
        for (value, chunk) in values.iter_mut().zip(bytes.chunks_exact(4)) {
            *value = u32::from_le_bytes(chunk.try_into().ok()?);
        }
        Some(Signature(values))
    }

    pub fn near_duplicate(&self, other: &Signature) -> bool {
        self.similarity(other) >= NEAR_DUPLICATE_SIMILARITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "A drone launched by an Iran-backed militia struck a small logistics outpost in northeastern Jordan early on Sunday, killing three American soldiers and wounding more than forty others, the Pentagon said. It was the first time American troops had been killed by hostile fire in the region since the war in Gaza began, and officials promised a response at a time of their choosing. The outpost, known as Tower 22, sits close to the border with Syria and houses several hundred personnel.";

    #[test]
    fn republished_copies_are_near_duplicates() {
        let original = Signature::of(STORY).unwrap();
        let copy = Signature::of(&format!(
            "By a staff writer. {STORY} Read more: related stories."
        ))
        .unwrap();
        assert!(
            original.near_duplicate(&copy),
            "similarity {}",
            original.similarity(&copy)
        );
        assert!(
            original
                .bands()
                .iter()
                .zip(copy.bands())
                .any(|(a, b)| *a == b)
        );
        assert_eq!(Signature::from_bytes(&original.to_bytes()), Some(original));
    }

    #[test]
    fn other_stories_on_the_same_event_are_not() {
        let other = "Three American service members were killed and dozens injured when a one-way attack drone hit a base in Jordan near the Syrian border overnight, US officials said on Sunday. The president blamed militant groups backed by Iran and said the United States would respond. Tehran denied any involvement in the attack on the outpost, which supports the garrison at al-Tanf.";
        let a = Signature::of(STORY).unwrap();
        let b = Signature::of(other).unwrap();
        assert!(!a.near_duplicate(&b), "similarity {}", a.similarity(&b));
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert_eq!(
            Signature::of("Three soldiers were killed in a drone attack."),
            None
        );
    }
}
