//! Compiled matchers for each rule kind, with the size limits that keep a
//! user's rule from blowing up memory.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::error::RuleError;
use crate::headline::HeadlineShape;
use crate::rules::PhraseMatch;

/// Most memory one compiled rule regex may take.
pub(crate) const REGEX_SIZE_LIMIT: usize = 2 << 20;
/// Most memory the lazy DFA of one regex may cache.
pub(crate) const REGEX_DFA_LIMIT: usize = 4 << 20;
/// Deepest nesting of groups and repetitions in a rule regex.
const REGEX_NEST_LIMIT: u32 = 64;

/// Compile one user regex with chaff's limits; errors name the rule and field.
pub(crate) fn regex(id: &str, field: &str, pattern: &str) -> Result<Regex, RuleError> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_LIMIT)
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .map_err(|e| RuleError::in_rule(id, field, regex_message(e)))
}

/// Compile several already-checked line patterns into one set, so each line
/// is scanned once however many line-pattern rules there are.
pub(crate) fn regex_set(patterns: &[String]) -> Result<RegexSet, RuleError> {
    let budget = REGEX_SIZE_LIMIT.saturating_mul(patterns.len().max(1));
    RegexSetBuilder::new(patterns)
        .size_limit(budget)
        .dfa_size_limit(REGEX_DFA_LIMIT.saturating_mul(2))
        .nest_limit(REGEX_NEST_LIMIT)
        .build()
        .map_err(|e| RuleError::file(format!("line patterns together: {}", regex_message(e))))
}

fn regex_message(e: regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(limit) => format!(
            "the pattern compiles to more than {limit} bytes; simplify it (fewer or smaller repetitions, \
             narrower character classes)"
        ),
        other => format!("invalid regex:\n{other}"),
    }
}

/// One `phrases` rule: all its phrases in one Aho-Corasick automaton.
#[derive(Debug, Clone)]
pub(crate) struct PhraseMatcher {
    mode: PhraseMatch,
    automaton: AhoCorasick,
}

impl PhraseMatcher {
    pub fn new(
        id: &str,
        phrases: &[String],
        mode: PhraseMatch,
        case_insensitive: bool,
    ) -> Result<Self, RuleError> {
        let mut patterns: Vec<String> = Vec::with_capacity(phrases.len() * 3);
        for phrase in phrases {
            patterns.push(phrase.clone());
            if case_insensitive {
                // The automaton folds ASCII case itself; these cover the common
                // spellings of phrases with non-ASCII letters ("Ähnliche Artikel").
                patterns.push(phrase.to_lowercase());
                patterns.push(phrase.to_uppercase());
                patterns.push(capitalised(phrase));
            }
        }
        patterns.sort();
        patterns.dedup();
        let start_kind = match mode {
            PhraseMatch::Whole | PhraseMatch::Prefix => StartKind::Anchored,
            PhraseMatch::Contains => StartKind::Unanchored,
        };
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(case_insensitive)
            .start_kind(start_kind)
            .build(&patterns)
            .map_err(|e| RuleError::in_rule(id, "phrases", e.to_string()))?;
        Ok(PhraseMatcher { mode, automaton })
    }

    /// Whether a trimmed line is claimed by this rule.
    pub fn matches(&self, line: &str) -> bool {
        match self.mode {
            PhraseMatch::Whole => self.anchored(line).is_some_and(|end| end == line.len()),
            PhraseMatch::Prefix => self
                .anchored(line)
                .is_some_and(|end| no_word_across(line, end)),
            PhraseMatch::Contains => self
                .automaton
                .find_iter(line)
                .any(|m| no_word_across(line, m.start()) && no_word_across(line, m.end())),
        }
    }

    fn anchored(&self, line: &str) -> Option<usize> {
        let input = Input::new(line).anchored(Anchored::Yes);
        self.automaton
            .try_find(input)
            .ok()
            .flatten()
            .map(|m| m.end())
    }
}

fn capitalised(phrase: &str) -> String {
    let lower = phrase.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => lower,
    }
}

/// True unless a word runs across byte `at`: a phrase ending in "Share" must
/// not claim "Shareholders".
fn no_word_across(line: &str, at: usize) -> bool {
    let before = line[..at].chars().next_back();
    let after = line[at..].chars().next();
    !matches!((before, after), (Some(b), Some(a)) if b.is_alphanumeric() && a.is_alphanumeric())
}

/// One `headline-list` rule, compiled.
#[derive(Debug, Clone)]
pub(crate) struct ListMatcher {
    /// Headings, lower-cased, compared with the lower-cased trimmed line
    /// (a trailing `:` ignored).
    headings: Vec<String>,
    longest_heading: usize,
    pub min_items: usize,
    /// Also remove heading-less runs of this many items ending the document.
    pub tail_min_items: Option<usize>,
    pub shape: HeadlineShape,
}

impl ListMatcher {
    pub fn new(
        headings: &[String],
        min_items: usize,
        tail_min_items: Option<usize>,
        shape: HeadlineShape,
    ) -> Self {
        let headings: Vec<String> = headings
            .iter()
            .map(|h| h.trim_end_matches(':').trim().to_lowercase())
            .collect();
        let longest_heading = headings.iter().map(String::len).max().unwrap_or(0);
        ListMatcher {
            headings,
            longest_heading,
            min_items,
            tail_min_items,
            shape,
        }
    }

    /// Whether a trimmed line is one of the headings.
    pub fn is_heading(&self, line: &str) -> bool {
        let line = line.trim_end_matches(':').trim_end();
        // Lower-casing can grow a string, but never beyond 3x; skip long lines cheaply.
        if line.is_empty() || line.len() > self.longest_heading * 3 {
            return false;
        }
        if line.is_ascii() {
            // Most lines: no allocation, and only headings of the same
            // length are compared.
            return self
                .headings
                .iter()
                .any(|h| h.len() == line.len() && h.eq_ignore_ascii_case(line));
        }
        let lower = line.to_lowercase();
        self.headings.contains(&lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(mode: PhraseMatch, list: &[&str]) -> PhraseMatcher {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        PhraseMatcher::new("t", &list, mode, true).unwrap()
    }

    #[test]
    fn whole_prefix_contains() {
        let whole = phrases(PhraseMatch::Whole, &["View", "Leave a Comment"]);
        assert!(whole.matches("View"));
        assert!(whole.matches("leave a comment"));
        assert!(!whole.matches("View from the hill"));

        let prefix = phrases(PhraseMatch::Prefix, &["Share", "Already a subscriber?"]);
        assert!(prefix.matches("Share this story"));
        assert!(prefix.matches("Already a subscriber? Log in."));
        assert!(!prefix.matches("Shareholders voted"));

        let contains = phrases(PhraseMatch::Contains, &["cookie policy"]);
        assert!(contains.matches("By browsing you accept our Cookie Policy."));
        assert!(!contains.matches("the cookie policymakers"));
    }

    #[test]
    fn non_ascii_case() {
        let m = phrases(PhraseMatch::Whole, &["Ähnliche Artikel"]);
        assert!(m.matches("ähnliche artikel"));
        assert!(m.matches("ÄHNLICHE ARTIKEL"));
    }

    #[test]
    fn regex_limits_and_errors_name_the_rule() {
        let err = regex("r1", "pattern", "a(b").unwrap_err();
        assert_eq!(err.rule.as_deref(), Some("r1"));
        assert_eq!(err.field.as_deref(), Some("pattern"));
        assert!(err.message.contains("invalid regex"), "{err}");
        let err = regex("big", "pattern", r"\w{1000}\w{1000}\w{1000}").unwrap_err();
        assert!(err.message.contains("more than"), "{err}");
    }

    #[test]
    fn headings() {
        let m = ListMatcher::new(
            &["Related".into(), "You may also like".into()],
            3,
            None,
            HeadlineShape::default(),
        );
        assert!(m.is_heading("Related"));
        assert!(m.is_heading("RELATED:"));
        assert!(m.is_heading("You may also like"));
        assert!(!m.is_heading("Related stories from the region are rare"));
    }
}
