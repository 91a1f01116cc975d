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

use regex::Regex;

use crate::error::RuleError;
use crate::features::{FunctionWords, LineFeatures};
use crate::gate::ByteGate;
use crate::lines;
use crate::lists::ListMatcher;
use crate::outcome::{self, Outcome, Removal};
use crate::region::{Class, Location, RegionSettings};
use crate::repeated::RepeatedMatcher;
use crate::rules::{Options, RuleSet};

mod compile;
mod cuts;
mod lists;
mod located;
mod passes;
mod spans;
mod text_rules;
mod tidy;

use compile::{Located, SiteRule};
use spans::Span;
use text_rules::TextRules;

/// A compiled rule set. Build once, clean any number of documents; cleaning
/// takes `&self`, so one scrubber can serve many threads.
#[derive(Debug, Clone)]
pub struct Scrubber {
    /// Every rule, by rule index (file order).
    table: Vec<RuleInfo>,
    /// Rules limited to some sites' documents (`sites`), in file order;
    /// they run with the line rules, for documents of those sites only.
    site_rules: Vec<SiteRule>,
    /// The line rules that apply everywhere (`line-pattern`, `phrases`).
    line_rules: TextRules,
    /// The text matchers of the `located` rules that have one, together:
    /// a line none of them matches (nor a shape) needs no location.
    located_text: TextRules,
    repeated_rules: Vec<(usize, RepeatedMatcher)>,
    list_rules: Vec<(usize, ListMatcher)>,
    /// Inline rules, each with the byte gate of its pattern (most lines
    /// hold none of its bytes and are not searched).
    inline_rules: Vec<(usize, Regex, Option<ByteGate>)>,
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

impl Scrubber {
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
        let cut: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
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
            .map(|Span { start, end, rule }| Removal {
                rule: &self.table[rule].id,
                category: &self.table[rule].category,
                index: rule,
                start,
                end,
            })
            .collect()
    }

    /// What the content-region stage sees in each line of `text` in the
    /// first pass of [`clean`](Scrubber::clean): its features, its class
    /// alone and in context, and where it lies relative to the body, with
    /// the lines that earlier stages (line, repeated-line and list rules)
    /// took counting as they do there, as junk by their size. For `chaff
    /// explain --why` and for tuning a rule file's thresholds; cleaning
    /// does not need it.
    pub fn line_reports(&self, text: &str) -> Vec<LineReport> {
        let lines = lines::split(text);
        let verdicts = self.claims_before_region(text, &lines, None, &[]);
        let (mut features, language, layout) = self.layout(text, &lines, &verdicts);
        // The layout measured the lines a rule took for their size only:
        // their own features, in the language it used.
        for ((feature, line), verdict) in features.iter_mut().zip(&lines).zip(&verdicts) {
            if verdict.is_some() && feature.is_some() {
                *feature = Some(crate::features::line_features_in(
                    line.trimmed(text),
                    &self.function_words,
                    language,
                ));
            }
        }
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
}
