//! The removal report: one JSON object per removal, for people and scripts.

use serde::Serialize;

use super::io::{Output, WriteError};
use super::term::json_for_terminal;

/// One line of the report.
#[derive(Serialize)]
struct ReportLine<'a> {
    source: &'a str,
    rule: &'a str,
    category: &'a str,
    start: usize,
    end: usize,
    /// 1-based line of the input where the removal starts.
    line: usize,
    text: &'a str,
}

/// Writes one JSON line per removal in `outcome`, offsets into `input`
/// (with `--lossy`, the converted text).
pub fn write(
    out: &mut Output,
    source: &str,
    input: &str,
    outcome: &chaff::Outcome,
) -> Result<(), WriteError> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut counted_to = 0;
    for removal in &outcome.removals {
        line += memchr_count(&input.as_bytes()[counted_to..removal.start]);
        counted_to = removal.start;
        let record = ReportLine {
            source,
            rule: &removal.rule,
            category: &removal.category,
            start: removal.start,
            end: removal.end,
            line,
            text: removal.text(input).unwrap_or_default(),
        };
        // Serialising plain strings and numbers cannot fail. Rule ids and
        // categories come from the component, and the report may well be
        // read on a terminal.
        if let Ok(json) = serde_json::to_string(&record) {
            lines.extend_from_slice(json_for_terminal(&json).as_bytes());
            lines.push(b'\n');
        }
    }
    out.write_all(&lines)?;
    out.flush()
}

fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}
