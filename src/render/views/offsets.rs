//! Code-point offsets of byte offsets in a text (what the data export's spans count
//! in), all found in one pass over the text.

/// The code-point offsets of some byte offsets of one text, counted in one pass over
/// it (counting from the start for each would be quadratic in a long paragraph).
pub(super) struct CharOffsets {
    /// (byte offset, code points before it), by byte offset.
    at: Vec<(usize, usize)>,
    /// How many bytes of the text were read (what the tests check: at most once).
    #[cfg_attr(not(test), allow(dead_code))]
    scanned: usize,
}

impl CharOffsets {
    /// The offsets of `bytes` in `text`; a byte offset inside a character or past the
    /// end counts as 0.
    pub fn new(text: &str, bytes: impl IntoIterator<Item = usize>) -> CharOffsets {
        let mut bytes: Vec<usize> = bytes.into_iter().collect();
        bytes.sort_unstable();
        bytes.dedup();
        let (mut pos, mut count, mut scanned) = (0, 0, 0);
        let at = bytes
            .into_iter()
            .map(|b| match text.get(pos..b) {
                Some(s) => {
                    count += s.chars().count();
                    scanned += s.len();
                    pos = b;
                    (b, count)
                }
                None => (b, 0),
            })
            .collect();
        CharOffsets { at, scanned }
    }

    /// Code points before byte offset `b` (one of those given).
    pub fn chars(&self, b: usize) -> usize {
        self.at
            .binary_search_by_key(&b, |x| x.0)
            .map_or(0, |i| self.at[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// One pass gives what counting from the start gives, for every offset (inside
        /// a character and past the end too), and reads the text at most once.
        #[test]
        fn char_offsets_count_once(
            text in "[a-zé’€ 𝄞]{0,40}",
            bytes in proptest::collection::vec(0usize..200, 0..30),
        ) {
            let offsets = CharOffsets::new(&text, bytes.iter().copied());
            for &b in &bytes {
                let direct = text.get(..b).map_or(0, |s| s.chars().count());
                prop_assert_eq!(offsets.chars(b), direct, "byte {}", b);
            }
            prop_assert!(offsets.scanned <= text.len(), "{} of {}", offsets.scanned, text.len());
        }
    }

    #[test]
    fn many_marks_on_one_long_line_read_it_once() {
        let text = "Daesh and ISIL. ".repeat(10_000);
        let starts = (0..text.len()).step_by(16);
        let bounds = starts.flat_map(|s| [s, s + 5]);
        let offsets = CharOffsets::new(&text, bounds);
        assert_eq!(offsets.scanned, text.len() - 11);
        assert_eq!(offsets.chars(16 * 9_999 + 5), 16 * 9_999 + 5);
    }
}
