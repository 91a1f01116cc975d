//! One JSONL record: find the text field, clean it, and write the record
//! back with only that field (and optionally a removals field) changed.
//!
//! Records are edited by splicing, not by re-serialising: the bytes of
//! every other field (number formatting, escapes, key order, white space)
//! come out exactly as they went in.

use std::collections::HashMap;
use std::fmt;

use serde_json::value::RawValue;

/// A dotted path to the text field: `text`, `doc.body`.
#[derive(Debug, Clone)]
pub struct FieldPath(Vec<String>);

impl FieldPath {
    pub fn parse(path: &str) -> Result<FieldPath, String> {
        let parts: Vec<String> = path.split('.').map(str::to_string).collect();
        if parts.iter().any(String::is_empty) {
            return Err(format!(
                "`{path}` is not a field path (use e.g. `text` or `doc.body`)"
            ));
        }
        Ok(FieldPath(parts))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// Why a record could not be cleaned. The record itself is never lost: the
/// caller passes it through, skips it, or stops, as the user chose.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not valid UTF-8 at byte {0} of the line")]
    NotUtf8(usize),
    #[error("malformed JSON at column {column}: {message}")]
    Malformed { column: usize, message: String },
    #[error("not a JSON object")]
    NotAnObject,
    #[error("no field `{0}`")]
    MissingField(String),
    #[error("field `{field}` is {kind}, not a string")]
    NotAString { field: String, kind: &'static str },
    #[error("field `{field}` is not a valid string: {message}")]
    BadString { field: String, message: String },
    #[error("{0}")]
    Clean(String),
}

/// Byte span of the text field's JSON value inside the line, and its
/// decoded text.
pub struct Located {
    pub value_start: usize,
    pub value_end: usize,
    pub text: String,
}

fn offset_in(line: &str, part: &str) -> usize {
    part.as_ptr() as usize - line.as_ptr() as usize
}

fn kind_of(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn object_fields(json: &str) -> Result<HashMap<String, &RawValue>, RecordError> {
    if !json.trim_start().starts_with('{') {
        return Err(RecordError::NotAnObject);
    }
    serde_json::from_str(json).map_err(|e| RecordError::Malformed {
        column: e.column(),
        message: e.to_string(),
    })
}

/// Finds the field at `path` in `line` (one JSON object).
pub fn locate(line: &str, path: &FieldPath) -> Result<Located, RecordError> {
    let mut object = line;
    for (depth, key) in path.0.iter().enumerate() {
        let fields = object_fields(object).map_err(|e| match e {
            RecordError::NotAnObject if depth > 0 => RecordError::NotAString {
                field: path.0[..depth].join("."),
                kind: kind_of(object.trim_start()),
            },
            other => other,
        })?;
        let Some(raw) = fields.get(key.as_str()) else {
            return Err(RecordError::MissingField(path.0[..=depth].join(".")));
        };
        let raw_text = raw.get();
        if depth + 1 == path.0.len() {
            let text: String = serde_json::from_str(raw_text).map_err(|e| {
                if raw_text.starts_with('"') {
                    // A string JSON cannot decode, e.g. a lone surrogate `\ud800`.
                    RecordError::BadString {
                        field: path.to_string(),
                        message: e.to_string(),
                    }
                } else {
                    RecordError::NotAString {
                        field: path.to_string(),
                        kind: kind_of(raw_text),
                    }
                }
            })?;
            let value_start = offset_in(line, raw_text);
            return Ok(Located {
                value_start,
                value_end: value_start + raw_text.len(),
                text,
            });
        }
        object = raw_text;
    }
    Err(RecordError::MissingField(path.to_string()))
}

/// Finds an existing top-level field's value span, if any.
fn top_level_value(line: &str, key: &str) -> Option<(usize, usize)> {
    let fields = object_fields(line).ok()?;
    let raw = fields.get(key)?.get();
    let start = offset_in(line, raw);
    Some((start, start + raw.len()))
}

/// The JSON for a record's removals.
#[derive(serde::Serialize)]
struct RemovalJson<'a> {
    rule: &'a str,
    category: &'a str,
    start: usize,
    end: usize,
}

/// Writes `line` with the text field replaced by `cleaned`, and with
/// `removals_field` (top level) set to the removals when asked.
pub fn rewrite(
    line: &str,
    located: &Located,
    outcome: &chaff::Outcome,
    removals_field: Option<&str>,
    out: &mut Vec<u8>,
) -> Result<(), RecordError> {
    let encoded =
        serde_json::to_string(&outcome.text).map_err(|e| RecordError::Clean(e.to_string()))?;
    let mut edits: Vec<(usize, usize, String)> =
        vec![(located.value_start, located.value_end, encoded)];
    if let Some(field) = removals_field {
        let removals: Vec<RemovalJson> = outcome
            .removals
            .iter()
            .map(|r| RemovalJson {
                rule: &r.rule,
                category: &r.category,
                start: r.start,
                end: r.end,
            })
            .collect();
        let json =
            serde_json::to_string(&removals).map_err(|e| RecordError::Clean(e.to_string()))?;
        match top_level_value(line, field) {
            Some((start, end)) if (start, end) != (located.value_start, located.value_end) => {
                edits.push((start, end, json));
            }
            Some(_) => {
                return Err(RecordError::Clean(format!(
                    "--removals-field `{field}` is the text field itself"
                )));
            }
            None => {
                // Insert before the object's closing brace.
                let close = line.trim_end().len() - 1;
                let key =
                    serde_json::to_string(field).map_err(|e| RecordError::Clean(e.to_string()))?;
                let empty = line[..close].trim_end().ends_with('{');
                let sep = if empty { "" } else { "," };
                edits.push((close, close, format!("{sep}{key}:{json}")));
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut pos = 0;
    for (start, end, replacement) in &edits {
        out.extend_from_slice(&line.as_bytes()[pos..*start]);
        out.extend_from_slice(replacement.as_bytes());
        pos = *end;
    }
    out.extend_from_slice(&line.as_bytes()[pos..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> FieldPath {
        FieldPath::parse(p).unwrap()
    }

    #[test]
    fn finds_top_level_and_nested_fields() {
        let line = r#"{"id": 1.50, "doc": {"body": "a\nb"}, "text": "x\u00e9"}"#;
        let top = locate(line, &path("text")).unwrap();
        assert_eq!(top.text, "xé");
        assert_eq!(&line[top.value_start..top.value_end], r#""x\u00e9""#);
        let nested = locate(line, &path("doc.body")).unwrap();
        assert_eq!(nested.text, "a\nb");
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(
            matches!(locate("{\"a\":1}", &path("text")), Err(RecordError::MissingField(f)) if f == "text")
        );
        assert!(matches!(
            locate("{\"text\":1}", &path("text")),
            Err(RecordError::NotAString {
                kind: "a number",
                ..
            })
        ));
        assert!(matches!(
            locate("{\"text\":", &path("text")),
            Err(RecordError::Malformed { .. })
        ));
        assert!(matches!(
            locate("[1]", &path("text")),
            Err(RecordError::NotAnObject)
        ));
        assert!(matches!(
            locate("{\"a\":[1]}", &path("a.b")),
            Err(RecordError::NotAString {
                kind: "an array",
                ..
            })
        ));
    }

    #[test]
    fn rewrite_changes_only_the_text_field() {
        let line = r#"{"id": 1.50, "text": "keep\nJUNK", "tag": "\u00e9"}"#;
        let located = locate(line, &path("text")).unwrap();
        let outcome = chaff::Outcome {
            text: "keep\n".into(),
            removals: vec![],
        };
        let mut out = Vec::new();
        rewrite(line, &located, &outcome, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"id": 1.50, "text": "keep\n", "tag": "\u00e9"}"#
        );
        let mut out = Vec::new();
        rewrite(line, &located, &outcome, Some("removed"), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"id": 1.50, "text": "keep\n", "tag": "\u00e9","removed":[]}"#
        );
    }
}
