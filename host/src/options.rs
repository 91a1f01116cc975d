//! What a caller can ask of one call, and the rule table removals point
//! into: the host's side of the 0.1.1 contract's `options`, `profile` and
//! `rule-info`.

use std::fmt;

/// A built-in rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// For an extractor's output (trafilatura, readability, …):
    /// conservative, never takes an article line. The default.
    #[default]
    Extractor,
    /// For full-page text (WET records, HTML-to-text dumps): keeps the
    /// article body and drops the rest of the page.
    Page,
}

impl Profile {
    /// The name a rule file's `extends` uses for it.
    pub fn extends_name(self) -> &'static str {
        match self {
            Profile::Extractor => "builtin",
            Profile::Page => "builtin:page",
        }
    }
}

/// Options for one call ([`Scrubber::clean_with`](crate::Scrubber::clean_with)).
/// The default (no URL, nothing skipped, the scrubber's own profile)
/// cleans as [`Scrubber::clean`](crate::Scrubber::clean) does.
///
/// Skips and profiles select a variant of the rule set that the component
/// compiles on first use and keeps (a few per scrubber), so a run that
/// passes the same options on every call pays for them once. The URL costs
/// nothing extra: it only picks the rules scoped to its site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallOptions {
    /// The document's URL or host, for rules scoped to sites (`sites` in a
    /// rule file).
    pub url: Option<String>,
    /// Categories whose rules are skipped, e.g. `metadata`.
    pub skip_categories: Vec<String>,
    /// Ids of rules that are skipped.
    pub skip_rules: Vec<String>,
    /// Read the rules on this built-in profile instead of their own: for
    /// built-in scrubbers, or rule files that extend a built-in set.
    pub profile: Option<Profile>,
}

impl CallOptions {
    /// Whether these are the default options.
    pub fn is_default(&self) -> bool {
        *self == CallOptions::default()
    }
}

/// Why a call's options were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionsError {
    /// No rule has this id.
    UnknownRule(String),
    /// No rule has this category.
    UnknownCategory(String),
    /// The rules cannot be read on the profile asked for.
    ProfileUnavailable(String),
    /// The component implements a contract version without per-call
    /// options.
    Unsupported {
        /// The version it implements.
        version: &'static str,
    },
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::UnknownRule(id) => write!(f, "no rule has the id `{id}`"),
            OptionsError::UnknownCategory(c) => write!(f, "no rule has the category `{c}`"),
            OptionsError::ProfileUnavailable(why) => {
                write!(f, "the rules cannot be read on that profile: {why}")
            }
            OptionsError::Unsupported { version } => write!(
                f,
                "the component implements chaff:scrubber/scrub@{version}, which has no per-call options (they need 0.1.1)"
            ),
        }
    }
}

impl std::error::Error for OptionsError {}

/// One rule of a scrubber's rule set, as the component describes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleInfo {
    /// The rule's id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its kind (`phrases`, `line-pattern`, `content-region`, …).
    pub kind: String,
    /// What it removes, for people; may be empty.
    pub description: String,
}

/// Which rules a [`Scrubber`](crate::Scrubber) applies (or a
/// [`Plugin`](crate::Plugin) is pre-initialised for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rules {
    /// The component's built-in rule set (the extractor profile).
    Builtin,
    /// A built-in profile: compiled inside the component from its own copy,
    /// so no rule text crosses the boundary.
    Profile(Profile),
    /// A rule file's text (TOML, or JSON when it starts with `{`).
    Text(String),
}
