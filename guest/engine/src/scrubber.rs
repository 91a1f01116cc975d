//! The engine: a compiled rule set and the passes that clean a document.
//!
//! Cleaning works on whole lines first, then on spans inside kept lines:
//!
//! 1. **line rules** (`line-pattern`, `phrases`): each non-blank line is
//!    tested once against all of them; the first rule in file order wins;
//! 2. **headline lists**: a heading followed by a run of headline-shaped
//!    lines is removed with its run;
//! 3. **tidying**: blank lines stranded by removals go with them;
//! 4. **inline spans**: matches are cut out of the lines that stay.
//!
//! The result is assembled from the input by cutting the removed spans, so
//! it can only ever be a subset of the input.

use regex::{Regex, RegexSet};

use crate::error::RuleError;
use crate::features::{self, FunctionWords, LineFeatures};
use crate::headline;
use crate::lines::{self, Line};
use crate::matchers::{self, ListMatcher, PhraseRule, PhraseSet};
use crate::outcome::{self, Outcome, Removal};
use crate::region::{self, Class, EVERYWHERE, Location, RegionSettings};
use crate::repeated::RepeatedMatcher;
use crate::rules::{Options, RuleBody, RuleSet};
use crate::shapes::Shape;

/// A compiled rule set. Build once, clean any number of documents; cleaning
/// takes `&self`, so one scrubber can serve many threads.
#[derive(Debug, Clone)]
pub struct Scrubber {
    /// Every rule, by rule index (file order).
    table: Vec<RuleInfo>,
    /// Rules limited to some sites' documents (`sites`), in file order;
    /// they run with the line rules, for documents of those sites only.
    site_rules: Vec<SiteRule>,
    /// All line-pattern rules as one set, and the rule index of each member.
    line_patterns: Option<(RegexSet, Vec<usize>)>,
    phrase_rules: PhraseSet,
    repeated_rules: Vec<(usize, RepeatedMatcher)>,
    list_rules: Vec<(usize, ListMatcher)>,
    inline_rules: Vec<(usize, Regex)>,
    /// The `content-region` rule, if any: its index and thresholds.
    region: Option<(usize, RegionSettings)>,
    /// Rules that depend on where a line is (`at`, `line-shape`), in file
    /// order; they run once the region is known.
    located: Vec<Located>,
    /// Whether any rule depends on where the body is (a region that drops
    /// what lies outside it, a rule limited by `at`). Without one, lines
    /// need no classes, and features only where a shape may match.
    needs_layout: bool,
    function_words: FunctionWords,
    options: Options,
}

/// What the content-region stage saw in one line ([`Scrubber::line_reports`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LineReport {
    /// First byte of the line in the text.
    pub start: usize,
    /// One past its last byte, terminator included.
    pub end: usize,
    /// Its features; `None` for a blank line.
    pub features: Option<LineFeatures>,
    /// Its class from its own features.
    pub initial: Option<Class>,
    /// Its class after looking at its neighbours.
    pub class: Option<Class>,
    /// Where it lies relative to the article body.
    pub location: Location,
    /// The document's language, as the function-word lists tell it.
    pub language: Option<String>,
}

/// One rule of a compiled set, as reports and hosts show it: the rule
/// table a host fetches once, so that removals can name their rule by
/// index instead of carrying its strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule's id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its kind, as written in the rule file (`phrases`, `line-pattern`, …).
    pub kind: &'static str,
    /// Its description, or empty.
    pub description: String,
}

/// A line rule for some sites' documents only.
#[derive(Debug, Clone)]
struct SiteRule {
    rule: usize,
    sites: Vec<String>,
    matcher: LocatedMatcher,
}

/// A rule that applies only at some locations.
#[derive(Debug, Clone)]
struct Located {
    rule: usize,
    /// [`Location`] bits where it applies.
    at: u8,
    matcher: LocatedMatcher,
}

#[derive(Debug, Clone)]
enum LocatedMatcher {
    Pattern(Regex),
    Phrases(PhraseSet),
    Shape(Shape, u32),
}

impl LocatedMatcher {
    /// Whether a pattern or phrase rule matches the text of a line (shapes
    /// need its features: false).
    fn matches_text(&self, trimmed: &str) -> bool {
        match self {
            LocatedMatcher::Pattern(regex) => regex.is_match(trimmed),
            LocatedMatcher::Phrases(set) => set.first_match(trimmed, usize::MAX).is_some(),
            LocatedMatcher::Shape(..) => false,
        }
    }
}

impl Located {
    fn matches_text(&self, trimmed: &str) -> bool {
        self.matcher.matches_text(trimmed)
    }

    fn matches(&self, trimmed: &str, features: &LineFeatures) -> bool {
        match &self.matcher {
            LocatedMatcher::Shape(shape, max_words) => shape.matches(features, *max_words),
            _ => self.matches_text(trimmed),
        }
    }
}

impl Scrubber {
    /// Compile a checked rule set. Fails on a regex that does not parse or
    /// exceeds chaff's size limits, naming the rule.
    pub fn new(set: &RuleSet) -> Result<Scrubber, RuleError> {
        let table = set.table();
        let mut site_rules = Vec::new();
        let mut anchored = Vec::new();
        let mut pattern_rules = Vec::new();
        let mut phrase_rules = Vec::new();
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
                RuleBody::LinePattern { pattern } => {
                    let (whole_line, regex) = whole_line_pattern(&rule.id, pattern)?;
                    match rule.at {
                        Some(at) => located.push(locate(at, LocatedMatcher::Pattern(regex))),
                        None => {
                            anchored.push(whole_line);
                            pattern_rules.push(index);
                        }
                    }
                }
                RuleBody::Phrases {
                    phrases,
                    mode,
                    case_insensitive,
                } => {
                    let phrase_rule = PhraseRule {
                        index,
                        id: &rule.id,
                        phrases,
                        mode: *mode,
                        case_insensitive: *case_insensitive,
                    };
                    match rule.at {
                        Some(at) => located.push(locate(
                            at,
                            LocatedMatcher::Phrases(PhraseSet::new(&[phrase_rule])?),
                        )),
                        None => phrase_rules.push(phrase_rule),
                    }
                }
                RuleBody::InlineSpan { pattern } => {
                    inline_rules.push((index, matchers::regex(&rule.id, "pattern", pattern)?));
                }
                RuleBody::RepeatedLine {
                    min_count,
                    min_chars,
                    fold_prefixes,
                    only_prefixed,
                } => repeated_rules.push((
                    index,
                    RepeatedMatcher::new(*min_count, *min_chars, fold_prefixes, *only_prefixed),
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
        let line_patterns = if anchored.is_empty() {
            None
        } else {
            Some((matchers::regex_set(&anchored)?, pattern_rules))
        };
        Ok(Scrubber {
            table,
            site_rules,
            line_patterns,
            phrase_rules: PhraseSet::new(&phrase_rules)?,
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

    /// Parse, check and compile a rule file in one step.
    pub fn from_rules(text: &str) -> Result<Scrubber, RuleError> {
        Scrubber::new(&RuleSet::parse(text)?)
    }

    /// The built-in rules, compiled.
    pub fn builtin() -> Scrubber {
        match Scrubber::new(&RuleSet::builtin()) {
            Ok(s) => s,
            // Covered by tests: the built-in rules always compile.
            Err(e) => panic!("built-in rules do not compile: {e}"),
        }
    }

    /// Clean one document.
    ///
    /// Removing junk can bring lines together that were apart (a list item
    /// separated by a spam line, a paragraph whose spam tail was cut), so
    /// the passes repeat on their own output until nothing more goes. That
    /// is what makes cleaning idempotent: cleaning the output again removes
    /// nothing. A document with no junk costs one pass; most others, two.
    pub fn clean<'s>(&'s self, text: &str) -> Outcome<'s> {
        self.clean_for(text, None)
    }

    /// [`clean`](Scrubber::clean) a document of a known site: `site` is its
    /// URL or host, and the rules scoped to that site (`sites`) apply too.
    pub fn clean_for<'s>(&'s self, text: &str, site: Option<&str>) -> Outcome<'s> {
        let spans = self.removal_spans(text, &self.site_rules_for(site));
        let cut: Vec<(usize, usize)> = spans.iter().map(|&(s, e, _)| (s, e)).collect();
        Outcome {
            text: outcome::cut(text, &cut),
            removals: self.removals(spans),
        }
    }

    /// What [`clean`](Scrubber::clean) would remove, without building the
    /// cleaned text: for callers that cut the text themselves (the
    /// component's `scan`, so the text crosses the sandbox boundary once).
    pub fn scan<'s>(&'s self, text: &str) -> Vec<Removal<'s>> {
        self.scan_for(text, None)
    }

    /// [`scan`](Scrubber::scan) for a document of a known site (its URL or
    /// host), with the rules scoped to that site.
    pub fn scan_for<'s>(&'s self, text: &str, site: Option<&str>) -> Vec<Removal<'s>> {
        self.removals(self.removal_spans(text, &self.site_rules_for(site)))
    }

    /// The rule table: every rule in file order; [`Removal::index`] points
    /// into it.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.table
    }

    /// Whether any rule is scoped to sites (then callers should pass the
    /// document's site).
    pub fn has_site_rules(&self) -> bool {
        !self.site_rules.is_empty()
    }

    /// The site rules that apply to a document of `site`.
    fn site_rules_for(&self, site: Option<&str>) -> Vec<&SiteRule> {
        if self.site_rules.is_empty() {
            return Vec::new();
        }
        let Some(host) = site.and_then(crate::site::site_of) else {
            return Vec::new();
        };
        self.site_rules
            .iter()
            .filter(|r| r.sites.iter().any(|s| crate::site::belongs_to(&host, s)))
            .collect()
    }

    fn removals(&self, spans: Vec<Span>) -> Vec<Removal<'_>> {
        spans
            .into_iter()
            .map(|(start, end, rule)| Removal {
                rule: &self.table[rule].id,
                category: &self.table[rule].category,
                index: rule,
                start,
                end,
            })
            .collect()
    }

    /// The passes, repeated to a fixed point: sorted `(start, end, rule)`
    /// in input offsets.
    ///
    /// Later passes are incremental. Line rules, repeated lines and inline
    /// spans depend only on a line's own text (and, for repeated lines, on
    /// lines that can only have become fewer), so a line that came through
    /// a pass untouched cannot newly match them; only lines whose text an
    /// inline cut changed are checked again. Headline lists and blank-line
    /// tidying depend on which lines are now neighbours, so they run over
    /// every surviving line. When no line was trimmed, the next pass reads
    /// the surviving lines of the input itself: no copy, no offset mapping.
    /// `tests::incremental_passes_equal_full_passes` pins this against the
    /// plain fixed point.
    fn removal_spans(&self, input: &str, site_rules: &[&SiteRule]) -> Vec<Span> {
        let mut lines = lines::split(input);
        // Shape candidates depend on the text alone: found once per text.
        let mut candidates = ShapeCandidates::default();
        let (mut spans, mut fates) = self.pass(input, &lines, None, &mut candidates, site_rules);
        // The text later passes read when it is not the input: the input
        // with `cut` removed.
        let mut rewritten: Option<(String, Vec<Span>)> = None;
        for _ in 1..MAX_PASSES {
            if spans.is_empty() {
                break;
            }
            let fresh: Vec<bool>;
            if fates.contains(&LineFate::Trimmed) {
                let text = cut_spans(input, &spans);
                let next_lines = lines::split(&text);
                let survivors = fates.iter().filter(|&&f| f != LineFate::Removed);
                // Survivors and the lines of the cut text correspond one to
                // one (cuts never join lines); anything else is checked whole.
                fresh = if survivors.clone().count() == next_lines.len() {
                    survivors.map(|&f| f == LineFate::Trimmed).collect()
                } else {
                    vec![true; next_lines.len()]
                };
                lines = next_lines;
                rewritten = Some((text, spans.clone()));
                candidates = ShapeCandidates::default();
            } else {
                let mut fate = fates.iter();
                lines.retain(|_| fate.next() == Some(&LineFate::Kept));
                fresh = vec![false; lines.len()];
            }
            let text = rewritten.as_ref().map_or(input, |(text, _)| text.as_str());
            let (more, more_fates) =
                self.pass(text, &lines, Some(&fresh), &mut candidates, site_rules);
            if more.is_empty() {
                break;
            }
            let more = match &rewritten {
                Some((_, cut)) => map_back(cut, &more),
                None => more,
            };
            spans = merge_spans(&spans, &more);
            fates = more_fates;
        }
        spans
    }

    /// One pass of every stage over `lines` of `text`: sorted `(start, end,
    /// rule)`, and what became of each line. With `fresh`, the stages that
    /// depend only on a line's own text look at the lines marked `true`.
    fn pass(
        &self,
        text: &str,
        lines: &[Line],
        fresh: Option<&[bool]>,
        candidates: &mut ShapeCandidates,
        site_rules: &[&SiteRule],
    ) -> (Vec<Span>, Vec<LineFate>) {
        let mut verdicts: Vec<Option<usize>> = vec![None; lines.len()];
        let any_fresh = fresh.is_none_or(|f| f.contains(&true));
        if any_fresh {
            self.apply_line_rules(text, lines, fresh, &mut verdicts, site_rules);
            for (rule, matcher) in &self.repeated_rules {
                matcher.apply(text, lines, &mut verdicts, *rule);
            }
        }
        self.apply_list_rules(text, lines, &mut verdicts);
        if self.region.is_some() || !self.located.is_empty() {
            self.apply_region(text, lines, &mut verdicts, candidates);
        }
        if self.options.tidy_blank_lines {
            tidy_blank_lines(lines, &mut verdicts);
        }
        self.spans(text, lines, &verdicts, fresh)
    }

    /// Stage 1: the first line rule (in file order) that claims each line.
    fn apply_line_rules(
        &self,
        text: &str,
        lines: &[Line],
        fresh: Option<&[bool]>,
        verdicts: &mut [Option<usize>],
        site_rules: &[&SiteRule],
    ) {
        let mut hits = vec![false; self.line_patterns.as_ref().map_or(0, |(set, _)| set.len())];
        for (i, (line, verdict)) in lines.iter().zip(verdicts.iter_mut()).enumerate() {
            if fresh.is_some_and(|f| !f[i]) {
                continue;
            }
            let trimmed = line.trimmed(text);
            if trimmed.is_empty() {
                continue;
            }
            let mut best: Option<usize> = None;
            if let Some((set, rule_of)) = &self.line_patterns
                && set.is_match(trimmed)
            {
                hits.iter_mut().for_each(|h| *h = false);
                set.matches_read_at(&mut hits, trimmed, 0);
                best = hits.iter().position(|&h| h).map(|i| rule_of[i]);
            }
            if let Some(rule) = self
                .phrase_rules
                .first_match(trimmed, best.unwrap_or(usize::MAX))
            {
                best = Some(rule);
            }
            for site_rule in site_rules {
                if site_rule.rule < best.unwrap_or(usize::MAX)
                    && site_rule.matcher.matches_text(trimmed)
                {
                    best = Some(site_rule.rule);
                }
            }
            *verdict = best;
        }
    }

    /// Stage 2: headings followed by at least `min_items` headline-shaped
    /// lines, and heading-less runs at the end of the document. A heading
    /// that a line rule already took (`widget.heading` takes a lone
    /// `Related Articles`) still heads its list.
    fn apply_list_rules(&self, text: &str, lines: &[Line], verdicts: &mut [Option<usize>]) {
        for (rule, list) in &self.list_rules {
            let mut i = 0;
            while i < lines.len() {
                if !list.may_be_heading(&lines[i]) || !list.is_heading(lines[i].trimmed(text)) {
                    i += 1;
                    continue;
                }
                let run = list_run(text, lines, verdicts, list, i + 1);
                match run.last() {
                    Some(&last) if run.len() >= list.min_items => {
                        // The heading is reported under the earlier rule in
                        // the file, as every line claimed twice is.
                        if verdicts[i].is_some_and(|other| other > *rule) {
                            verdicts[i] = Some(*rule);
                        }
                        for verdict in &mut verdicts[i..=last] {
                            verdict.get_or_insert(*rule);
                        }
                        i = last + 1;
                    }
                    _ => i += 1,
                }
            }
            if let Some(tail_min_items) = list.tail_min_items {
                remove_tail_run(text, lines, verdicts, list, tail_min_items, *rule);
            }
        }
    }

    /// What the content-region stage sees in each line of `text`, before
    /// any removal: its features, its class alone and in context, and where
    /// it lies relative to the body. For `chaff explain` and for tuning a
    /// rule file's thresholds; cleaning does not need it.
    pub fn line_reports(&self, text: &str) -> Vec<LineReport> {
        let lines = lines::split(text);
        let (features, language, layout) = self.layout(text, &lines, &vec![None; lines.len()]);
        let language = language.and_then(|l| self.function_words.languages().get(l).cloned());
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| LineReport {
                start: line.start,
                end: line.end,
                features: features[i],
                initial: layout.initial[i],
                class: layout.class[i],
                location: layout.location[i],
                language: language.clone(),
            })
            .collect()
    }

    /// Features, language and layout of the lines not yet removed.
    fn layout(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &[Option<usize>],
    ) -> (Vec<Option<LineFeatures>>, Option<usize>, region::Layout) {
        let (features, language) = features::measure(text, lines, verdicts, &self.function_words);
        let settings = self.region.map(|(_, s)| s).unwrap_or_default();
        let layout = region::layout(&features, &settings, language.is_some());
        (features, language, layout)
    }

    /// Stage 3: the content region. Lines are measured and located
    /// relative to the article body; rules that depend on location run;
    /// with `drop_outside`, what lies outside the body (and bad lines in
    /// it) goes.
    fn apply_region(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
        candidates: &mut ShapeCandidates,
    ) {
        if !self.needs_layout {
            self.apply_shapes(text, lines, verdicts, candidates);
            return;
        }
        let Some((region_rule, _)) = self.region.filter(|(_, s)| s.drop_outside) else {
            // Only lines a located rule could match need a location: find
            // them first, and locate only if there is one (most extractor
            // outputs have none).
            let marks = self.shape_marks(text, lines, candidates);
            let open: Vec<usize> = (0..lines.len())
                .filter(|&i| verdicts[i].is_none() && !lines[i].is_blank())
                .filter(|&i| {
                    let trimmed = lines[i].trimmed(text);
                    marks.binary_search(&lines[i].start).is_ok()
                        || self.located.iter().any(|r| r.matches_text(trimmed))
                })
                .collect();
            if !open.is_empty() {
                self.apply_located_in_span(text, lines, verdicts, &open);
            }
            return;
        };
        let (features, _, layout) = self.layout(text, lines, verdicts);
        for i in 0..lines.len() {
            let Some(f) = &features[i] else { continue };
            if verdicts[i].is_some() {
                continue;
            }
            let bit = layout.location[i].bit();
            let trimmed = lines[i].trimmed(text);
            if let Some(rule) = self
                .located
                .iter()
                .find(|r| r.at & bit != 0 && r.matches(trimmed, f))
            {
                verdicts[i] = Some(rule.rule);
                continue;
            }
            let outside =
                layout.location[i] != Location::Body && layout.initial[i] != Some(Class::Good);
            if layout.has_prose && (layout.class[i] == Some(Class::Bad) || outside) {
                verdicts[i] = Some(region_rule);
            }
        }
    }

    /// Located rules on extractor output, where the body runs from the
    /// first to the last line that reads as prose by itself: only those two
    /// lines are looked for (from each end) and only the `open` lines are
    /// measured, so a document costs about what its candidate lines cost.
    fn apply_located_in_span(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
        open: &[usize],
    ) {
        let words = &self.function_words;
        let language =
            features::detect_language(text, lines, verdicts, words, LANGUAGE_SAMPLE_BYTES);
        let settings = self.region.map(|(_, s)| s).unwrap_or_default();
        let features_of =
            |i: usize| features::line_features_in(lines[i].trimmed(text), words, language);
        let is_prose = |i: usize| {
            verdicts[i].is_none()
                && !lines[i].is_blank()
                && matches!(
                    region::classify(&features_of(i), &settings, language.is_some()),
                    Class::Good | Class::NearGood
                )
        };
        let first = (0..lines.len()).find(|&i| is_prose(i));
        let last = first.and_then(|first| (first..lines.len()).rev().find(|&i| is_prose(i)));
        let claims: Vec<(usize, usize)> = open
            .iter()
            .filter_map(|&i| {
                let location = match first.zip(last) {
                    Some((first, _)) if i < first => Location::Head,
                    Some((_, last)) if i > last => Location::Tail,
                    _ => Location::Body,
                };
                let f = features_of(i);
                let trimmed = lines[i].trimmed(text);
                self.located
                    .iter()
                    .find(|r| r.at & location.bit() != 0 && r.matches(trimmed, &f))
                    .map(|r| (i, r.rule))
            })
            .collect();
        for (i, rule) in claims {
            verdicts[i] = Some(rule);
        }
    }

    /// Starts of the lines a shape rule may match (whole-document scans,
    /// cached across passes over the same text).
    fn shape_marks<'c>(
        &self,
        text: &str,
        lines: &[Line],
        candidates: &'c mut ShapeCandidates,
    ) -> &'c [usize] {
        candidates.starts.get_or_insert_with(|| {
            let mut marks = vec![false; lines.len()];
            for rule in &self.located {
                if let LocatedMatcher::Shape(shape, _) = rule.matcher {
                    shape.mark_candidates(text, lines, &mut marks);
                }
            }
            lines
                .iter()
                .zip(&marks)
                .filter(|&(_, &marked)| marked)
                .map(|(line, _)| line.start)
                .collect()
        })
    }

    /// Stage 3 when no rule depends on location: only shape rules that
    /// apply everywhere. Features are computed only for lines a shape may
    /// match, and the document's language only if one of them is left:
    /// the same removals as measuring every line, at a fraction of the cost.
    fn apply_shapes(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
        candidates: &mut ShapeCandidates,
    ) {
        let starts = self.shape_marks(text, lines, candidates);
        let open: Vec<usize> = (0..lines.len())
            .filter(|&i| verdicts[i].is_none() && starts.binary_search(&lines[i].start).is_ok())
            .collect();
        if open.is_empty() {
            return;
        }
        let language = features::detect_language(
            text,
            lines,
            verdicts,
            &self.function_words,
            LANGUAGE_SAMPLE_BYTES,
        );
        for i in open {
            let trimmed = lines[i].trimmed(text);
            let f = features::line_features_in(trimmed, &self.function_words, language);
            if let Some(rule) = self.located.iter().find(|r| r.matches(trimmed, &f)) {
                verdicts[i] = Some(rule.rule);
            }
        }
    }

    /// Stage 5 and assembly: whole-line removals merged per rule, plus
    /// inline cuts inside kept lines (those marked in `fresh`, if given),
    /// as sorted `(start, end, rule)`; and what became of each line.
    fn spans(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &[Option<usize>],
        fresh: Option<&[bool]>,
    ) -> (Vec<Span>, Vec<LineFate>) {
        let mut spans: Vec<Span> = Vec::new();
        let mut fates = vec![LineFate::Kept; lines.len()];
        let mut inline: Vec<Span> = Vec::new();
        for (i, (line, verdict)) in lines.iter().zip(verdicts).enumerate() {
            match verdict {
                Some(rule) => {
                    fates[i] = LineFate::Removed;
                    match spans.last_mut() {
                        Some(last) if last.1 == line.start && last.2 == *rule => last.1 = line.end,
                        _ => spans.push((line.start, line.end, *rule)),
                    }
                }
                None if !self.inline_rules.is_empty() && fresh.is_none_or(|f| f[i]) => {
                    inline.clear();
                    self.inline_cuts(text, line, &mut inline);
                    if inline.is_empty() {
                        continue;
                    }
                    let kept_blank = {
                        let mut pos = line.start;
                        let mut blank = true;
                        for &(s, e, _) in &inline {
                            blank &= text[pos..s].trim().is_empty();
                            pos = e;
                        }
                        blank && text[pos..line.content_end].trim().is_empty()
                    };
                    if kept_blank {
                        // Nothing of the line would be left: remove it whole.
                        fates[i] = LineFate::Removed;
                        spans.push((line.start, line.end, inline[0].2));
                    } else {
                        fates[i] = LineFate::Trimmed;
                        spans.extend_from_slice(&inline);
                    }
                }
                None => {}
            }
        }
        (spans, fates)
    }

    /// Non-overlapping matches of the inline rules in one line's content.
    fn inline_cuts(&self, text: &str, line: &Line, out: &mut Vec<Span>) {
        let content = &text[line.start..line.content_end];
        for (rule, regex) in &self.inline_rules {
            for m in regex.find_iter(content) {
                if !m.is_empty() {
                    out.push((line.start + m.start(), line.start + m.end(), *rule));
                }
            }
        }
        out.sort_unstable_by_key(|&(s, e, rule)| (s, std::cmp::Reverse(e), rule));
        let mut end = 0;
        out.retain(|&(s, e, _)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
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
fn site_matcher(index: usize, rule: &crate::rules::Rule) -> Result<LocatedMatcher, RuleError> {
    match &rule.body {
        RuleBody::LinePattern { pattern } => Ok(LocatedMatcher::Pattern(
            whole_line_pattern(&rule.id, pattern)?.1,
        )),
        RuleBody::Phrases {
            phrases,
            mode,
            case_insensitive,
        } => Ok(LocatedMatcher::Phrases(PhraseSet::new(&[PhraseRule {
            index,
            id: &rule.id,
            phrases,
            mode: *mode,
            case_insensitive: *case_insensitive,
        }])?)),
        _ => Err(RuleError::in_rule(
            &rule.id,
            "sites",
            format!("is not used by kind `{}`", rule.body.kind_name()),
        )),
    }
}

fn whole_line_pattern(id: &str, pattern: &str) -> Result<(String, Regex), RuleError> {
    matchers::regex(id, "pattern", pattern)?;
    let whole_line = format!("^(?:{pattern})$");
    if let Ok(regex) = matchers::regex(id, "pattern", &whole_line) {
        return Ok((whole_line, regex));
    }
    let whole_line = format!("^(?:{pattern}\n)$");
    let regex = matchers::regex(id, "pattern", &whole_line)?;
    Ok((whole_line, regex))
}

/// The items of a headline list starting at line `from`: indices of the
/// headline-shaped lines that belong to it.
///
/// Lines already removed are skipped. A blank line ends a tight list (first
/// two items touching) but not a loose one. The run ends at another
/// heading, at a line that is not headline-shaped, or at a change of bullet
/// style (a bulleted list does not go on into plain lines). Finally, when
/// the list starts with headlines, prose is cut off: the run stops before
/// two prose-like lines in a row, and prose-like lines at its end are
/// dropped (the article going on after a list of links).
/// Most words of a headline written as a sentence, in a list that reads as
/// prose (news headlines run 6–12 words; article sentences are longer).
const SENTENCE_HEADLINE_WORDS: usize = 12;

fn list_run(
    text: &str,
    lines: &[Line],
    verdicts: &[Option<usize>],
    list: &ListMatcher,
    from: usize,
) -> Vec<usize> {
    let mut items: Vec<usize> = Vec::new();
    let mut prose: Vec<bool> = Vec::new();
    let mut tight: Option<bool> = None;
    let mut bulleted: Option<bool> = None;
    let mut blank_since_item = false;
    for (j, line) in lines.iter().enumerate().skip(from) {
        if verdicts[j].is_some() {
            continue;
        }
        let trimmed = line.trimmed(text);
        if trimmed.is_empty() {
            if tight == Some(true) {
                break;
            }
            blank_since_item = true;
            continue;
        }
        if list.is_heading(trimmed) || !list.shape.matches(trimmed) {
            break;
        }
        let has_bullet = headline::is_bulleted(trimmed);
        if *bulleted.get_or_insert(has_bullet) != has_bullet {
            break;
        }
        if items.len() == 1 {
            tight = Some(!blank_since_item);
        }
        blank_since_item = false;
        items.push(j);
        prose.push(list.shape.reads_as_prose(trimmed));
        // Two prose lines in a row end a list that did not start with prose
        // (it is cut there below): nothing after them can belong to it.
        if !prose[0] && prose.len() >= 2 && prose[prose.len() - 2..] == [true, true] {
            break;
        }
    }
    // A list whose first item already reads as prose is either headlines
    // written as sentences ("Storm warning issued for the weekend.") or
    // the paragraphs of an article under a stray heading. Headlines are
    // short: the run goes whole only if every item is headline-length.
    if prose.first() == Some(&true) {
        let headline_length = items
            .iter()
            .all(|&j| lines[j].trimmed(text).split_whitespace().count() <= SENTENCE_HEADLINE_WORDS);
        return if headline_length { items } else { Vec::new() };
    }
    if let Some(k) = prose.windows(2).position(|pair| pair[0] && pair[1]) {
        items.truncate(k);
        prose.truncate(k);
    }
    while prose.last() == Some(&true) {
        prose.pop();
        items.pop();
    }
    items
}

/// A run of at least `min_items` headline-shaped lines with no heading that
/// ends the document: related links that lost their heading. Conservative,
/// because an article can end with a list of its own: the run must be
/// uniform (same bullet style), no item may end with a full stop (a list of
/// facts) and at most a third may contain digits (dates, scores, prices),
/// it must not follow a lead-in line ending with `:`, and its items must be
/// as long as headlines are (five words on average, none under three).
fn remove_tail_run(
    text: &str,
    lines: &[Line],
    verdicts: &mut [Option<usize>],
    list: &ListMatcher,
    min_items: usize,
    rule: usize,
) {
    let mut items: Vec<usize> = Vec::new();
    let mut bulleted: Option<bool> = None;
    let mut before: Option<&str> = None;
    for (j, line) in lines.iter().enumerate().rev() {
        if verdicts[j].is_some() {
            continue;
        }
        let trimmed = line.trimmed(text);
        if trimmed.is_empty() {
            continue;
        }
        let has_bullet = headline::is_bulleted(trimmed);
        let fits = list.shape.matches(trimmed)
            && !trimmed.ends_with('.')
            && *bulleted.get_or_insert(has_bullet) == has_bullet;
        if !fits {
            before = Some(trimmed);
            break;
        }
        items.push(j);
    }
    // A document that is nothing but short lines is not a tail.
    let Some(before) = before else {
        return;
    };
    let with_digits = items
        .iter()
        .filter(|&&j| {
            lines[j]
                .trimmed(text)
                .contains(|c: char| c.is_ascii_digit())
        })
        .count();
    // Other articles' headlines are sentences without their full stop:
    // five words or more on average, none a bare two-word label. Lists of
    // names, features or lyrics ("Repeat chorus", "Fixed aluminium pole")
    // are shorter.
    let words: Vec<usize> = items
        .iter()
        .map(|&j| {
            headline::strip_bullet(lines[j].trimmed(text))
                .split_whitespace()
                .count()
        })
        .collect();
    let too_short = words.iter().any(|&w| w < 3) || words.iter().sum::<usize>() < 5 * words.len();
    if items.len() < min_items
        || before.ends_with(':')
        || with_digits * 3 > items.len()
        || too_short
    {
        return;
    }
    for &j in &items {
        verdicts[j] = Some(rule);
    }
}

/// Lines of one text that a shape rule may match, by start offset, once
/// found: shape gates read only a line's own bytes, so passes over the same
/// text reuse them, and a pass over a rewritten text starts afresh.
#[derive(Debug, Default)]
struct ShapeCandidates {
    starts: Option<Vec<usize>>,
}

/// Bytes of a document read to tell its language when only a few lines
/// need their function words counted.
const LANGUAGE_SAMPLE_BYTES: usize = 64 * 1024;

/// A removal as the passes pass it around: `(start, end, rule index)`.
type Span = (usize, usize, usize);

/// Passes after which cleaning stops even if the text still changes. Each
/// pass that removes something shrinks the text; in practice the second
/// pass finds nothing.
const MAX_PASSES: usize = 8;

/// What one pass did to a line: the next pass re-examines only lines it
/// changed, and drops the ones it removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineFate {
    /// Untouched.
    Kept,
    /// Spans cut out of it; the rest of the line stays.
    Trimmed,
    /// Removed whole.
    Removed,
}

fn cut_spans(text: &str, spans: &[Span]) -> String {
    let cut: Vec<(usize, usize)> = spans.iter().map(|&(s, e, _)| (s, e)).collect();
    outcome::cut(text, &cut)
}

/// Translates `later` spans, given in the text left after cutting `earlier`
/// from the input, back to input offsets. A later span that crosses an
/// earlier cut becomes one piece on each side of it.
fn map_back(earlier: &[Span], later: &[Span]) -> Vec<Span> {
    // Kept segments of the input, as (offset in the cut text, input start, len).
    let mut segments: Vec<Span> = Vec::with_capacity(earlier.len() + 1);
    let mut input_pos = 0;
    let mut cut_pos = 0;
    for &(s, e, _) in earlier {
        if s > input_pos {
            segments.push((cut_pos, input_pos, s - input_pos));
            cut_pos += s - input_pos;
        }
        input_pos = e;
    }
    segments.push((cut_pos, input_pos, usize::MAX - input_pos));

    let mut mapped = Vec::with_capacity(later.len());
    let mut k = 0;
    for &(start, end, rule) in later {
        let mut pos = start;
        while pos < end {
            while k + 1 < segments.len() && segments[k + 1].0 <= pos {
                k += 1;
            }
            let (seg_cut, seg_input, seg_len) = segments[k];
            let seg_end = seg_cut.saturating_add(seg_len);
            let piece_end = end.min(seg_end);
            mapped.push((
                seg_input + (pos - seg_cut),
                seg_input + (piece_end - seg_cut),
                rule,
            ));
            pos = piece_end;
        }
    }
    mapped
}

/// Merges two sorted, non-overlapping span lists that do not overlap each
/// other; touching spans of the same rule become one.
fn merge_spans(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut all: Vec<Span> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(all.len());
    for span in all {
        match merged.last_mut() {
            Some(last) if last.1 == span.0 && last.2 == span.2 => last.1 = span.1,
            _ => merged.push(span),
        }
    }
    merged
}

/// Stage 3: blank lines go with the removals that strand them.
///
/// Blank lines between two removed lines join the removal before them. Then,
/// for each removed block: at the end of the document the blank lines before
/// it go too; at the start, or with blank lines on both sides, the blank
/// lines after it go. Elsewhere, blank lines stay as the article had them.
fn tidy_blank_lines(lines: &[Line], verdicts: &mut [Option<usize>]) {
    let blank = |i: usize| lines[i].is_blank();

    let mut previous: Option<(usize, usize)> = None;
    for i in 0..lines.len() {
        match verdicts[i] {
            Some(rule) => {
                if let Some((at, prev_rule)) = previous {
                    for verdict in &mut verdicts[at + 1..i] {
                        *verdict = Some(prev_rule);
                    }
                }
                previous = Some((i, rule));
            }
            None if blank(i) => {}
            None => previous = None,
        }
    }

    let mut i = 0;
    while i < lines.len() {
        let Some(first_rule) = verdicts[i] else {
            i += 1;
            continue;
        };
        let first = i;
        while i < lines.len() && verdicts[i].is_some() {
            i += 1;
        }
        let last_rule = verdicts[i - 1].unwrap_or(first_rule);
        let mut before = first;
        while before > 0 && verdicts[before - 1].is_none() && blank(before - 1) {
            before -= 1;
        }
        let mut after = i;
        while after < lines.len() && verdicts[after].is_none() && blank(after) {
            after += 1;
        }
        let at_start = before == 0;
        let at_end = after == lines.len();
        if at_end {
            for verdict in &mut verdicts[before..first] {
                *verdict = Some(first_rule);
            }
        }
        if at_end || at_start || (before < first && after > i) {
            for verdict in &mut verdicts[i..after] {
                *verdict = Some(last_rule);
            }
        }
        i = after.max(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn builtin() -> &'static Scrubber {
        static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
        SCRUBBER.get_or_init(Scrubber::builtin)
    }

    /// The plain fixed point the incremental passes must equal: every pass
    /// checks every line of the text left by the previous one.
    fn full_passes(scrubber: &Scrubber, input: &str) -> Vec<Span> {
        let (mut spans, _) = scrubber.pass(
            input,
            &lines::split(input),
            None,
            &mut ShapeCandidates::default(),
            &[],
        );
        if spans.is_empty() {
            return spans;
        }
        let mut current = cut_spans(input, &spans);
        for _ in 1..MAX_PASSES {
            let (more, _) = scrubber.pass(
                &current,
                &lines::split(&current),
                None,
                &mut ShapeCandidates::default(),
                &[],
            );
            if more.is_empty() {
                break;
            }
            let next = cut_spans(&current, &more);
            spans = merge_spans(&spans, &map_back(&spans, &more));
            current = next;
        }
        spans
    }

    /// Lines chosen so that one pass's removals change what the next sees:
    /// spam between list items, headings and template lines that only
    /// appear once glued-on spam is cut, blank lines to tidy.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(String::new()),
            Just("Related".to_string()),
            Just("Related greatJob! (48213)".to_string()),
            Just("- Council votes to keep the library open late".to_string()),
            Just("- Ferry fares to rise in the spring niceWork! (5521)".to_string()),
            Just("Museum reopens after a long restoration".to_string()),
            Just("Bridge closure to last another six weeks".to_string()),
            Just("READ MORE Bus fares rise in the spring".to_string()),
            Just("Read more bus fares rise in the spring wellDone! (9090)".to_string()),
            Just("Read More: Ferry timetable changes for summer".to_string()),
            Just("niceWork! (48213)".to_string()),
            Just(
                "The council met on Tuesday. It voted for the plan. veryGood! (95818)".to_string()
            ),
            Just(
                "The council said the work would take two more years, and that costs had risen."
                    .to_string()
            ),
            Just("Credit: Example Photos".to_string()),
            Just("View".to_string()),
            "[a-zA-Z ,.!?()'-]{0,40}",
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(line(), 0..40),
            prop_oneof![Just("\n"), Just("\r\n")],
            any::<bool>(),
        )
            .prop_map(|(lines, ending, trailing)| {
                let mut doc = lines.join(ending);
                if trailing {
                    doc.push_str(ending);
                }
                doc
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn incremental_passes_equal_full_passes(doc in document()) {
            let scrubber = builtin();
            prop_assert_eq!(scrubber.removal_spans(&doc, &[]), full_passes(scrubber, &doc));
        }
    }

    #[test]
    fn incremental_passes_equal_full_passes_on_the_fixtures() {
        let scrubber = builtin();
        for (name, doc) in [
            ("article", include_str!("../../../examples/article.txt")),
            (
                "headline_lists",
                include_str!("../../../tests/fixtures/headline_lists.txt"),
            ),
            (
                "junk_kinds",
                include_str!("../../../tests/fixtures/junk_kinds.txt"),
            ),
            (
                "list_then_prose",
                include_str!("../../../tests/fixtures/list_then_prose.txt"),
            ),
            (
                "multilingual",
                include_str!("../../../tests/fixtures/multilingual.txt"),
            ),
            (
                "tail_links",
                include_str!("../../../tests/fixtures/tail_links.txt"),
            ),
            (
                "tail_traps",
                include_str!("../../../tests/fixtures/tail_traps.txt"),
            ),
            ("traps", include_str!("../../../tests/fixtures/traps.txt")),
        ] {
            let spans = scrubber.removal_spans(doc, &[]);
            assert_eq!(spans, full_passes(scrubber, doc), "{name}");
        }
    }

    #[test]
    fn a_line_that_becomes_a_heading_after_an_inline_cut_starts_a_list() {
        let doc = "Intro paragraph of the article, long enough to be prose.\n\
                   You may also like niceWork! (48213)\n\
                   - Storm knocks out power along the coast\n\
                   - Council approves the budget after a long debate\n\
                   - Museum reopens after a long restoration\n";
        let outcome = builtin().clean(doc);
        assert_eq!(
            outcome.text,
            "Intro paragraph of the article, long enough to be prose.\n"
        );
        assert_eq!(
            builtin().removal_spans(doc, &[]),
            full_passes(builtin(), doc)
        );
    }
}
