//! Rule sets: what users write, checked and ready to compile.
//!
//! A rule file is a list of named rules (see the README's "Rule files"
//! section for the format). [`RuleSet::parse`] reads one, folds in the
//! built-in rules when it says `extends = "builtin"`, and checks everything
//! that can be checked without compiling: ids, categories, which fields each
//! kind needs. Regexes are compiled (and size-limited) by
//! [`crate::Scrubber::new`].

mod file;
mod validate;

pub use file::PhraseMatch;

use crate::error::RuleError;
use crate::lists::HeadlineShape;
use crate::region::RegionSettings;
use crate::shapes::Shape;

/// The built-in rule file, embedded in the engine.
///
/// It is the default everywhere and the starting point for users' own
/// files: `chaff rules` prints it, and `extends = "builtin"` builds on it.
pub const BUILTIN_RULES: &str = include_str!("builtin.toml");

/// The `page` profile, for full-page text (Common Crawl WET records, an
/// HTML-to-text dump): the built-in rules plus a content region that keeps
/// the article and drops the rest of the page. `extends = "builtin:page"`
/// builds on it; `chaff clean --profile page` uses it.
pub const PAGE_RULES: &str = include_str!("page.toml");

/// The rule sets a file can name in `extends`, with their text.
pub const PROFILES: &[(&str, &str)] = &[("builtin", BUILTIN_RULES), ("builtin:page", PAGE_RULES)];

/// A checked rule set, in priority order.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    pub(crate) options: Options,
    /// Function words by language code (`[function_words]`), inherited and
    /// then extended or replaced per language by the file.
    pub(crate) function_words: Vec<(String, Vec<String>)>,
}

/// Settings that apply to a whole rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Also remove blank lines left stranded by a removal (a blank line on
    /// both sides of a removed block, or at the start or end of the
    /// document), so cleaned text does not fill with empty paragraphs.
    pub tidy_blank_lines: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tidy_blank_lines: true,
        }
    }
}

/// One checked rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub category: String,
    pub body: RuleBody,
    /// Where in the document the rule may remove lines (`at`), as a set of
    /// [`Location`] bits; `None` for anywhere.
    pub at: Option<u8>,
    /// The sites whose documents the rule applies to (`sites`, normalised
    /// hosts); `None` for every document.
    pub sites: Option<Vec<String>>,
    /// The rule's `description`, or empty.
    pub description: String,
    /// Texts the rule must remove (`examples`) and look-alikes that must
    /// stay (`keeps`), for [`crate::check_examples`]. Cleaning never reads
    /// them: [`crate::Scrubber::new`] does not copy them.
    pub examples: Vec<String>,
    pub keeps: Vec<String>,
}

impl RuleBody {
    /// The `kind` as written in a rule file.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            RuleBody::LinePattern { .. } => "line-pattern",
            RuleBody::Phrases { .. } => "phrases",
            RuleBody::InlineSpan { .. } => "inline-span",
            RuleBody::RepeatedLine { .. } => "repeated-line",
            RuleBody::HeadlineList { .. } => "headline-list",
            RuleBody::ContentRegion { .. } => "content-region",
            RuleBody::LineShape { .. } => "line-shape",
        }
    }
}

/// What a rule matches; one variant per kind.
#[derive(Debug, Clone)]
pub(crate) enum RuleBody {
    /// A regex that must match the whole trimmed line (of at most
    /// `max_chars` characters).
    LinePattern {
        pattern: String,
        max_chars: Option<usize>,
    },
    /// Literal phrases, matched with one Aho-Corasick automaton.
    Phrases {
        phrases: Vec<String>,
        mode: PhraseMatch,
        case_insensitive: bool,
        /// Longer lines (in characters) are never claimed.
        max_chars: Option<usize>,
    },
    /// A regex whose matches are cut out of a line that otherwise stays.
    InlineSpan { pattern: String },
    /// A line that comes back `min_count` times or more in one document,
    /// compared after folding case, punctuation and `fold_prefixes`; with
    /// `keep_first`, every copy but the first.
    RepeatedLine {
        min_count: usize,
        min_chars: usize,
        fold_prefixes: Vec<String>,
        only_prefixed: bool,
        keep_first: bool,
    },
    /// A heading followed by a run of headline-shaped lines; optionally
    /// also a heading-less run of `tail_min_items` or more at the very end.
    HeadlineList {
        headings: Vec<String>,
        min_items: usize,
        tail_min_items: Option<usize>,
        shape: HeadlineShape,
    },
    /// Finds the article body; with `drop_outside`, removes the rest.
    ContentRegion { settings: RegionSettings },
    /// A line of a named shape, told from its features.
    LineShape { shape: Shape, max_words: u32 },
}

impl RuleSet {
    /// Read and check a rule file (TOML, or JSON when it starts with `{`).
    pub fn parse(text: &str) -> Result<RuleSet, RuleError> {
        validate::rule_set(file::parse(text)?, &Self::profile)
    }

    /// A built-in rule set by the name `extends` gives it.
    fn profile(name: &str) -> Result<RuleSet, RuleError> {
        match name {
            "builtin" => Self::builtin_file(),
            "builtin:page" => validate::rule_set(file::parse(PAGE_RULES)?, &|base: &str| {
                if base == "builtin" {
                    Self::builtin_file()
                } else {
                    Err(RuleError::file("the page profile extends only \"builtin\""))
                }
            }),
            other => Err(RuleError {
                field: Some("extends".into()),
                ..RuleError::file(format!(
                    "cannot extend `{other}`: the rule sets to extend are {}",
                    PROFILES
                        .iter()
                        .map(|(name, _)| format!("\"{name}\""))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ))
            }),
        }
    }

    /// A built-in profile by name (`builtin`, `builtin:page`).
    pub fn named(name: &str) -> Result<RuleSet, RuleError> {
        Self::profile(name)
    }

    /// The built-in rules.
    pub fn builtin() -> RuleSet {
        match Self::builtin_file() {
            Ok(set) => set,
            // The built-in file is tested; failing here is a build defect.
            Err(e) => panic!("built-in rules are invalid: {e}"),
        }
    }

    fn builtin_file() -> Result<RuleSet, RuleError> {
        validate::rule_set(file::parse(BUILTIN_RULES)?, &|_: &str| {
            Err(RuleError::file(
                "the built-in rules cannot extend themselves",
            ))
        })
    }

    /// Ids of the rules, in priority order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when no rule is left (everything disabled).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The set-wide settings.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The rule table of this set, without compiling it: what
    /// [`Scrubber::rules`](crate::Scrubber::rules) will report.
    pub fn table(&self) -> Vec<crate::RuleInfo> {
        self.rules
            .iter()
            .map(|r| crate::RuleInfo {
                id: r.id.clone(),
                category: r.category.clone(),
                kind: r.body.kind_name(),
                description: r.description.clone(),
            })
            .collect()
    }

    /// The same rules without those of `categories` and those named in
    /// `ids`: what a caller's "skip" options ask for. A name that matches
    /// no rule is an error, since a typo would otherwise skip nothing and
    /// say nothing.
    pub fn without(&self, categories: &[String], ids: &[String]) -> Result<RuleSet, SkipError> {
        if let Some(category) = categories
            .iter()
            .find(|c| !self.rules.iter().any(|r| &r.category == *c))
        {
            return Err(SkipError::UnknownCategory(category.clone()));
        }
        if let Some(id) = ids
            .iter()
            .find(|id| !self.rules.iter().any(|r| &r.id == *id))
        {
            return Err(SkipError::UnknownRule(id.clone()));
        }
        let mut narrowed = self.clone();
        narrowed
            .rules
            .retain(|r| !categories.contains(&r.category) && !ids.contains(&r.id));
        Ok(narrowed)
    }

    /// Reads a rule file as if it extended the built-in profile `profile`
    /// (`builtin` or `builtin:page`), whichever built-in set it names: how
    /// one user file serves both extractor output and full pages. A file
    /// that extends no built-in set has no profile to switch.
    pub fn parse_on_profile(text: &str, profile: &str) -> Result<RuleSet, RuleError> {
        let mut file = file::parse(text)?;
        match file.extends.as_deref() {
            Some(name) if PROFILES.iter().any(|(p, _)| *p == name) => {
                file.extends = Some(profile.to_string());
            }
            _ => {
                return Err(RuleError {
                    field: Some("extends".into()),
                    ..RuleError::file(format!(
                        "the file extends no built-in rule set, so it cannot be read on the `{profile}` profile"
                    ))
                });
            }
        }
        validate::rule_set(file, &Self::profile)
    }

    /// The `examples` and `keeps` of every rule, in priority order (a rule
    /// without any has two empty lists), for [`crate::check_examples`] and
    /// for tools that list or count them.
    pub fn examples(&self) -> impl Iterator<Item = RuleExamples<'_>> {
        self.rules.iter().map(|r| RuleExamples {
            rule: &r.id,
            examples: &r.examples,
            keeps: &r.keeps,
        })
    }
}

/// The `examples` and `keeps` of one rule ([`RuleSet::examples`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleExamples<'a> {
    /// The rule's id.
    pub rule: &'a str,
    /// Texts the rule must remove, trimmed.
    pub examples: &'a [String],
    /// Texts that must stay, trimmed.
    pub keeps: &'a [String],
}

/// Why [`RuleSet::without`] refused a skip list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipError {
    /// No rule has this id.
    UnknownRule(String),
    /// No rule has this category.
    UnknownCategory(String),
}

impl std::fmt::Display for SkipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipError::UnknownRule(id) => write!(f, "no rule has the id `{id}`"),
            SkipError::UnknownCategory(c) => write!(f, "no rule has the category `{c}`"),
        }
    }
}

impl std::error::Error for SkipError {}
