//! The rule file as written by users: TOML (or JSON), read with serde.
//!
//! This module only knows the *shape* of the file. Whether the values make
//! sense (a regex compiles, a list is not empty, ids are unique) is checked
//! in [`super::validate`], which can name the rule and field at fault.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::shapes::Shape;

use crate::error::RuleError;

/// A whole rule file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    /// Format version; only `1` exists.
    pub version: Option<u32>,
    /// `"builtin"` to start from the built-in rules.
    pub extends: Option<String>,
    /// Ids of inherited rules to switch off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Settings that apply to the whole rule set.
    pub options: Option<RawOptions>,
    /// The rules, in priority order: when two rules claim a line, the first wins.
    #[serde(default, rename = "rule", alias = "rules")]
    pub rules: Vec<RawRule>,
    /// Function words by language code, for telling prose from the rest.
    #[serde(default)]
    pub function_words: BTreeMap<String, Vec<String>>,
}

/// `[options]` of a rule file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOptions {
    pub tidy_blank_lines: Option<bool>,
}

/// The kinds of rule, as spelled in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawKind {
    LinePattern,
    Phrases,
    InlineSpan,
    RepeatedLine,
    HeadlineList,
    ContentRegion,
    LineShape,
}

impl RawKind {
    pub fn name(self) -> &'static str {
        match self {
            RawKind::LinePattern => "line-pattern",
            RawKind::Phrases => "phrases",
            RawKind::InlineSpan => "inline-span",
            RawKind::RepeatedLine => "repeated-line",
            RawKind::HeadlineList => "headline-list",
            RawKind::ContentRegion => "content-region",
            RawKind::LineShape => "line-shape",
        }
    }
}

/// How a phrase must sit in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhraseMatch {
    /// The trimmed line is exactly the phrase.
    Whole,
    /// The trimmed line starts with the phrase, followed by a word boundary.
    Prefix,
    /// The phrase appears anywhere in the line, on word boundaries.
    Contains,
    /// The line, folded as [`crate::fold`] folds it (case, digit runs,
    /// punctuation and bullets), is exactly the phrase folded: what
    /// `chaff learn` writes, so one phrase covers `Share this:`,
    /// `• SHARE THIS` and `share this`.
    Folded,
}

/// One `[[rule]]` table. Fields that only some kinds use are optional here;
/// validation says which are required and which do not apply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub id: String,
    pub category: String,
    pub kind: RawKind,
    /// Free text for humans: reports and `list-rules` show it.
    pub description: Option<String>,
    /// `false` keeps the rule in the file but switches it off.
    pub enabled: Option<bool>,
    /// Texts the rule must remove, and look-alikes that must stay: checked
    /// by [`crate::check_examples`], never used for cleaning. Any kind.
    pub examples: Option<Vec<String>>,
    pub keeps: Option<Vec<String>>,
    // line-pattern, inline-span
    pub pattern: Option<String>,
    // phrases
    pub phrases: Option<Vec<String>>,
    #[serde(rename = "match")]
    pub match_mode: Option<PhraseMatch>,
    pub case_insensitive: Option<bool>,
    /// Lines longer than this many characters are never claimed: a
    /// `contains` phrase names a notice, and a notice is short.
    pub max_chars: Option<u32>,
    // headline-list
    pub headings: Option<Vec<String>>,
    pub min_items: Option<u32>,
    pub tail_min_items: Option<u32>,
    pub headline: Option<RawHeadline>,
    // repeated-line
    pub min_count: Option<u32>,
    pub min_chars: Option<u32>,
    pub fold_prefixes: Option<Vec<String>>,
    pub only_prefixed: Option<bool>,
    pub keep_first: Option<bool>,
    // where in the document (line-pattern, phrases, line-shape)
    pub at: Option<Vec<RawLocation>>,
    // which sites' documents (line-pattern, phrases)
    pub sites: Option<Vec<String>>,
    // line-shape
    pub shape: Option<Shape>,
    pub max_words: Option<u32>,
    // content-region
    pub region: Option<RawRegion>,
}

/// A location as spelled in `at = [...]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawLocation {
    Head,
    Body,
    Tail,
}

/// `[rule.region]`: the thresholds of a `content-region` rule.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegion {
    pub length_low: Option<u32>,
    pub length_high: Option<u32>,
    pub function_words_low: Option<f64>,
    pub function_words_high: Option<f64>,
    pub max_heading_distance: Option<u32>,
    pub drop_outside: Option<bool>,
    pub sentence_end: Option<bool>,
    pub line_cost: Option<u32>,
    pub secondary_share: Option<f64>,
    pub min_body: Option<u32>,
    pub min_paragraph: Option<u32>,
}

impl RawRule {
    /// The kind-specific fields that are present, by their names in the
    /// file, so validation can refuse the ones a kind does not use.
    pub fn present_fields(&self) -> Vec<&'static str> {
        let mut present = Vec::new();
        let mut check = |name: &'static str, is_set: bool| {
            if is_set {
                present.push(name);
            }
        };
        check("pattern", self.pattern.is_some());
        check("phrases", self.phrases.is_some());
        check("match", self.match_mode.is_some());
        check("case_insensitive", self.case_insensitive.is_some());
        check("headings", self.headings.is_some());
        check("min_items", self.min_items.is_some());
        check("tail_min_items", self.tail_min_items.is_some());
        check("headline", self.headline.is_some());
        check("min_count", self.min_count.is_some());
        check("min_chars", self.min_chars.is_some());
        check("max_chars", self.max_chars.is_some());
        check("fold_prefixes", self.fold_prefixes.is_some());
        check("only_prefixed", self.only_prefixed.is_some());
        check("keep_first", self.keep_first.is_some());
        check("at", self.at.is_some());
        check("sites", self.sites.is_some());
        check("shape", self.shape.is_some());
        check("max_words", self.max_words.is_some());
        check("region", self.region.is_some());
        present
    }
}

/// `[rule.headline]`: the tunable features of a headline-shaped line.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHeadline {
    pub min_words: Option<u32>,
    pub max_words: Option<u32>,
    pub max_chars: Option<u32>,
    pub max_sentences: Option<u32>,
    pub prose_function_words: Option<f64>,
}

/// Parse rule text: JSON when its first non-blank character is `{`
/// (a TOML document never starts that way), TOML otherwise.
pub(crate) fn parse(text: &str) -> Result<RuleFile, RuleError> {
    // A byte-order mark (editors on Windows add one) is not part of either
    // format, and would hide the `{` that says JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            RuleError::at(
                Some(saturate(e.line())),
                Some(saturate(e.column())),
                e.to_string(),
            )
        })
    } else {
        toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_column(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            RuleError::at(line, column, e.message().trim().to_string())
        })
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_syntax_error_has_position() {
        let err = parse("[[rule]]\nid = \"a\"\ncategory = ").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.column.is_some());
    }

    #[test]
    fn unknown_kind_is_named() {
        let err = parse("[[rule]]\nid = \"a\"\ncategory = \"ui\"\nkind = \"magic\"\n").unwrap_err();
        assert!(err.message.contains("magic"), "{err}");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn json_is_detected() {
        let file = parse(
            r#"{"rules": [{"id": "a", "category": "ui", "kind": "phrases", "phrases": ["View"]}]}"#,
        )
        .unwrap();
        assert_eq!(file.rules.len(), 1);
        let err = parse("{\"rules\": [}").unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn examples_and_keeps_are_read_on_any_rule() {
        let file = parse(
            "[[rule]]\nid = \"a\"\ncategory = \"ui\"\nkind = \"phrases\"\nphrases = [\"View\"]\n\
             examples = [\"View\"]\nkeeps = [\"View the report online.\"]\n",
        )
        .unwrap();
        assert_eq!(
            file.rules[0].examples.as_deref(),
            Some(&["View".to_string()][..])
        );
        assert_eq!(file.rules[0].keeps.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn unknown_field_is_refused() {
        let err =
            parse("[[rule]]\nid = \"a\"\ncategory = \"ui\"\nkind = \"phrases\"\nphrase = []\n")
                .unwrap_err();
        assert!(err.message.contains("phrase"), "{err}");
    }
}
