//! Byte ↔ character offset conversion.
//!
//! Rust slices text by UTF-8 byte offsets; the JSON contract publishes
//! offsets in Unicode scalar values (what Python, JavaScript's code-point
//! APIs and most annotation tools count), so every stage converts at the
//! boundary with one [`CharIndex`] per text.

/// Maps byte offsets of one text to character (Unicode scalar) offsets.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char boundary whose char count is a multiple of
    /// `STRIDE`; a lookup walks at most `STRIDE` chars from there.
    checkpoints: Vec<usize>,
    ascii_only: bool,
}

const STRIDE: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let ascii_only = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii_only {
            for (n, (byte, _)) in text.char_indices().enumerate() {
                if n % STRIDE == 0 {
                    checkpoints.push(byte);
                }
            }
        }
        CharIndex {
            checkpoints,
            ascii_only,
        }
    }

    /// Character offset of `byte`, which must lie on a char boundary of the
    /// same `text` this index was built from (or be `text.len()`).
    pub fn char_offset(&self, text: &str, byte: usize) -> usize {
        if self.ascii_only {
            return byte;
        }
        let slot = match self.checkpoints.binary_search(&byte) {
            Ok(i) => return i * STRIDE,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let from = self.checkpoints[slot];
        slot * STRIDE + text[from..byte].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_multibyte_offsets() {
        let text = "Iran’s strike — “15 missiles” hit Al Asad.".repeat(10);
        let index = CharIndex::new(&text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(&text, byte), chars);
        }
        assert_eq!(index.char_offset(&text, text.len()), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        let text = "plain ascii";
        assert_eq!(CharIndex::new(text).char_offset(text, 5), 5);
    }
}
