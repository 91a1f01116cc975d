//! Why a rule set cannot be used: the one error type of the engine, and
//! the host's rule errors too.

use std::fmt;

/// Why a rule file was refused.
///
/// Every problem a user can make in a rule file ends here, with enough
/// context to fix it without reading chaff's source: the rule id and field
/// when the problem is inside one rule, the line and column when the file
/// itself does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Id of the offending rule, when the problem is inside one.
    pub rule: Option<String>,
    /// The field of that rule (or of the file) that is wrong.
    pub field: Option<String>,
    /// 1-based line in the rule text, when known.
    pub line: Option<u32>,
    /// 1-based column in the rule text, when known.
    pub column: Option<u32>,
    /// What is wrong, in words.
    pub message: String,
}

impl RuleError {
    /// A problem with the file as a whole (no rule to blame).
    pub fn file(message: impl Into<String>) -> Self {
        RuleError {
            rule: None,
            field: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem in one field of one rule.
    pub fn in_rule(rule: &str, field: &str, message: impl Into<String>) -> Self {
        RuleError {
            rule: Some(rule.to_string()),
            field: Some(field.to_string()),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a position in the rule text.
    pub fn at(line: Option<u32>, column: Option<u32>, message: impl Into<String>) -> Self {
        RuleError {
            rule: None,
            field: None,
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
            wrote = true;
        }
        if let Some(rule) = &self.rule {
            if wrote {
                f.write_str(", ")?;
            }
            write!(f, "rule `{rule}`")?;
            wrote = true;
        }
        if let Some(field) = &self.field {
            if wrote {
                f.write_str(", ")?;
            }
            write!(f, "field `{field}`")?;
            wrote = true;
        }
        if wrote {
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}
