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
    /// Reads `a.b.c`; an empty part (`a..b`, `.a`) is refused.
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

impl FieldPath {
    /// Refuses a `--removals-field` that is, or holds, the text field: the
    /// two would be spliced into overlapping bytes of every record.
    pub fn check_removals_field(&self, removals_field: &str) -> Result<(), String> {
        if self.0.first().is_some_and(|top| top == removals_field) {
            return Err(format!(
                "--removals-field `{removals_field}` would overwrite the field that holds the \
                 text (`{self}`); give the removals a field of their own"
            ));
        }
        Ok(())
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
    /// The line is not UTF-8 from this byte on.
    #[error("not valid UTF-8 at byte {0} of the line")]
    NotUtf8(usize),
    /// The line is not JSON.
    #[error("malformed JSON at column {column}: {message}")]
    Malformed {
        /// 1-based column of the problem.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// The line is JSON, but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// No field at the path.
    #[error("no field `{0}`")]
    MissingField(String),
    /// The field (or a part of its path) holds something else.
    #[error("field `{field}` is {kind}, not a string")]
    NotAString {
        /// The path up to the offending value.
        field: String,
        /// What it is: `an object`, `a number`, ...
        kind: &'static str,
    },
    /// The field is a string JSON cannot decode (a lone surrogate).
    #[error("field `{field}` is not a valid string: {message}")]
    BadString {
        /// The field's path.
        field: String,
        /// serde_json's description.
        message: String,
    },
    /// Cleaning failed (a limit, a trap), or the record could not be
    /// written back.
    #[error("{0}")]
    Clean(String),
}

/// Byte span of the text field's JSON value inside the line, and its
/// decoded text.
pub struct Located {
    /// First byte of the value (its opening quote) in the line.
    pub value_start: usize,
    /// One past its last byte (the closing quote).
    pub value_end: usize,
    /// The decoded string.
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
    let raw = &line[located.value_start..located.value_end];
    let encoded = match splice_escaped(raw, &outcome.removals) {
        Some(spliced) => spliced,
        None => {
            serde_json::to_string(&outcome.text).map_err(|e| RecordError::Clean(e.to_string()))?
        }
    };
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
    if edits.windows(2).any(|pair| pair[1].0 < pair[0].1) {
        // Refused up front by `check_removals_field`; never splice
        // overlapping edits, whatever the record looks like.
        return Err(RecordError::Clean(
            "the removals field and the text field overlap".into(),
        ));
    }
    let mut pos = 0;
    for (start, end, replacement) in &edits {
        out.extend_from_slice(&line.as_bytes()[pos..*start]);
        out.extend_from_slice(replacement.as_bytes());
        pos = *end;
    }
    out.extend_from_slice(&line.as_bytes()[pos..]);
    Ok(())
}

/// The text field's new JSON value: its original escaped bytes with the
/// removed spans cut out. Kept text keeps its escaping byte for byte (a
/// `\u00e9` stays a `\u00e9`), and nothing is escaped again, which is most
/// of what writing a record costs. `raw` is the string value with its
/// quotes; removal offsets are into its decoded text. `None` if an offset
/// does not fall between escapes (impossible for verified removals, which
/// lie on character boundaries); the caller then re-encodes.
fn splice_escaped(raw: &str, removals: &[chaff::Removal]) -> Option<String> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    out.push(b'"');
    // Walk the raw string once, from one backslash to the next, turning
    // each removal's decoded start and end into raw offsets.
    let (mut raw_pos, mut decoded) = (0usize, 0usize);
    let mut kept_from = 0usize;
    for removal in removals {
        for (target, starts_removal) in [(removal.start, true), (removal.end, false)] {
            while decoded < target {
                let run_end =
                    memchr::memchr(b'\\', &body[raw_pos..]).map_or(body.len(), |k| raw_pos + k);
                if decoded + (run_end - raw_pos) >= target {
                    raw_pos += target - decoded;
                    decoded = target;
                    break;
                }
                decoded += run_end - raw_pos;
                raw_pos = run_end;
                let (raw_len, decoded_len) = escape_len(body.get(raw_pos..)?)?;
                raw_pos += raw_len;
                decoded += decoded_len;
            }
            if decoded != target {
                return None;
            }
            if starts_removal {
                out.extend_from_slice(&body[kept_from..raw_pos]);
            } else {
                kept_from = raw_pos;
            }
        }
    }
    out.extend_from_slice(&body[kept_from..]);
    out.push(b'"');
    // Cut between whole escapes and whole characters of the raw text, which
    // was valid UTF-8.
    String::from_utf8(out).ok()
}

/// Raw and decoded length of the escape at the start of `raw` (`\n`,
/// `\"`, `\u00e9`, a `\ud83d\ude00` surrogate pair, …).
fn escape_len(raw: &[u8]) -> Option<(usize, usize)> {
    match raw.get(1)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some((2, 1)),
        b'u' => {
            let unit = hex4(raw.get(2..6)?)?;
            match unit {
                0xD800..=0xDBFF => {
                    let low = raw.get(6..12)?;
                    (low.starts_with(b"\\u") && (0xDC00..=0xDFFF).contains(&hex4(&low[2..])?))
                        .then_some((12, 4))
                }
                0xDC00..=0xDFFF => None,
                0..=0x7F => Some((6, 1)),
                0x80..=0x7FF => Some((6, 2)),
                _ => Some((6, 3)),
            }
        }
        _ => None,
    }
}

fn hex4(digits: &[u8]) -> Option<u32> {
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `text` as a JSON string, each character escaped in the style chosen
    /// for it (literal, short escape, or `\uXXXX` with surrogate pairs).
    fn escape_with_styles(chars: &[(char, u8)]) -> String {
        let mut raw = String::from("\"");
        for &(c, style) in chars {
            match (c, style) {
                ('"', _) => raw.push_str("\\\""),
                ('\\', _) => raw.push_str("\\\\"),
                ('\n', 0) => raw.push_str("\\n"),
                ('/', 1) => raw.push_str("\\/"),
                (c, style) if u32::from(c) < 0x20 || style == 2 => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        raw.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                (c, _) => raw.push(c),
            }
        }
        raw.push('"');
        raw
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn splicing_the_escaped_value_equals_encoding_the_cut_text(
            chars in prop::collection::vec((any::<char>(), 0u8..3), 0..60),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let text: String = chars.iter().map(|c| c.0).collect();
            let raw = escape_with_styles(&chars);
            prop_assert_eq!(&serde_json::from_str::<String>(&raw).unwrap(), &text);
            let bounds: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mut points: Vec<usize> =
                cuts.iter().map(|ix| bounds[ix.index(bounds.len())]).collect();
            points.sort_unstable();
            points.dedup();
            let removals: Vec<chaff::Removal> = points
                .as_chunks::<2>()
                .0
                .iter()
                .map(|&[start, end]| chaff::Removal {
                    rule: "r".into(),
                    category: "c".into(),
                    start,
                    end,
                })
                .collect();
            let mut expected = String::new();
            let mut pos = 0;
            for r in &removals {
                expected.push_str(&text[pos..r.start]);
                pos = r.end;
            }
            expected.push_str(&text[pos..]);
            let spliced = splice_escaped(&raw, &removals).expect("offsets between escapes");
            prop_assert_eq!(serde_json::from_str::<String>(&spliced).unwrap(), expected);
            if removals.is_empty() {
                prop_assert_eq!(spliced, raw);
            }
        }
    }

    #[test]
    fn kept_text_keeps_its_escapes() {
        let line = r#"{"text": "caf\u00e9 \ud83d\ude00\nJUNK\n\"end\""}"#;
        let located = locate(line, &path("text")).unwrap();
        assert_eq!(located.text, "café 😀\nJUNK\n\"end\"");
        let junk = located.text.find("JUNK").unwrap();
        let outcome = chaff::Outcome {
            text: "café 😀\n\"end\"".into(),
            removals: vec![chaff::Removal {
                rule: "r".into(),
                category: "c".into(),
                start: junk,
                end: junk + "JUNK\n".len(),
            }],
        };
        let mut out = Vec::new();
        rewrite(line, &located, &outcome, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"text": "caf\u00e9 \ud83d\ude00\n\"end\""}"#
        );
    }

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
            removals: vec![chaff::Removal {
                rule: "r".into(),
                category: "c".into(),
                start: 5,
                end: 9,
            }],
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
            r#"{"id": 1.50, "text": "keep\n", "tag": "\u00e9","removed":[{"rule":"r","category":"c","start":5,"end":9}]}"#
        );
    }
}
