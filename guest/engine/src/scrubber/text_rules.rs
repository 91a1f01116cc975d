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

/// How the line patterns of a group are searched.
#[derive(Debug, Clone, Default)]
enum Patterns {
    #[default]
    None,
    /// All in one set, with each member's rule index and `max_chars`: one
    /// scan of the line for any number of patterns.
    Set(RegexSet, Vec<(usize, Option<usize>)>),
    /// One by one, each only on lines within its `max_chars`: for a few
    /// patterns with tight limits, skipping the longer lines (most prose)
    /// saves more than one shared scan would, and a set cannot skip them.
    Each(Vec<PatternRule>),
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
        let patterns = if patterns.is_empty() {
            Patterns::None
        } else if search == Search::OneByOne {
            Patterns::Each(patterns)
        } else {
            let sources: Vec<String> = patterns.iter().map(|p| p.whole_line.clone()).collect();
            Patterns::Set(
                matchers::regex_set(&sources)?,
                patterns.iter().map(|p| (p.index, p.max_chars)).collect(),
            )
        };
        Ok(TextRules {
            patterns,
            phrases: PhraseSet::new(phrases)?,
        })
    }

    pub(super) fn is_empty(&self) -> bool {
        matches!(self.patterns, Patterns::None) && self.phrases.is_empty()
    }

    /// The lowest rule index (earliest in the file) that claims a trimmed,
    /// non-empty line. `hits` is scratch space, reused across lines.
    pub(super) fn first_match(&self, trimmed: &str, hits: &mut Vec<bool>) -> Option<usize> {
        let chars = LineChars::new(trimmed);
        let mut best: Option<usize> = None;
        match &self.patterns {
            Patterns::None => {}
            Patterns::Set(set, rule_of) => {
                if set.is_match(trimmed) {
                    hits.clear();
                    hits.resize(set.len(), false);
                    set.matches_read_at(hits, trimmed, 0);
                    best = hits
                        .iter()
                        .zip(rule_of)
                        .find(|&(&hit, &(_, max_chars))| hit && chars.within(max_chars))
                        .map(|(_, &(rule, _))| rule);
                }
            }
            Patterns::Each(patterns) => {
                best = patterns
                    .iter()
                    .filter(|p| {
                        chars.within(p.max_chars)
                            && p.gate.as_ref().is_none_or(|g| g.admits(trimmed.as_bytes()))
                            && p.regex.is_match(trimmed)
                    })
                    .map(|p| p.index)
                    .min();
            }
        }
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
