//! Counting characters and finding the first non-ASCII byte eight bytes at
//! a time. `max_chars` limits need both for many lines, and the standard
//! library works a `usize` at a time: four bytes in WebAssembly (`wasm32`),
//! where the component runs, against eight natively. A `u64` is one
//! register on both.

const LANES: usize = 8;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The number of leading bytes of `bytes` that are ASCII.
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let (chunks, rest) = bytes.as_chunks::<LANES>();
    let mut done = 0;
    for chunk in chunks {
        let high = u64::from_le_bytes(*chunk) & HIGH_BITS;
        if high != 0 {
            return done + (high.trailing_zeros() / 8) as usize;
        }
        done += LANES;
    }
    done + rest.iter().position(|&b| b >= 0x80).unwrap_or(rest.len())
}

/// The number of characters of `text`: its bytes less its UTF-8
/// continuation bytes (`0b10xx_xxxx`).
pub(crate) fn count_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (chunks, rest) = bytes.as_chunks::<LANES>();
    let mut continuation = 0usize;
    for chunk in chunks {
        let word = u64::from_le_bytes(*chunk);
        // Bit 7 set and bit 6 clear, moved to each byte's lowest bit.
        let marks = (word >> 7) & !(word >> 6) & LOW_BITS;
        continuation += marks.count_ones() as usize;
    }
    continuation += rest.iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - continuation
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_as_the_standard_library_does(text in "\\PC{0,80}") {
            prop_assert_eq!(count_chars(&text), text.chars().count());
            let expected = text.bytes().position(|b| !b.is_ascii()).unwrap_or(text.len());
            prop_assert_eq!(ascii_prefix_len(text.as_bytes()), expected);
        }
    }

    #[test]
    fn counts_at_every_offset_of_a_chunk() {
        for prefix in 0..12 {
            let text = format!("{}é€😀abc", "a".repeat(prefix));
            assert_eq!(count_chars(&text), prefix + 6);
            assert_eq!(ascii_prefix_len(text.as_bytes()), prefix);
        }
        assert_eq!(ascii_prefix_len(b"plain ascii line"), 16);
        assert_eq!(count_chars(""), 0);
    }
}
