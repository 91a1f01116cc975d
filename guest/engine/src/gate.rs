//! Byte gates for regexes: a few bytes of which every match must contain
//! at least one, found by reading the pattern, so that a line without any
//! of them is ruled out by a `memchr` scan instead of a regex search.
//!
//! The regex crate already skips ahead to literals a match must start with
//! (or end with); a gate also covers patterns whose required text sits in
//! the middle behind open-ended repetitions, such as the `|` of
//! `[^|]*\|[^|]*\d{4}` or the `!(` of inline spam, which would otherwise
//! run the lazy DFA over every byte of every line.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most bytes a gate may hold: three are one `memchr3` scan; more
/// would rule out too few lines to pay for the scan.
const MOST_BYTES: usize = 3;

/// A set of bytes of which every match of a pattern contains at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ByteGate(Vec<u8>);

impl ByteGate {
    /// The gate of `pattern`, if it has a useful one (at most three bytes).
    /// A pattern that does not parse has none (its compile error is
    /// reported elsewhere).
    pub(crate) fn of(pattern: &str) -> Option<ByteGate> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .ok()?;
        required(&hir)
            // Common letters are in nearly every line: no use as a gate.
            .filter(|bytes| {
                bytes.len() <= MOST_BYTES
                    && bytes
                        .iter()
                        .any(|&b| commonness(b.to_ascii_lowercase()) < 8)
            })
            .map(ByteGate)
    }

    /// Whether the gate's bytes are rare in prose (brackets, `|`, `!`,
    /// non-ASCII punctuation), so that most lines hold none of them: only
    /// then is a pattern better searched alone behind its gate than
    /// together with others in one set. A gate of `.` or `:` lets most
    /// lines through.
    pub(crate) fn is_selective(&self) -> bool {
        self.0
            .iter()
            .all(|&b| !b.is_ascii_alphanumeric() && !b" .,:;-/'\"\t".contains(&b) && b != 0xC3)
    }

    /// Whether `haystack` contains one of the gate's bytes (a match may be
    /// in it).
    pub(crate) fn admits(&self, haystack: &[u8]) -> bool {
        match *self.0.as_slice() {
            [a] => memchr::memchr(a, haystack).is_some(),
            [a, b] => memchr::memchr2(a, b, haystack).is_some(),
            [a, b, c] => memchr::memchr3(a, b, c, haystack).is_some(),
            _ => true,
        }
    }
}

/// Bytes of which every match of `hir` contains one, smallest set first
/// where there is a choice; `None` when a match may be empty or the set
/// would be too large to help.
fn required(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(literal) => literal
            .0
            .iter()
            .copied()
            .min_by_key(|&b| commonness(b))
            .map(|b| vec![b]),
        HirKind::Class(class) => class_bytes(class),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        // Every part of a concatenation is in every match: any part's set
        // will do, and the smallest (then the rarest) rules out most.
        HirKind::Concat(parts) => parts.iter().filter_map(required).min_by_key(|bytes| {
            (
                bytes.len(),
                bytes.iter().map(|&b| commonness(b)).sum::<u32>(),
            )
        }),
        // A match takes one branch: it contains a byte of that branch's set.
        HirKind::Alternation(branches) => {
            let mut union: Vec<u8> = Vec::new();
            for branch in branches {
                union.extend(required(branch)?);
                union.sort_unstable();
                union.dedup();
                if union.len() > MOST_BYTES {
                    return None;
                }
            }
            Some(union)
        }
    }
}

/// The bytes a match of a small class starts with (for a character class,
/// the first byte of each character's UTF-8 form).
fn class_bytes(class: &Class) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    match class {
        Class::Bytes(ranges) => {
            for range in ranges.iter() {
                if usize::from(range.end() - range.start()) >= MOST_BYTES {
                    return None;
                }
                bytes.extend(range.start()..=range.end());
            }
        }
        Class::Unicode(ranges) => {
            for range in ranges.iter() {
                if (range.end() as u32) - (range.start() as u32) >= MOST_BYTES as u32 {
                    return None;
                }
                for c in range.start()..=range.end() {
                    let mut buffer = [0; 4];
                    bytes.push(c.encode_utf8(&mut buffer).as_bytes()[0]);
                }
            }
        }
    }
    bytes.sort_unstable();
    bytes.dedup();
    (bytes.len() <= MOST_BYTES).then_some(bytes)
}

/// How common a byte is in text, roughly (higher: more common). Letters,
/// digits and spaces are common; punctuation and the bytes that continue a
/// UTF-8 character are rarer, and the lead bytes of accented Latin letters
/// (0xC3) are common in the languages chaff cleans.
fn commonness(byte: u8) -> u32 {
    match byte {
        b' ' | b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 10,
        b'a'..=b'z' => 8,
        b'A'..=b'Z' | b'0'..=b'9' | b'.' | b',' => 6,
        0xC3 => 6,
        0xC2 | 0xE2 => 4,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gate(pattern: &str) -> Option<Vec<u8>> {
        ByteGate::of(pattern).map(|g| g.0)
    }

    #[test]
    fn finds_required_bytes_behind_repetitions() {
        assert_eq!(gate(r"[^|]*\|[^|]*\d{4}"), Some(vec![b'|']));
        assert_eq!(gate(r"(?:\||\s·\s)\d+"), Some(vec![b'|', 0xB7]));
        assert_eq!(
            gate(r"(?:\s+\p{Ll}+\p{Lu}\p{Ll}+!\s*\(\d{3,}\))+\s*$"),
            Some(vec![b'!'])
        );
    }

    #[test]
    fn only_rare_bytes_make_a_gate_selective() {
        assert!(ByteGate::of(r"[^|]*\|\d").unwrap().is_selective());
        assert!(ByteGate::of(r".*\(\d+\)").unwrap().is_selective());
        assert!(!ByteGate::of(r"\d+\.\d+").unwrap().is_selective());
    }

    #[test]
    fn has_none_when_a_match_may_lack_every_byte() {
        assert_eq!(gate(r"a?b*"), None);
        assert_eq!(gate(r"\w+"), None, "too many bytes");
        assert_eq!(gate(r"(?:x|\d)"), None, "one branch has too many");
        assert_eq!(gate(r"^$"), None);
        assert_eq!(gate(r"(?i)home"), None, "common letters only");
    }

    proptest! {
        /// A gate never rules out a line the regex matches.
        #[test]
        fn never_rules_out_a_match(
            pattern in prop::sample::select(vec![
                r"[^|]*\|[^|]*\d{4}", r"(?:\||\s·\s)\d+", r"a+!b", r"(?:x!|y\()z",
                r"\d{1,2}\.\d{1,2}\.", r"(?:©|\(c\))\s*\d{4}", r"[€$£]\s?\d+",
            ]),
            line in "(\\PC|[|!(·©.$0-9a-z ]){0,40}",
        ) {
            let regex = regex::Regex::new(pattern).unwrap();
            if let Some(gate) = ByteGate::of(pattern)
                && regex.is_match(&line)
            {
                prop_assert!(gate.admits(line.as_bytes()), "{pattern} on {line:?}");
            }
        }
    }
}
