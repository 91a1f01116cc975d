//! Finding where phrases may occur in a line without reading every byte:
//! the shift table of Wu and Manber's multi-pattern search.
//!
//! `contains` phrases are searched through every line short enough to be
//! claimed, and an automaton steps through each of those bytes. Phrases
//! are long (ten bytes and more) while most three-byte blocks of text occur
//! in none of them, so a window as long as the shortest phrase can jump
//! ahead by nearly its length after reading one block. Only where a block
//! ends some phrase's opening does a phrase possibly start; the caller
//! walks its automaton from there. The regex and aho-corasick crates skip
//! ahead only with SIMD prefilters that have no WebAssembly form and no
//! use once phrases are many and compared without case; this works the
//! same everywhere.

/// Bytes per block (one `u32` load in [`hash`]).
const BLOCK: usize = 4;
/// Bits of the block hash (a table of 16,384 one-byte shifts, 16 KiB).
const HASH_BITS: u32 = 14;
/// Phrase prefixes longer than this add no skip worth the table's density.
const MOST_WINDOW: usize = 32;

/// A shift table over the ASCII-lower-cased opening bytes of a set of
/// phrases.
#[derive(Clone)]
pub(crate) struct SkipSearch {
    /// Length of the window: the shortest phrase, at most [`MOST_WINDOW`].
    window: usize,
    /// For each block hash, how far the window may move when it ends in
    /// that block; zero where the block ends some phrase's first `window`
    /// bytes.
    shift: Vec<u8>,
}

impl SkipSearch {
    /// A table for `phrases`, or `None` if the shortest is too short for
    /// skipping to pay (then search the ordinary way). Case is folded for
    /// ASCII letters, so the table finds every spelling; other bytes must
    /// match as given (list each spelling to find it).
    pub(crate) fn new<S: AsRef<[u8]>>(phrases: &[S]) -> Option<SkipSearch> {
        let window = phrases
            .iter()
            .map(|p| p.as_ref().len())
            .min()?
            .min(MOST_WINDOW);
        if window < BLOCK + 2 {
            return None;
        }
        let most = u8::try_from(window - BLOCK + 1).ok()?;
        let mut shift = vec![most; 1 << HASH_BITS];
        for phrase in phrases {
            let opening = &phrase.as_ref()[..window];
            for (start, block) in opening.windows(BLOCK).enumerate() {
                let distance = u8::try_from(window - BLOCK - start).ok()?;
                let slot = &mut shift[hash(block)];
                *slot = (*slot).min(distance);
            }
        }
        Some(SkipSearch { window, shift })
    }

    /// Calls `at(start)` for every place in `haystack` where one of the
    /// phrases may start, in increasing order; every place where one does
    /// start is among them.
    pub(crate) fn candidates(&self, haystack: &[u8], mut at: impl FnMut(usize)) {
        let mut end = self.window;
        while end <= haystack.len() {
            let distance = self.shift[hash(&haystack[end - BLOCK..end])];
            if distance == 0 {
                at(end - self.window);
                end += 1;
            } else {
                end += usize::from(distance);
            }
        }
    }
}

/// Hash of a block (of [`BLOCK`] bytes), with ASCII case folded by setting
/// bit 5 of every byte. That also merges a few pairs of other bytes (`@`
/// and `` ` ``, `[` and `{`), which costs at most a few extra candidates:
/// phrases and text are folded alike, so no occurrence is lost. One
/// unaligned load and a multiply: this is the whole inner loop.
fn hash(block: &[u8]) -> usize {
    let mut bytes = [0u8; 4];
    bytes.copy_from_slice(&block[..BLOCK]);
    let key = u32::from_le_bytes(bytes) | 0x2020_2020;
    (key.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

impl std::fmt::Debug for SkipSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stops = self.shift.iter().filter(|&&s| s == 0).count();
        f.debug_struct("SkipSearch")
            .field("window", &self.window)
            .field("stopping_blocks", &stops)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn starts(search: &SkipSearch, haystack: &str) -> Vec<usize> {
        let mut out = Vec::new();
        search.candidates(haystack.as_bytes(), |s| out.push(s));
        out
    }

    #[test]
    fn finds_each_occurrence_in_any_ascii_case() {
        let search = SkipSearch::new(&["all rights reserved", "subscribe to our"]).unwrap();
        let line = "© 2024 Example. ALL RIGHTS RESERVED. Subscribe to our letters.";
        let found = starts(&search, line);
        assert!(found.contains(&17), "{found:?}");
        assert!(found.contains(&38), "{found:?}");
        assert!(found.len() < 10, "most places are skipped: {found:?}");
    }

    #[test]
    fn short_phrases_get_no_table() {
        assert!(SkipSearch::new(&["abcd", "share this"]).is_none());
        assert!(SkipSearch::new::<&str>(&[]).is_none());
    }

    proptest! {
        /// Every true occurrence is a candidate, whatever the text.
        #[test]
        fn never_misses_an_occurrence(
            phrases in prop::collection::vec("[a-cA-C ]{6,12}", 1..6),
            line in "[a-cA-C ]{0,80}",
        ) {
            let search = SkipSearch::new(&phrases).unwrap();
            let found = starts(&search, &line);
            let lower = line.to_ascii_lowercase();
            for phrase in &phrases {
                let phrase = phrase.to_ascii_lowercase();
                for start in (0..lower.len()).filter(|&s| lower[s..].starts_with(&phrase)) {
                    prop_assert!(found.contains(&start), "{phrase:?} at {start} in {line:?}");
                }
            }
        }
    }
}
