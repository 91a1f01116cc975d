//! From a checked rule set to the matchers the passes run: rules grouped
//! by how they are applied (one regex set, one phrase automaton, located
//! and site-scoped rules apart).

use regex::Regex;

use super::Scrubber;
use super::text_rules::{PatternRule, Search, TextRules};
use crate::error::RuleError;
use crate::features::{FunctionWords, LineFeatures};
use crate::gate::ByteGate;
use crate::lists::ListMatcher;
use crate::matchers::{self, PhraseRule, PhraseSet};
use crate::region::EVERYWHERE;
use crate::repeated::RepeatedMatcher;
use crate::rules::{RuleBody, RuleSet};
use crate::shapes::Shape;

/// A line rule for some sites' documents only.
#[derive(Debug, Clone)]
pub(super) struct SiteRule {
    pub(super) rule: usize,
    pub(super) sites: Vec<String>,
    pub(super) matcher: LocatedMatcher,
}

/// A rule that applies only at some locations.
#[derive(Debug, Clone)]
pub(super) struct Located {
    pub(super) rule: usize,
    /// [`Location`] bits where it applies.
    pub(super) at: u8,
    pub(super) matcher: LocatedMatcher,
}

#[derive(Debug, Clone)]
pub(super) enum LocatedMatcher {
    Pattern(Regex, Option<usize>),
    Phrases(PhraseSet),
    Shape(Shape, u32),
}

impl LocatedMatcher {
    /// Whether a pattern or phrase rule matches the text of a line (shapes
    /// need its features: false).
    pub(super) fn matches_text(&self, trimmed: &str) -> bool {
        match self {
            LocatedMatcher::Pattern(regex, max_chars) => {
                matchers::within(trimmed, *max_chars) && regex.is_match(trimmed)
            }
            LocatedMatcher::Phrases(set) => set.first_match(trimmed, usize::MAX).is_some(),
            LocatedMatcher::Shape(..) => false,
        }
    }
}

impl Located {
    pub(super) fn matches_text(&self, trimmed: &str) -> bool {
        self.matcher.matches_text(trimmed)
    }

    pub(super) fn matches(&self, trimmed: &str, features: &LineFeatures) -> bool {
        match &self.matcher {
            LocatedMatcher::Shape(shape, max_words) => shape.matches(features, *max_words),
            _ => self.matches_text(trimmed),
        }
    }
}

/// A line pattern anchored to the whole line, compiled: checked alone first,
/// so errors point into the user's pattern rather than into chaff's
/// anchoring of it.
///
/// A `(?x)` pattern may end in a `#` comment, which would swallow the
/// closing `)$` on its line: then, and only then (the pattern compiled
/// alone, the wrapped one did not), the closing goes on a line of its own,
/// where the line break is white space to the `x` flag still in force.
/// The matcher of a rule scoped with `sites` (validation allows `sites`
/// on line patterns and phrases only).
pub(super) fn site_matcher(
    index: usize,
    rule: &crate::rules::Rule,
) -> Result<LocatedMatcher, RuleError> {
    match &rule.body {
        RuleBody::LinePattern { pattern, max_chars } => Ok(LocatedMatcher::Pattern(
            whole_line_pattern(&rule.id, pattern)?.1,
            *max_chars,
        )),
        RuleBody::Phrases {
            phrases,
            mode,
            case_insensitive,
            max_chars,
        } => Ok(LocatedMatcher::Phrases(PhraseSet::new(&[PhraseRule {
            index,
            id: &rule.id,
            phrases,
            mode: *mode,
            case_insensitive: *case_insensitive,
            max_chars: *max_chars,
        }])?)),
        _ => Err(RuleError::in_rule(
            &rule.id,
            "sites",
            format!("is not used by kind `{}`", rule.body.kind_name()),
        )),
    }
}

pub(super) fn whole_line_pattern(id: &str, pattern: &str) -> Result<(String, Regex), RuleError> {
    matchers::regex(id, "pattern", pattern)?;
    let whole_line = format!("^(?:{pattern})$");
    if let Ok(regex) = matchers::regex(id, "pattern", &whole_line) {
        return Ok((whole_line, regex));
    }
    let whole_line = format!("^(?:{pattern}\n)$");
    let regex = matchers::regex(id, "pattern", &whole_line)?;
    Ok((whole_line, regex))
}

impl Scrubber {
    /// Compile a checked rule set. Fails on a regex that does not parse or
    /// exceeds chaff's size limits, naming the rule.
    pub fn new(set: &RuleSet) -> Result<Scrubber, RuleError> {
        let table = set.table();
        let mut site_rules = Vec::new();
        let mut pattern_rules = Vec::new();
        let mut phrase_rules = Vec::new();
        let mut located_patterns = Vec::new();
        let mut located_phrases = Vec::new();
        let mut list_rules = Vec::new();
        let mut repeated_rules = Vec::new();
        let mut inline_rules = Vec::new();
        let mut region = None;
        let mut located = Vec::new();
        for (index, rule) in set.rules.iter().enumerate() {
            if let Some(sites) = &rule.sites {
                site_rules.push(SiteRule {
                    rule: index,
                    sites: sites.clone(),
                    matcher: site_matcher(index, rule)?,
                });
                continue;
            }
            let locate = |at: u8, matcher: LocatedMatcher| Located {
                rule: index,
                at,
                matcher,
            };
            match &rule.body {
                RuleBody::ContentRegion { settings } => region = Some((index, *settings)),
                RuleBody::LineShape { shape, max_words } => located.push(locate(
                    rule.at.unwrap_or(EVERYWHERE),
                    LocatedMatcher::Shape(*shape, *max_words),
                )),
                RuleBody::LinePattern { pattern, max_chars } => {
                    let (whole_line, regex) = whole_line_pattern(&rule.id, pattern)?;
                    let member = PatternRule {
                        index,
                        whole_line,
                        regex: regex.clone(),
                        max_chars: *max_chars,
                        gate: ByteGate::of(pattern),
                    };
                    match rule.at {
                        Some(at) => {
                            located.push(locate(at, LocatedMatcher::Pattern(regex, *max_chars)));
                            located_patterns.push(member);
                        }
                        None => pattern_rules.push(member),
                    }
                }
                RuleBody::Phrases {
                    phrases,
                    mode,
                    case_insensitive,
                    max_chars,
                } => {
                    let phrase_rule = PhraseRule {
                        index,
                        id: &rule.id,
                        phrases,
                        mode: *mode,
                        case_insensitive: *case_insensitive,
                        max_chars: *max_chars,
                    };
                    match rule.at {
                        Some(at) => {
                            located.push(locate(
                                at,
                                LocatedMatcher::Phrases(PhraseSet::new(&[phrase_rule])?),
                            ));
                            located_phrases.push(phrase_rule);
                        }
                        None => phrase_rules.push(phrase_rule),
                    }
                }
                RuleBody::InlineSpan { pattern } => {
                    inline_rules.push((
                        index,
                        matchers::regex(&rule.id, "pattern", pattern)?,
                        ByteGate::of(pattern),
                    ));
                }
                RuleBody::RepeatedLine {
                    min_count,
                    min_chars,
                    fold_prefixes,
                    only_prefixed,
                    keep_first,
                } => repeated_rules.push((
                    index,
                    RepeatedMatcher::new(*min_count, *min_chars, fold_prefixes, *only_prefixed)
                        .keeping_first(*keep_first),
                )),
                RuleBody::HeadlineList {
                    headings,
                    min_items,
                    tail_min_items,
                    shape,
                } => list_rules.push((
                    index,
                    ListMatcher::new(headings, *min_items, *tail_min_items, *shape),
                )),
            }
        }
        Ok(Scrubber {
            table,
            site_rules,
            line_rules: TextRules::new(pattern_rules, Search::Together, &phrase_rules)?,
            located_text: TextRules::new(located_patterns, Search::OneByOne, &located_phrases)?,
            repeated_rules,
            list_rules,
            inline_rules,
            needs_layout: region.is_some_and(|(_, s)| s.drop_outside)
                || located.iter().any(|r| r.at != EVERYWHERE),
            region,
            located,
            function_words: FunctionWords::new(&set.function_words),
            options: set.options.clone(),
        })
    }
}
