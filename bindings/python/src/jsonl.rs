//! `Scrubber.clean_jsonl`: JSONL records cleaned in place, in Rust.
//!
//! For shards, the records' JSON is most of the work: in Python,
//! `json.loads` and `json.dumps` take longer than cleaning the text. Here
//! the lines are parsed, cleaned and spliced back by `chaff-jsonl`, the
//! code `chaff clean --jsonl` runs, with the GIL released and spread over
//! the scrubber's `concurrency` threads; the output is byte for byte the
//! command line's.

use chaff::{CallOptions, Scrubber};
use chaff_jsonl::{FieldPath, LineOutcome};

use crate::spread;

/// Where the text is, where the site is, and where removals go.
pub struct Fields {
    pub field: FieldPath,
    pub url_field: Option<FieldPath>,
    pub removals_field: Option<String>,
}

/// What to do with a record that cannot be cleaned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Stop: the caller raises, naming the line.
    Raise,
    /// Write the record out unchanged.
    Pass,
    /// Leave the record out.
    Skip,
}

/// A record that stopped the run: its 1-based line and what was wrong.
pub struct Stopped {
    pub line: usize,
    pub message: String,
}

/// Cleans every line of `data` (records with their terminators; blank
/// lines pass through) and returns the output records in order.
pub fn clean(
    scrubber: &Scrubber,
    options: &CallOptions,
    fields: &Fields,
    on_error: OnError,
    data: &[u8],
    threads: usize,
) -> Result<Vec<u8>, Stopped> {
    let lines: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
    let lens: Vec<usize> = lines.iter().map(|l| l.len()).collect();
    let outcomes = spread::on_threads(&lens, threads, |from, to| {
        chaff_jsonl::clean_lines(
            scrubber,
            options,
            &fields.field,
            fields.url_field.as_ref(),
            fields.removals_field.as_deref(),
            &lines[from..to],
        )
    });
    let mut out = Vec::with_capacity(data.len());
    for (number, (line, outcome)) in lines.iter().zip(outcomes).enumerate() {
        match outcome {
            LineOutcome::Blank => out.extend_from_slice(line),
            LineOutcome::Cleaned(record, _) => out.extend_from_slice(&record),
            LineOutcome::Failed(e) => match on_error {
                OnError::Raise => {
                    return Err(Stopped {
                        line: number + 1,
                        message: e.to_string(),
                    });
                }
                OnError::Pass => out.extend_from_slice(line),
                OnError::Skip => {}
            },
        }
    }
    Ok(out)
}
