//! Rules decided by a line's text alone (`line-pattern` and `phrases`),
//! compiled together: one regex set for all patterns and one phrase set for
//! all phrases, so a line is read once per automaton however many rules
//! there are.

use regex::{Regex, RegexSet};

use crate::error::RuleError;
use crate::gate::ByteGate;
use crate::matchers::{self, LineChars, PhraseRule, PhraseSet};

/// A group of text rules compiled together. The scrubber keeps two: the
/// line rules that apply everywhere, and those limited to some locations
/// (`at`), which it asks only whether a line could be claimed at all.
#[derive(Debug, Clone, Default)]
pub(super) struct TextRules {
    patterns: Patterns,
    phrases: PhraseSet,
}

/// A member of a pattern set: its rule index and `max_chars`.
type SetMember = (usize, Option<usize>);

/// How the line patterns of a group are searched: some in one set, the
/// rest one by one.
#[derive(Debug, Clone, Default)]
struct Patterns {
    /// Searched together, with each member's rule index and `max_chars`:
    /// one scan of the line for any number of patterns. The lazy DFA of
    /// the set gives up on most lines within a few bytes, as long as every
    /// member starts with a few fixed words.
    set: Option<(RegexSet, Vec<SetMember>)>,
    /// Searched one by one, each only on lines within its `max_chars` and
    /// holding one of its gate's bytes: patterns with a selective byte
    /// gate (which may open with `.*` and would keep the whole set
    /// scanning every line to its end), and, for a few located patterns
    /// with tight limits, all of them.
    each: Vec<PatternRule>,
}

/// How [`TextRules::new`] should search the patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Search {
    Together,
    OneByOne,
}

/// One `line-pattern` rule, as [`TextRules::new`] takes it: the pattern
/// already anchored to the whole line.
#[derive(Debug, Clone)]
pub(super) struct PatternRule {
    pub(super) index: usize,
    pub(super) whole_line: String,
    pub(super) regex: Regex,
    pub(super) max_chars: Option<usize>,
    /// Bytes one of which every match contains, if the pattern has a
    /// useful set (checked before the regex when searching one by one).
    pub(super) gate: Option<ByteGate>,
}

impl TextRules {
    pub(super) fn new(
        patterns: Vec<PatternRule>,
        search: Search,
        phrases: &[PhraseRule<'_>],
    ) -> Result<TextRules, RuleError> {
        let (each, together): (Vec<PatternRule>, Vec<PatternRule>) =
            patterns.into_iter().partition(|p| {
                search == Search::OneByOne || p.gate.as_ref().is_some_and(ByteGate::is_selective)
            });
        let set = if together.is_empty() {
            None
        } else {
            let members: Vec<SetMember> = together.iter().map(|p| (p.index, p.max_chars)).collect();
            let sources: Vec<String> = together.into_iter().map(|p| p.whole_line).collect();
            // The members' own regexes are gone before the set compiles:
            // the guest's memory never shrinks, so its size is the peak
            // of compiling, and both at once would set it.
            Some((matchers::regex_set(&sources)?, members))
        };
        let patterns = Patterns { set, each };
        Ok(TextRules {
            patterns,
            phrases: PhraseSet::new(phrases)?,
        })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.patterns.set.is_none() && self.patterns.each.is_empty() && self.phrases.is_empty()
    }

    /// The lowest rule index (earliest in the file) that claims a trimmed,
    /// non-empty line. `hits` is scratch space, reused across lines.
    pub(super) fn first_match(&self, trimmed: &str, hits: &mut Vec<bool>) -> Option<usize> {
        let chars = LineChars::new(trimmed);
        let mut best: Option<usize> = None;
        if let Some((set, rule_of)) = &self.patterns.set
            && set.is_match(trimmed)
        {
            hits.clear();
            hits.resize(set.len(), false);
            set.matches_read_at(hits, trimmed, 0);
            best = hits
                .iter()
                .zip(rule_of)
                .find(|&(&hit, &(_, max_chars))| hit && chars.within(max_chars))
                .map(|(_, &(rule, _))| rule);
        }
        let one_by_one = self
            .patterns
            .each
            .iter()
            .filter(|p| best.is_none_or(|b| p.index < b))
            .filter(|p| {
                chars.within(p.max_chars)
                    && p.gate.as_ref().is_none_or(|g| g.admits(trimmed.as_bytes()))
                    && p.regex.is_match(trimmed)
            })
            .map(|p| p.index)
            .min();
        best = match (best, one_by_one) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(rule) = self
            .phrases
            .first_match_counted(&chars, best.unwrap_or(usize::MAX))
        {
            best = Some(rule);
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::PhraseMatch;

    #[test]
    fn the_earliest_rule_wins_across_patterns_and_phrases() {
        for search in [Search::Together, Search::OneByOne] {
            the_earliest_rule_wins(search);
        }
    }

    fn pattern(index: usize, whole_line: &str, max_chars: Option<usize>) -> PatternRule {
        PatternRule {
            index,
            whole_line: whole_line.into(),
            regex: Regex::new(whole_line).unwrap(),
            max_chars,
            gate: ByteGate::of(whole_line),
        }
    }

    fn the_earliest_rule_wins(search: Search) {
        let phrases = vec!["Share this".to_string()];
        let rules = TextRules::new(
            vec![
                pattern(2, "^(?:(?i)share.*)$", None),
                pattern(0, "^(?:.*story)$", Some(12)),
            ],
            search,
            &[PhraseRule {
                index: 1,
                id: "p",
                phrases: &phrases,
                mode: PhraseMatch::Prefix,
                case_insensitive: true,
                max_chars: None,
            }],
        )
        .unwrap();
        let mut hits = Vec::new();
        assert_eq!(rules.first_match("Share this story", &mut hits), Some(1));
        assert_eq!(rules.first_match("Our story", &mut hits), Some(0));
        assert_eq!(rules.first_match("Share it", &mut hits), Some(2));
        assert_eq!(
            rules.first_match("Share it, it is a long story", &mut hits),
            Some(2),
            "rule 0 is limited to 12 characters"
        );
        assert_eq!(rules.first_match("Nothing here", &mut hits), None);
    }
}
