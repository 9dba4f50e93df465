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

/// The first byte of a stored signature: the hashing scheme, so that a
/// signature stored by an older scheme is never compared with a new one
/// (it reads back as no signature, hence as no copy).
const SCHEME: u8 = 2;

/// SplitMix64's finaliser: spreads one 64-bit hash into an independent-looking
/// one per seed, so the signature's values are separate min-hashes. (Values
/// derived by adding multiples of one hash were correlated: the same shingle
/// won most positions, and two unrelated texts that shared a template scored
/// as copies.)
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

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
                let seed = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                let h = (mix(base ^ seed) >> 32) as u32;
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

    /// The stored form: the scheme byte, then the values.
    pub fn to_bytes(self) -> Vec<u8> {
        std::iter::once(SCHEME)
            .chain(self.0.iter().flat_map(|v| v.to_le_bytes()))
            .collect()
    }

    /// A stored signature, or `None` when it is not one of this scheme.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        let (&scheme, bytes) = bytes.split_first()?;
        if scheme != SCHEME || bytes.len() != SIGNATURE_LEN * 4 {
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

    /// Two reports in one house style: same frame sentences, different
    /// facts. Their real shingle overlap is well under the threshold, and the
    /// estimate must say so.
    #[test]
    fn texts_sharing_a_template_are_not_copies() {
        let report = |town: &str, group: &str, n: u32, who: &str, seen: &str| {
            format!(
                "{group} attacked a checkpoint in {town} on Tuesday, killing {n} people, officials said. \
                 The attack was carried out with mortar shells, according to officials, who spoke on \
                 condition of anonymity. {who}, a shopkeeper, said she saw {seen} at about nine. \
                 Residents said the blast shattered windows several streets away. {group} later \
                 claimed responsibility in a statement. The region has seen a rise in violence \
                 since the start of the year."
            )
        };
        let a = Signature::of(&report(
            "Kirkuk",
            "The militia",
            12,
            "Maryam Salih",
            "smoke over the market",
        ))
        .unwrap();
        let b = Signature::of(&report(
            "Aden",
            "The rebels",
            4,
            "Omar Nur",
            "a car on fire near the port",
        ))
        .unwrap();
        assert!(!a.near_duplicate(&b), "similarity {}", a.similarity(&b));
    }

    /// The estimate follows the true overlap: texts that share half their
    /// sentences score near one half, not near zero or one.
    #[test]
    fn the_estimate_tracks_the_real_overlap() {
        let sentences: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "Sentence number {i} tells of event {} in place {}.",
                    i * 7,
                    i * 13
                )
            })
            .collect();
        let a = sentences[..30].join(" ");
        let b = sentences[10..].join(" ");
        let (sa, sb) = (Signature::of(&a).unwrap(), Signature::of(&b).unwrap());
        let similarity = sa.similarity(&sb);
        assert!(
            (0.25..=0.75).contains(&similarity),
            "similarity {similarity}"
        );
    }

    #[test]
    fn signatures_of_an_older_scheme_read_as_none() {
        let s = Signature::of(STORY).unwrap();
        let bytes = s.to_bytes();
        assert_eq!(Signature::from_bytes(&bytes), Some(s));
        assert_eq!(Signature::from_bytes(&bytes[1..]), None);
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert_eq!(
            Signature::of("Three soldiers were killed in a drone attack."),
            None
        );
    }
}
