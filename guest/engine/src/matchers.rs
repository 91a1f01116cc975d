//! Compiled matchers for each rule kind, with the size limits that keep a
//! user's rule from blowing up memory.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, MatchKind, StartKind,
};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::collections::{HashMap, HashSet};

use crate::char_count;
use crate::error::RuleError;
use crate::skip_search::SkipSearch;

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

/// Whether a line has at most `max_chars` characters (any length without a
/// limit). Bytes bound characters from both sides (one to four bytes
/// each), so only lines between `max_chars` and four times as many bytes
/// are counted, and paragraphs never are.
pub(crate) fn within(line: &str, max_chars: Option<usize>) -> bool {
    LineChars::new(line).within(max_chars)
}

/// A line and its character count, counted at most once and only when a
/// `max_chars` limit needs it: one line is checked against the limits of
/// many rules. Its leading ASCII bytes are found once too, which settles
/// most limits without a count.
pub(crate) struct LineChars<'a> {
    line: &'a str,
    count: std::cell::Cell<Option<usize>>,
    ascii_prefix: std::cell::Cell<Option<usize>>,
}

impl<'a> LineChars<'a> {
    pub(crate) fn new(line: &'a str) -> Self {
        LineChars {
            line,
            count: std::cell::Cell::new(None),
            ascii_prefix: std::cell::Cell::new(None),
        }
    }

    pub(crate) fn text(&self) -> &'a str {
        self.line
    }

    /// [`within`], counting the characters the first time it must. A line
    /// whose first `max + 1` bytes are ASCII has more than `max` characters
    /// whatever follows, which settles most lines without a count.
    pub(crate) fn within(&self, max_chars: Option<usize>) -> bool {
        let bytes = self.line.as_bytes();
        max_chars.is_none_or(|max| {
            bytes.len() <= max
                || (bytes.len() <= max.saturating_mul(4)
                    && self.ascii_prefix() <= max
                    && self.count() <= max)
        })
    }

    fn ascii_prefix(&self) -> usize {
        match self.ascii_prefix.get() {
            Some(n) => n,
            None => {
                let n = char_count::ascii_prefix_len(self.line.as_bytes());
                self.ascii_prefix.set(Some(n));
                n
            }
        }
    }

    fn count(&self) -> usize {
        match self.count.get() {
            Some(n) => n,
            None => {
                let n = char_count::count_chars(self.line);
                self.count.set(Some(n));
                n
            }
        }
    }
}

/// Every `phrases` rule of a rule set in as few automata as possible: one
/// anchored automaton for `whole` and `prefix` rules and one unanchored for
/// `contains` rules, each per case sensitivity. A line is scanned once per
/// automaton, not once per rule.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseSet {
    groups: Vec<PhraseGroup>,
    /// `folded` phrases, folded, with the earliest rule that lists each
    /// and that rule's `max_chars`.
    folded: HashMap<String, (usize, Option<usize>)>,
    /// Byte length of the longest folded phrase: a line folds to at most
    /// its own length, so lines far longer are not folded at all.
    folded_longest: usize,
    /// The first word of every folded phrase: a line whose first folded
    /// word is none of these is not folded further (most lines).
    folded_first_words: HashSet<String>,
}

#[derive(Debug, Clone)]
struct PhraseGroup {
    searcher: Searcher,
    /// For anchored groups, the bytes a line must start with for any phrase
    /// to match at its start: most lines are rejected by one lookup.
    first_bytes: ByteSet,
    /// For each pattern of the automaton: the rule index, its mode and
    /// its `max_chars`.
    owners: Vec<(usize, PhraseMatch, Option<usize>)>,
    /// When every member rule has a `max_chars`, the largest: a longer line
    /// cannot be claimed and is not scanned (`contains` notice phrases
    /// would otherwise search every paragraph of every document).
    longest_claim: Option<usize>,
}

/// `whole` and `prefix` phrases are walked from the start of the line, and
/// the walk stops as soon as no phrase can match (usually within a few
/// bytes). `contains` phrases need a search through the whole line: where
/// the shortest phrase is long enough, a [`SkipSearch`] finds the few
/// places one may start, reading a fraction of the bytes, and the anchored
/// automaton is walked from each; otherwise an unanchored automaton steps
/// through every byte.
#[derive(Debug, Clone)]
enum Searcher {
    Anchored(Box<NFA>),
    Skipping(SkipSearch, Box<NFA>),
    Anywhere(AhoCorasick),
}

/// One `phrases` rule, as [`PhraseSet::new`] takes it.
#[derive(Clone, Copy)]
pub(crate) struct PhraseRule<'a> {
    pub index: usize,
    pub id: &'a str,
    pub phrases: &'a [String],
    pub mode: PhraseMatch,
    pub case_insensitive: bool,
    /// Lines of more characters are not claimed by this rule.
    pub max_chars: Option<usize>,
}

impl PhraseSet {
    pub fn new(rules: &[PhraseRule<'_>]) -> Result<Self, RuleError> {
        let mut groups = Vec::new();
        for anchored in [true, false] {
            for case_insensitive in [true, false] {
                let members: Vec<&PhraseRule<'_>> = rules
                    .iter()
                    .filter(|r| {
                        r.case_insensitive == case_insensitive
                            && r.mode != PhraseMatch::Folded
                            && (r.mode != PhraseMatch::Contains) == anchored
                    })
                    .collect();
                if members.is_empty() {
                    continue;
                }
                let mut patterns: Vec<String> = Vec::new();
                let mut owners = Vec::new();
                for rule in &members {
                    let mut variants = spellings(rule.phrases, case_insensitive);
                    variants.sort();
                    variants.dedup();
                    for v in variants {
                        patterns.push(v);
                        owners.push((rule.index, rule.mode, rule.max_chars));
                    }
                }
                // Name a rule in a build error: the one with the most
                // phrases is the likeliest cause of a size error.
                let culprit = || {
                    members
                        .iter()
                        .max_by_key(|r| r.phrases.len())
                        .map_or("?", |r| r.id)
                };
                let anchored_nfa = || {
                    NFA::builder()
                        .match_kind(MatchKind::Standard)
                        .ascii_case_insensitive(case_insensitive)
                        .build(&patterns)
                        .map(Box::new)
                        .map_err(|e| RuleError::in_rule(culprit(), "phrases", e.to_string()))
                };
                let searcher = if anchored {
                    Searcher::Anchored(anchored_nfa()?)
                } else if let Some(skip) = SkipSearch::new(&patterns) {
                    Searcher::Skipping(skip, anchored_nfa()?)
                } else {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::Standard)
                        .ascii_case_insensitive(case_insensitive)
                        .start_kind(StartKind::Unanchored)
                        // A few hundred phrases at most: the DFA is small
                        // and the fastest to walk byte by byte.
                        .kind(Some(AhoCorasickKind::DFA))
                        .build(&patterns)
                        .map(Searcher::Anywhere)
                        .map_err(|e| RuleError::in_rule(culprit(), "phrases", e.to_string()))?
                };
                let first_bytes = ByteSet::first_bytes(&patterns, case_insensitive);
                let longest_claim = members
                    .iter()
                    .map(|r| r.max_chars)
                    .try_fold(0, |longest, limit| limit.map(|l| longest.max(l)));
                groups.push(PhraseGroup {
                    searcher,
                    first_bytes,
                    owners,
                    longest_claim,
                });
            }
        }
        let mut folded: HashMap<String, (usize, Option<usize>)> = HashMap::new();
        for rule in rules.iter().filter(|r| r.mode == PhraseMatch::Folded) {
            for phrase in rule.phrases {
                let key = crate::fold::fold(phrase);
                if !key.is_empty() {
                    let owner = folded.entry(key).or_insert((rule.index, rule.max_chars));
                    if rule.index < owner.0 {
                        *owner = (rule.index, rule.max_chars);
                    }
                }
            }
        }
        let folded_longest = folded.keys().map(String::len).max().unwrap_or(0);
        let folded_first_words = folded
            .keys()
            .filter_map(|key| key.split(' ').next())
            .map(str::to_string)
            .collect();
        Ok(PhraseSet {
            groups,
            folded,
            folded_longest,
            folded_first_words,
        })
    }

    /// Whether the set has no phrase at all.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.folded.is_empty()
    }

    /// The lowest rule index (earliest in the file) that claims a trimmed
    /// line, if any is below `below`.
    pub fn first_match(&self, line: &str, below: usize) -> Option<usize> {
        self.first_match_counted(&LineChars::new(line), below)
    }

    /// [`first_match`](PhraseSet::first_match) for a line whose character
    /// count may already be known (or will be, to the next rule asking).
    pub(crate) fn first_match_counted(&self, chars: &LineChars<'_>, below: usize) -> Option<usize> {
        let line = chars.text();
        let mut best = below;
        if let Some((rule, limit)) = self.folded_match(line)
            && chars.within(limit)
        {
            best = best.min(rule);
        }
        for group in &self.groups {
            if !chars.within(group.longest_claim) {
                continue;
            }
            let mut consider = |pattern: usize, start: usize, end: usize| {
                let (rule, mode, limit) = group.owners[pattern];
                if rule >= best || !chars.within(limit) {
                    return;
                }
                let claims = match mode {
                    PhraseMatch::Whole => start == 0 && end == line.len(),
                    PhraseMatch::Prefix => start == 0 && no_word_across(line, end),
                    PhraseMatch::Contains => {
                        no_word_across(line, start) && no_word_across(line, end)
                    }
                    // Folded phrases are in `folded`, never in an automaton.
                    PhraseMatch::Folded => false,
                };
                if claims {
                    best = rule;
                }
            };
            let bytes = line.as_bytes();
            match &group.searcher {
                Searcher::Anchored(nfa) => {
                    if bytes
                        .first()
                        .is_some_and(|&b| group.first_bytes.contains(b))
                    {
                        walk(nfa, bytes, 0, &mut consider);
                    }
                }
                Searcher::Skipping(skip, nfa) => {
                    skip.candidates(bytes, |start| walk(nfa, bytes, start, &mut consider));
                }
                Searcher::Anywhere(automaton) => {
                    // Most lines hold no phrase: one plain search rules them
                    // out before the overlapping walk that finds every
                    // candidate.
                    if !automaton.is_match(line) {
                        continue;
                    }
                    let Ok(matches) = automaton.try_find_overlapping_iter(line) else {
                        continue;
                    };
                    for m in matches {
                        consider(m.pattern().as_usize(), m.start(), m.end());
                    }
                }
            }
        }
        (best < below).then_some(best)
    }
}

/// Every phrase of `nfa` that matches `bytes` from `start`, as
/// `(pattern, start, end)`; the walk stops where no phrase can go on.
fn walk(nfa: &NFA, bytes: &[u8], start: usize, consider: &mut impl FnMut(usize, usize, usize)) {
    let Ok(mut sid) = nfa.start_state(Anchored::Yes) else {
        return;
    };
    for (i, &byte) in bytes.iter().enumerate().skip(start) {
        sid = nfa.next_state(Anchored::Yes, sid, byte);
        if nfa.is_dead(sid) {
            return;
        }
        if nfa.is_match(sid) {
            for k in 0..nfa.match_len(sid) {
                consider(nfa.match_pattern(sid, k).as_usize(), start, i + 1);
            }
        }
    }
}

impl PhraseSet {
    /// The earliest `folded` rule whose phrase the line folds to. Folding
    /// drops punctuation and shortens digit runs, so a line up to about
    /// twice the longest phrase may still fold to one; longer lines (most
    /// prose) are not folded at all, and the fold reuses one buffer.
    fn folded_match(&self, line: &str) -> Option<(usize, Option<usize>)> {
        if self.folded.is_empty() || line.len() > 2 * self.folded_longest + 16 {
            return None;
        }
        FOLD_BUFFER.with(|buffer| {
            let mut buffer = buffer.borrow_mut();
            crate::fold::first_folded_word_into(line, &mut buffer);
            if !self.folded_first_words.contains(buffer.as_str()) {
                return None;
            }
            crate::fold::fold_into(line, &mut buffer);
            if buffer.len() > self.folded_longest {
                return None;
            }
            self.folded.get(buffer.as_str()).copied()
        })
    }
}

thread_local! {
    static FOLD_BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A set of bytes, for one-lookup tests on the first byte of a line.
#[derive(Clone)]
pub(crate) struct ByteSet([bool; 256]);

impl ByteSet {
    /// The first bytes of `words`, with both ASCII cases when
    /// `ascii_case_insensitive` (as the automata fold case).
    pub fn first_bytes<S: AsRef<str>>(words: &[S], ascii_case_insensitive: bool) -> ByteSet {
        let mut set = [false; 256];
        for word in words {
            if let Some(&b) = word.as_ref().as_bytes().first() {
                set[usize::from(b)] = true;
                if ascii_case_insensitive {
                    set[usize::from(b.to_ascii_lowercase())] = true;
                    set[usize::from(b.to_ascii_uppercase())] = true;
                }
            }
        }
        ByteSet(set)
    }

    pub fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }
}

impl std::fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes: Vec<u8> = (0..=255u8).filter(|&b| self.contains(b)).collect();
        f.debug_tuple("ByteSet").field(&bytes).finish()
    }
}

/// The phrases and, when case-insensitive, the spellings the ASCII-only
/// case folding of the automaton would miss ("Ähnliche Artikel").
fn spellings(phrases: &[String], case_insensitive: bool) -> Vec<String> {
    let mut out = Vec::with_capacity(phrases.len() * 4);
    for phrase in phrases {
        out.push(phrase.clone());
        if case_insensitive {
            out.push(phrase.to_lowercase());
            out.push(phrase.to_uppercase());
            out.push(capitalised(phrase));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-rule phrase set, with `matches` as the rule would apply.
    struct OneRule(PhraseSet);

    impl OneRule {
        fn matches(&self, line: &str) -> bool {
            self.0.first_match(line, usize::MAX).is_some()
        }
    }

    fn phrases(mode: PhraseMatch, list: &[&str]) -> OneRule {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        let rule = PhraseRule {
            index: 0,
            id: "t",
            phrases: &list,
            mode,
            case_insensitive: true,
            max_chars: None,
        };
        OneRule(PhraseSet::new(&[rule]).unwrap())
    }

    #[test]
    fn the_earliest_rule_wins_across_modes() {
        let (a, b) = (vec!["Share this".to_string()], vec!["Share".to_string()]);
        let set = PhraseSet::new(&[
            PhraseRule {
                index: 3,
                id: "late",
                phrases: &a,
                mode: PhraseMatch::Whole,
                case_insensitive: true,
                max_chars: None,
            },
            PhraseRule {
                index: 1,
                id: "early",
                phrases: &b,
                mode: PhraseMatch::Prefix,
                case_insensitive: false,
                max_chars: None,
            },
        ])
        .unwrap();
        assert_eq!(set.first_match("Share this", usize::MAX), Some(1));
        assert_eq!(
            set.first_match("share this", usize::MAX),
            Some(3),
            "rule 1 is case-sensitive"
        );
        assert_eq!(
            set.first_match("Share this", 1),
            None,
            "nothing below the bound"
        );
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
    fn max_chars_counts_characters_and_leaves_longer_lines_alone() {
        let list = vec!["our newsletter".to_string()];
        let set = PhraseSet::new(&[PhraseRule {
            index: 0,
            id: "t",
            phrases: &list,
            mode: PhraseMatch::Contains,
            case_insensitive: true,
            max_chars: Some(30),
        }])
        .unwrap();
        assert_eq!(
            set.first_match("Join our newsletter today", usize::MAX),
            Some(0)
        );
        // 30 characters but more bytes: still within the limit.
        let accented = "ééééééééé our newsletter ééééé";
        assert_eq!(accented.chars().count(), 30);
        assert_eq!(set.first_match(accented, usize::MAX), Some(0));
        let long = "Readers of our newsletter wrote in by the hundreds.";
        assert_eq!(set.first_match(long, usize::MAX), None);
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
}
