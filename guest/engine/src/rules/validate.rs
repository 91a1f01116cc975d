//! From the raw file to a [`RuleSet`]: every check that can name the rule
//! and field at fault.

use std::collections::HashSet;

use super::file::{PhraseMatch, RawHeadline, RawKind, RawLocation, RawRegion, RawRule, RuleFile};
use super::{Options, Rule, RuleBody, RuleSet};
use crate::error::RuleError;
use crate::lists::HeadlineShape;
use crate::region::{Location, RegionSettings};
use crate::shapes::Shape;

/// Default `min_items` of a headline list: two headline-shaped lines after a
/// heading could be an article's own sub-heading and sentence; three rarely are.
const DEFAULT_MIN_ITEMS: u32 = 3;

/// Default `min_count` of a repeated line: a line said twice can be an
/// article quoting itself; three times is a template.
const DEFAULT_MIN_COUNT: u32 = 3;

/// Default `min_chars` of a repeated line (after folding): short lines such
/// as "Yes." or a dinkus repeat in real articles.
const DEFAULT_MIN_CHARS: u32 = 12;

pub(super) fn rule_set(
    file: RuleFile,
    base: &dyn Fn(&str) -> Result<RuleSet, RuleError>,
) -> Result<RuleSet, RuleError> {
    if let Some(version) = file.version
        && version != 1
    {
        return Err(RuleError {
            field: Some("version".into()),
            ..RuleError::file(format!(
                "unsupported rule file version {version}; this chaff reads version 1"
            ))
        });
    }

    let (mut rules, mut options, mut function_words) = match file.extends.as_deref() {
        None => (Vec::new(), Options::default(), Vec::new()),
        Some(name) => {
            let base = base(name)?;
            (base.rules, base.options, base.function_words)
        }
    };
    for (language, words) in file.function_words {
        check_language(&language, &words)?;
        match function_words.iter_mut().find(|(l, _)| *l == language) {
            Some(slot) => slot.1 = words,
            None => function_words.push((language, words)),
        }
    }

    let mut listed = HashSet::new();
    for id in &file.disable {
        if !listed.insert(id.as_str()) {
            return Err(RuleError {
                field: Some("disable".into()),
                ..RuleError::file(format!("`{id}` is listed twice in `disable`"))
            });
        }
        let before = rules.len();
        rules.retain(|r| &r.id != id);
        if rules.len() == before {
            return Err(RuleError {
                field: Some("disable".into()),
                ..RuleError::file(format!(
                    "`{id}` names no inherited rule{}",
                    if file.extends.is_none() {
                        " (the file does not say `extends = \"builtin\"`)"
                    } else {
                        ""
                    }
                ))
            });
        }
    }

    if let Some(raw) = file.options
        && let Some(tidy) = raw.tidy_blank_lines
    {
        options.tidy_blank_lines = tidy;
    }

    let mut seen: HashSet<String> = rules.iter().map(|r| r.id.clone()).collect();
    for raw in file.rules {
        check_id(&raw.id)?;
        if !seen.insert(raw.id.clone()) {
            return Err(RuleError::in_rule(
                &raw.id,
                "id",
                "duplicate id: another rule (or an inherited one) already uses it; \
                 to replace an inherited rule, list it under `disable` first",
            ));
        }
        if raw.enabled == Some(false) {
            continue;
        }
        rules.push(rule(raw)?);
    }
    let regions: Vec<&Rule> = rules
        .iter()
        .filter(|r| matches!(r.body, RuleBody::ContentRegion { .. }))
        .collect();
    if let [_, second, ..] = regions.as_slice() {
        return Err(RuleError::in_rule(
            &second.id,
            "kind",
            format!(
                "a rule set has one content region, and `{}` already defines it; \
                 list it under `disable` to replace it",
                regions[0].id
            ),
        ));
    }
    Ok(RuleSet {
        rules,
        options,
        function_words,
    })
}

fn check_language(language: &str, words: &[String]) -> Result<(), RuleError> {
    let code_ok = (2..=12).contains(&language.len())
        && language
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
    let field = format!("function_words.{language}");
    if !code_ok {
        return Err(RuleError {
            field: Some(field),
            ..RuleError::file("a language code is 2 to 12 lowercase letters, e.g. `en`, `pt-br`")
        });
    }
    if words.is_empty() {
        return Err(RuleError {
            field: Some(field),
            ..RuleError::file("is an empty list")
        });
    }
    if let Some(word) = words
        .iter()
        .find(|w| w.trim().is_empty() || w.trim().contains(char::is_whitespace))
    {
        return Err(RuleError {
            field: Some(field),
            ..RuleError::file(format!("`{word}` is not one word"))
        });
    }
    Ok(())
}

fn check_id(id: &str) -> Result<(), RuleError> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(RuleError {
            rule: Some(id.to_string()),
            field: Some("id".into()),
            ..RuleError::file(
                "an id is 1 to 100 characters of ASCII letters, digits, `.`, `-` and `_`",
            )
        })
    }
}

fn rule(raw: RawRule) -> Result<Rule, RuleError> {
    let id = raw.id.as_str();
    let category_ok = !raw.category.is_empty()
        && raw.category.len() <= 40
        && raw
            .category
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !category_ok {
        return Err(RuleError::in_rule(
            id,
            "category",
            format!(
                "`{}` is not a category: use lowercase letters, digits and `-`, e.g. `read-more`",
                raw.category
            ),
        ));
    }

    let kind = raw.kind;
    let allowed: &[&str] = match kind {
        RawKind::LinePattern => &["pattern", "max_chars"],
        RawKind::InlineSpan => &["pattern"],
        RawKind::Phrases => &["phrases", "match", "case_insensitive", "max_chars"],
        RawKind::RepeatedLine => &[
            "min_count",
            "min_chars",
            "fold_prefixes",
            "only_prefixed",
            "keep_first",
        ],
        RawKind::HeadlineList => &["headings", "min_items", "tail_min_items", "headline"],
        RawKind::ContentRegion => &["region"],
        RawKind::LineShape => &["shape", "max_words", "at"],
    };
    let allowed: Vec<&str> = match kind {
        RawKind::LinePattern | RawKind::Phrases => {
            allowed.iter().copied().chain(["at", "sites"]).collect()
        }
        _ => allowed.to_vec(),
    };
    if let Some(field) = raw
        .present_fields()
        .into_iter()
        .find(|f| !allowed.contains(f))
    {
        return Err(RuleError::in_rule(
            id,
            field,
            format!(
                "is not used by kind `{}` (its fields: {})",
                kind.name(),
                allowed.join(", ")
            ),
        ));
    }
    let required = |field: &str| {
        RuleError::in_rule(id, field, format!("is required by kind `{}`", kind.name()))
    };

    let body = match kind {
        RawKind::LinePattern | RawKind::InlineSpan => {
            let pattern = raw.pattern.ok_or_else(|| required("pattern"))?;
            if pattern.trim().is_empty() {
                return Err(RuleError::in_rule(id, "pattern", "is empty"));
            }
            if kind == RawKind::LinePattern {
                if raw.max_chars == Some(0) {
                    return Err(RuleError::in_rule(id, "max_chars", "must be at least 1"));
                }
                RuleBody::LinePattern {
                    pattern,
                    max_chars: raw.max_chars.map(|n| n as usize),
                }
            } else {
                RuleBody::InlineSpan { pattern }
            }
        }
        RawKind::Phrases => {
            let phrases = non_empty_list(
                id,
                "phrases",
                raw.phrases.ok_or_else(|| required("phrases"))?,
            )?;
            if raw.max_chars == Some(0) {
                return Err(RuleError::in_rule(id, "max_chars", "must be at least 1"));
            }
            RuleBody::Phrases {
                phrases,
                mode: raw.match_mode.unwrap_or(PhraseMatch::Whole),
                case_insensitive: raw.case_insensitive.unwrap_or(true),
                max_chars: raw.max_chars.map(|n| n as usize),
            }
        }
        RawKind::RepeatedLine => {
            let min_count = raw.min_count.unwrap_or(DEFAULT_MIN_COUNT);
            if min_count < 2 {
                return Err(RuleError::in_rule(
                    id,
                    "min_count",
                    format!("{min_count} would remove lines that are not repeated; use 2 or more"),
                ));
            }
            let fold_prefixes = match raw.fold_prefixes {
                Some(list) => non_empty_list(id, "fold_prefixes", list)?,
                None => Vec::new(),
            };
            let only_prefixed = raw.only_prefixed.unwrap_or(false);
            if only_prefixed && fold_prefixes.is_empty() {
                return Err(RuleError::in_rule(
                    id,
                    "only_prefixed",
                    "needs `fold_prefixes`: with no prefixes no line would ever count",
                ));
            }
            RuleBody::RepeatedLine {
                min_count: min_count as usize,
                min_chars: raw.min_chars.unwrap_or(DEFAULT_MIN_CHARS) as usize,
                fold_prefixes,
                only_prefixed,
                keep_first: raw.keep_first.unwrap_or(false),
            }
        }
        RawKind::HeadlineList => {
            let tail_min_items = raw.tail_min_items.map(|n| n as usize);
            if tail_min_items == Some(0) {
                return Err(RuleError::in_rule(
                    id,
                    "tail_min_items",
                    "must be at least 1",
                ));
            }
            let headings = match (raw.headings, tail_min_items) {
                (Some(list), _) => non_empty_list(id, "headings", list)?,
                (None, Some(_)) => Vec::new(),
                (None, None) => {
                    return Err(RuleError::in_rule(
                        id,
                        "headings",
                        "is required by kind `headline-list` (or set `tail_min_items` for heading-less runs at the end)",
                    ));
                }
            };
            let min_items = raw.min_items.unwrap_or(DEFAULT_MIN_ITEMS);
            if min_items == 0 {
                return Err(RuleError::in_rule(id, "min_items", "must be at least 1"));
            }
            RuleBody::HeadlineList {
                headings,
                min_items: min_items as usize,
                tail_min_items,
                shape: headline_shape(id, raw.headline.unwrap_or_default())?,
            }
        }
        RawKind::ContentRegion => RuleBody::ContentRegion {
            settings: region_settings(id, raw.region.unwrap_or_default())?,
        },
        RawKind::LineShape => {
            let shape = raw.shape.ok_or_else(|| required("shape"))?;
            let max_words = raw.max_words.unwrap_or(DEFAULT_LABEL_WORDS);
            if raw.max_words.is_some() && shape != Shape::Label {
                return Err(RuleError::in_rule(
                    id,
                    "max_words",
                    format!("only bounds the `label` shape, not `{}`", shape.name()),
                ));
            }
            if max_words == 0 {
                return Err(RuleError::in_rule(id, "max_words", "must be at least 1"));
            }
            RuleBody::LineShape { shape, max_words }
        }
    };
    let at = match raw.at {
        None => None,
        Some(list) if list.is_empty() => {
            return Err(RuleError::in_rule(
                id,
                "at",
                "is an empty list: name where the rule applies (`head`, `body`, `tail`) or leave `at` out for anywhere",
            ));
        }
        Some(list) => Some(list.iter().fold(0u8, |bits, l| {
            bits | match l {
                RawLocation::Head => Location::Head.bit(),
                RawLocation::Body => Location::Body.bit(),
                RawLocation::Tail => Location::Tail.bit(),
            }
        })),
    };
    let sites = match raw.sites {
        None => None,
        Some(_) if at.is_some() => {
            return Err(RuleError::in_rule(
                id,
                "sites",
                "cannot be combined with `at`: a site's boilerplate is removed wherever it is",
            ));
        }
        Some(list) => Some(sites(id, list)?),
    };
    let examples = example_list(id, "examples", raw.examples)?;
    let keeps = example_list(id, "keeps", raw.keeps)?;
    if let RuleBody::ContentRegion { settings } = &body
        && !settings.drop_outside
        && !examples.is_empty()
    {
        return Err(RuleError::in_rule(
            id,
            "examples",
            "a content region without `drop_outside` only locates the body and removes \
             nothing, so it can have `keeps` but no `examples`",
        ));
    }
    Ok(Rule {
        id: raw.id,
        category: raw.category,
        body,
        at,
        sites,
        description: raw.description.unwrap_or_default(),
        examples,
        keeps,
    })
}

/// Checks and normalises `sites`: bare hosts (`example.com`), compared
/// case-insensitively and without a leading `www.`.
fn sites(id: &str, list: Vec<String>) -> Result<Vec<String>, RuleError> {
    if list.is_empty() {
        return Err(RuleError::in_rule(
            id,
            "sites",
            "is an empty list: name the sites (hosts such as `example.com`) or leave `sites` out for every document",
        ));
    }
    list.iter()
        .map(|site| {
            let host = crate::site::normalise_host(site);
            let bare = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if bare {
                Ok(host)
            } else {
                Err(RuleError::in_rule(
                    id,
                    "sites",
                    format!("`{site}` is not a host: write it as `example.com`, without scheme, port or path"),
                ))
            }
        })
        .collect()
}

/// `examples` or `keeps`: any number of texts (an empty list is none),
/// each trimmed and not blank. A text may hold several lines.
fn example_list(
    id: &str,
    field: &str,
    items: Option<Vec<String>>,
) -> Result<Vec<String>, RuleError> {
    match items {
        Some(items) if !items.is_empty() => non_empty_list(id, field, items),
        _ => Ok(Vec::new()),
    }
}

/// Default `max_words` of a `label`: "Related topics", "Mehr zum Thema".
const DEFAULT_LABEL_WORDS: u32 = 4;

fn region_settings(id: &str, raw: RawRegion) -> Result<RegionSettings, RuleError> {
    let d = RegionSettings::default();
    let settings = RegionSettings {
        length_low: raw.length_low.unwrap_or(d.length_low),
        length_high: raw.length_high.unwrap_or(d.length_high),
        function_words_low: raw
            .function_words_low
            .map_or(d.function_words_low, |r| r as f32),
        function_words_high: raw
            .function_words_high
            .map_or(d.function_words_high, |r| r as f32),
        max_heading_distance: raw.max_heading_distance.unwrap_or(d.max_heading_distance),
        drop_outside: raw.drop_outside.unwrap_or(d.drop_outside),
        sentence_end: raw.sentence_end.unwrap_or(d.sentence_end),
        line_cost: raw.line_cost.unwrap_or(d.line_cost),
        secondary_share: raw.secondary_share.map_or(d.secondary_share, |r| r as f32),
        min_body: raw.min_body.unwrap_or(d.min_body),
        min_paragraph: raw.min_paragraph.unwrap_or(d.min_paragraph),
    };
    check_ratio(id, "region.secondary_share", settings.secondary_share)?;
    check_ratio(id, "region.function_words_low", settings.function_words_low)?;
    check_ratio(
        id,
        "region.function_words_high",
        settings.function_words_high,
    )?;
    if settings.function_words_high < settings.function_words_low {
        return Err(RuleError::in_rule(
            id,
            "region.function_words_high",
            "is below function_words_low",
        ));
    }
    if settings.length_high < settings.length_low {
        return Err(RuleError::in_rule(
            id,
            "region.length_high",
            "is below length_low",
        ));
    }
    Ok(settings)
}

fn check_ratio(id: &str, field: &str, value: f32) -> Result<(), RuleError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(RuleError::in_rule(
            id,
            field,
            format!("{value} is not a ratio between 0 and 1"),
        ))
    }
}

fn non_empty_list(id: &str, field: &str, items: Vec<String>) -> Result<Vec<String>, RuleError> {
    if items.is_empty() {
        return Err(RuleError::in_rule(id, field, "is an empty list"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let trimmed = item.trim();
        if trimmed.is_empty() {
            return Err(RuleError::in_rule(
                id,
                field,
                format!("item {} is blank", i + 1),
            ));
        }
        out.push(trimmed.to_string());
    }
    Ok(out)
}

fn headline_shape(id: &str, raw: RawHeadline) -> Result<HeadlineShape, RuleError> {
    let default = HeadlineShape::default();
    let shape = HeadlineShape {
        min_words: raw.min_words.map_or(default.min_words, |n| n as usize),
        max_words: raw.max_words.map_or(default.max_words, |n| n as usize),
        max_chars: raw.max_chars.map_or(default.max_chars, |n| n as usize),
        max_sentences: raw
            .max_sentences
            .map_or(default.max_sentences, |n| n as usize),
        prose_function_words: raw
            .prose_function_words
            .map_or(default.prose_function_words, |r| r as f32),
    };
    check_ratio(
        id,
        "headline.prose_function_words",
        shape.prose_function_words,
    )?;
    if shape.min_words == 0 {
        return Err(RuleError::in_rule(
            id,
            "headline.min_words",
            "must be at least 1",
        ));
    }
    if shape.max_words < shape.min_words {
        return Err(RuleError::in_rule(
            id,
            "headline.max_words",
            format!(
                "{} is below min_words ({})",
                shape.max_words, shape.min_words
            ),
        ));
    }
    if shape.max_sentences == 0 {
        return Err(RuleError::in_rule(
            id,
            "headline.max_sentences",
            "must be at least 1",
        ));
    }
    Ok(shape)
}
