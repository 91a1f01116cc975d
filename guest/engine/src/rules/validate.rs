//! From the raw file to a [`RuleSet`]: every check that can name the rule
//! and field at fault.

use std::collections::HashSet;

use super::file::{PhraseMatch, RawHeadline, RawKind, RawRule, RuleFile};
use super::{Options, Rule, RuleBody, RuleSet};
use crate::error::RuleError;
use crate::headline::HeadlineShape;

/// Default `min_items` of a headline list: two headline-shaped lines after a
/// heading could be an article's own sub-heading and sentence; three rarely are.
const DEFAULT_MIN_ITEMS: u32 = 3;

pub(super) fn rule_set(
    file: RuleFile,
    builtin: &dyn Fn() -> Result<RuleSet, RuleError>,
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

    let (mut rules, mut options) = match file.extends.as_deref() {
        None => (Vec::new(), Options::default()),
        Some("builtin") => {
            let base = builtin()?;
            (base.rules, base.options)
        }
        Some(other) => {
            return Err(RuleError {
                field: Some("extends".into()),
                ..RuleError::file(format!(
                    "cannot extend `{other}`: the only rule set to extend is \"builtin\""
                ))
            });
        }
    };

    for id in &file.disable {
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
    Ok(RuleSet { rules, options })
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
    let unused = |field: &str, present: bool| -> Result<(), RuleError> {
        if present {
            Err(RuleError::in_rule(
                id,
                field,
                format!("is not used by kind `{}`", kind.name()),
            ))
        } else {
            Ok(())
        }
    };
    let required = |field: &str| {
        RuleError::in_rule(id, field, format!("is required by kind `{}`", kind.name()))
    };

    let body = match kind {
        RawKind::LinePattern | RawKind::InlineSpan => {
            unused("phrases", raw.phrases.is_some())?;
            unused("match", raw.match_mode.is_some())?;
            unused("case_insensitive", raw.case_insensitive.is_some())?;
            unused("headings", raw.headings.is_some())?;
            unused("min_items", raw.min_items.is_some())?;
            unused("headline", raw.headline.is_some())?;
            let pattern = raw.pattern.ok_or_else(|| required("pattern"))?;
            if pattern.trim().is_empty() {
                return Err(RuleError::in_rule(id, "pattern", "is empty"));
            }
            if kind == RawKind::LinePattern {
                RuleBody::LinePattern { pattern }
            } else {
                RuleBody::InlineSpan { pattern }
            }
        }
        RawKind::Phrases => {
            unused("pattern", raw.pattern.is_some())?;
            unused("headings", raw.headings.is_some())?;
            unused("min_items", raw.min_items.is_some())?;
            unused("headline", raw.headline.is_some())?;
            let phrases = non_empty_list(
                id,
                "phrases",
                raw.phrases.ok_or_else(|| required("phrases"))?,
            )?;
            RuleBody::Phrases {
                phrases,
                mode: raw.match_mode.unwrap_or(PhraseMatch::Whole),
                case_insensitive: raw.case_insensitive.unwrap_or(true),
            }
        }
        RawKind::HeadlineList => {
            unused("pattern", raw.pattern.is_some())?;
            unused("phrases", raw.phrases.is_some())?;
            unused("match", raw.match_mode.is_some())?;
            unused("case_insensitive", raw.case_insensitive.is_some())?;
            let headings = non_empty_list(
                id,
                "headings",
                raw.headings.ok_or_else(|| required("headings"))?,
            )?;
            let min_items = raw.min_items.unwrap_or(DEFAULT_MIN_ITEMS);
            if min_items == 0 {
                return Err(RuleError::in_rule(id, "min_items", "must be at least 1"));
            }
            RuleBody::HeadlineList {
                headings,
                min_items: min_items as usize,
                shape: headline_shape(id, raw.headline.unwrap_or_default())?,
            }
        }
    };
    Ok(Rule {
        id: raw.id,
        category: raw.category,
        body,
    })
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
    };
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
