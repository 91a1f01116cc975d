//! Cleaning one chunk of records with `chaff_jsonl::clean_lines` (the
//! record code the Python package shares), and what the run reports of it.

use chaff::Scrubber;
use chaff_jsonl::{self as record, LineOutcome};

use super::reader::Chunk;
use super::{OnError, Settings};
use crate::summary::Summary;

/// A chunk's records as they go out.
pub struct Processed {
    pub index: usize,
    /// Output bytes of each record, in order; `None` for a skipped record.
    pub records: Vec<Option<Vec<u8>>>,
    /// `(record position in chunk, 1-based line, message)`.
    pub problems: Vec<(usize, usize, String)>,
    pub summary: Summary,
    pub bytes_in: u64,
}

pub fn process(scrubber: &Scrubber, settings: &Settings, chunk: Chunk) -> Processed {
    let mut summary = Summary::default();
    let bytes_in = chunk.lines.iter().map(|l| l.len() as u64).sum();
    let lines: Vec<&[u8]> = chunk.lines.iter().map(Vec::as_slice).collect();
    let outcomes = record::clean_lines(
        scrubber,
        &settings.options,
        &settings.field,
        settings.url_field.as_ref(),
        settings.removals_field.as_deref(),
        &lines,
    );
    let mut records = Vec::with_capacity(lines.len());
    let mut problems = Vec::new();
    for (position, (line, outcome)) in lines.iter().zip(outcomes).enumerate() {
        match outcome {
            LineOutcome::Blank => records.push(Some(line.to_vec())),
            LineOutcome::Cleaned(out, removed) => {
                summary.documents += 1;
                summary.add_removed_lines(&removed);
                records.push(Some(out));
            }
            LineOutcome::Failed(e) => {
                summary.documents += 1;
                summary.errors += 1;
                problems.push((position, chunk.first_line + position, e.to_string()));
                match settings.on_error {
                    // The record as it came, with its terminator.
                    OnError::Pass | OnError::Fail => records.push(Some(line.to_vec())),
                    OnError::Skip => {
                        summary.skipped += 1;
                        records.push(None);
                    }
                }
            }
        }
    }
    Processed {
        index: chunk.index,
        records,
        problems,
        summary,
        bytes_in,
    }
}
