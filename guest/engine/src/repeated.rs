//! Repeated lines: the same template line (a read-more link, an ad label, a
//! sign-off) coming back again and again in one document.

use std::collections::{HashMap, HashSet};

use crate::lines::Line;
use crate::matchers::ByteSet;

/// A compiled `repeated-line` rule.
#[derive(Debug, Clone)]
pub(crate) struct RepeatedMatcher {
    min_count: usize,
    min_chars: usize,
    /// Folded the same way as lines, longest first.
    fold_prefixes: Vec<String>,
    /// Only lines that start with one of `fold_prefixes` are candidates.
    only_prefixed: bool,
    /// The first copy stays: the line is content the page printed twice
    /// (a pull quote, a teaser of itself), and one copy of it is kept.
    keep_first: bool,
    /// The first word of every prefix, when all of them are ASCII: a line
    /// whose first word is none of these cannot start with a prefix.
    ascii_first_words: Option<Vec<String>>,
    /// First bytes of the prefixes, both ASCII cases: a line starting with an
    /// ASCII letter or digit not in here cannot start with one (see
    /// [`RepeatedMatcher::may_match`]).
    first_bytes: ByteSet,
}

impl RepeatedMatcher {
    pub fn new(
        min_count: usize,
        min_chars: usize,
        fold_prefixes: &[String],
        only_prefixed: bool,
    ) -> Self {
        let mut fold_prefixes: Vec<String> = fold_prefixes
            .iter()
            .map(|p| fold(p))
            .filter(|p| !p.is_empty())
            .collect();
        fold_prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let ascii_first_words = fold_prefixes
            .iter()
            .map(|p| {
                p.split(' ')
                    .next()
                    .filter(|w| w.is_ascii())
                    .map(str::to_string)
            })
            .collect::<Option<Vec<String>>>();
        let first_bytes = ByteSet::first_bytes(&fold_prefixes, true);
        RepeatedMatcher {
            first_bytes,
            min_count,
            min_chars,
            fold_prefixes,
            only_prefixed,
            ascii_first_words,
            keep_first: false,
        }
    }

    /// With `keep_first`, removes the copies after the first one only.
    pub fn keeping_first(mut self, keep_first: bool) -> Self {
        self.keep_first = keep_first;
        self
    }

    /// The comparison key of a line: folded, with a listed prefix dropped;
    /// `None` when the line is not a candidate.
    fn key(&self, line: &str) -> Option<String> {
        if self.only_prefixed && !self.may_start_with_prefix(line) {
            return None;
        }
        let folded = fold(line);
        for prefix in &self.fold_prefixes {
            if let Some(rest) = folded.strip_prefix(prefix.as_str())
                && (rest.is_empty() || rest.starts_with(' '))
            {
                return Some(rest.trim_start().to_string());
            }
        }
        (!self.only_prefixed).then_some(folded)
    }

    /// False for lines that cannot be candidates, decided without reading
    /// the line's text: blank lines, and (with `only_prefixed`) lines whose
    /// first letter or digit is ASCII and starts no prefix.
    fn may_match(&self, line: &Line) -> bool {
        match line.first_byte() {
            None => false,
            Some(b) if self.only_prefixed && b.is_ascii_alphanumeric() => {
                self.first_bytes.contains(b)
            }
            Some(_) => true,
        }
    }

    /// Cheap test before folding a whole line: does its folded start match
    /// any prefix? Most lines fail on the first character.
    fn may_start_with_prefix(&self, line: &str) -> bool {
        if let Some(words) = &self.ascii_first_words {
            // Allocation-free: compare the line's first word, ASCII-folded.
            let start = line
                .find(|c: char| c.is_alphanumeric())
                .unwrap_or(line.len());
            let rest = &line[start..];
            let word_end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            let word = &rest[..word_end];
            if !words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                return false;
            }
        }
        let Some(first) = line
            .chars()
            .find(|c| c.is_alphanumeric())
            .and_then(|c| c.to_lowercase().next())
        else {
            return false;
        };
        if !self.fold_prefixes.iter().any(|p| p.starts_with(first)) {
            return false;
        }
        self.fold_prefixes.iter().any(|prefix| {
            let mut folded = folded_chars(line);
            prefix.chars().all(|p| folded.next() == Some(p))
        })
    }

    /// Marks every line not yet removed whose key appears `min_count` times
    /// or more among such lines (with `keep_first`, all but the first).
    pub fn apply(&self, text: &str, lines: &[Line], verdicts: &mut [Option<usize>], rule: usize) {
        let keys: Vec<Option<String>> = lines
            .iter()
            .zip(verdicts.iter())
            .map(|(line, verdict)| {
                if verdict.is_some() || !self.may_match(line) {
                    return None;
                }
                let key = self.key(line.trimmed(text))?;
                (key.chars().count() >= self.min_chars).then_some(key)
            })
            .collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for key in keys.iter().flatten() {
            *counts.entry(key.as_str()).or_default() += 1;
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (verdict, key) in verdicts.iter_mut().zip(&keys) {
            if let Some(key) = key
                && counts
                    .get(key.as_str())
                    .is_some_and(|&n| n >= self.min_count)
            {
                let first = seen.insert(key.as_str());
                if !(self.keep_first && first) {
                    *verdict = Some(rule);
                }
            }
        }
    }
}

/// The characters of `fold(text)`, lazily, without allocating.
fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut started = false;
    let mut pending_space = false;
    text.chars().flat_map(move |c| {
        let mut out: [Option<char>; 4] = [None; 4];
        if c.is_alphanumeric() {
            let mut k = 0;
            if pending_space && started {
                out[0] = Some(' ');
                k = 1;
            }
            pending_space = false;
            started = true;
            let mut lower = c.to_lowercase();
            // Lower-casing gives at most three characters.
            for slot in out.iter_mut().skip(k) {
                *slot = lower.next();
            }
        } else {
            pending_space = true;
        }
        out.into_iter().flatten()
    })
}

/// Lower case, letters and digits only, single spaces between words.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines;

    fn removed(text: &str, matcher: &RepeatedMatcher) -> Vec<usize> {
        let lines = lines::split(text);
        let mut verdicts = vec![None; lines.len()];
        matcher.apply(text, &lines, &mut verdicts, 0);
        verdicts
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_some())
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn folds_case_punctuation_and_prefixes() {
        let m = RepeatedMatcher::new(3, 12, &["Read more".into()], false);
        let text = "Read More: Bus fares rise in spring\nintro\nREAD MORE - bus fares rise in spring!\nBus fares rise in spring\n";
        assert_eq!(removed(text, &m), vec![0, 2, 3]);
    }

    #[test]
    fn keep_first_removes_only_the_later_copies_and_is_idempotent() {
        let m = RepeatedMatcher::new(2, 12, &[], false).keeping_first(true);
        let text = "A long line the page prints twice.\nintro\na long line the page prints twice!\nA long line the page prints twice\n";
        assert_eq!(removed(text, &m), vec![2, 3]);
        assert!(removed("A long line the page prints twice.\nintro\n", &m).is_empty());
    }

    #[test]
    fn only_prefixed_lines_count_when_asked() {
        let m = RepeatedMatcher::new(2, 12, &["Read more".into()], true);
        let text = "Eat every two or three hours\nEat every two or three hours\nRead more Bus fares rise\nread more: bus fares rise\n";
        assert_eq!(removed(text, &m), vec![2, 3]);
    }

    #[test]
    fn lazy_folding_matches_folding() {
        for text in ["  Read -- MORE: x", "İstanbul ÉTÉ", "", "!!", "a  b"] {
            assert_eq!(
                folded_chars(text).collect::<String>(),
                fold(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn short_or_rare_lines_stay() {
        let m = RepeatedMatcher::new(3, 12, &[], false);
        assert!(removed("Yes.\nYes.\nYes.\n", &m).is_empty());
        assert!(removed("A longer repeated line\nA longer repeated line\n", &m).is_empty());
    }
}
