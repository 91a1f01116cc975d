//! Cleaning one chunk of records: find each record's text, clean them all
//! with one batch call into the sandbox, splice the results back in.

use chaff::Scrubber;
use chaff_jsonl::{self as record, RecordError, split_terminator};

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
    // First find every record's text, then clean them in one batch call.
    let mut located = Vec::with_capacity(chunk.lines.len());
    for line in &chunk.lines {
        let (content, _) = split_terminator(line);
        if content.iter().all(u8::is_ascii_whitespace) {
            located.push(None); // blank line between records: passed through
            continue;
        }
        let found = std::str::from_utf8(content)
            .map_err(|e| RecordError::NotUtf8(e.valid_up_to()))
            .and_then(|text| record::locate(text, &settings.field).map(|l| (text, l)));
        located.push(Some(found));
    }
    let documents: Vec<(&str, &str)> = located
        .iter()
        .filter_map(|l| match l {
            Some(Ok((line, found))) => Some((*line, found.text.as_str())),
            _ => None,
        })
        .collect();
    let mut outcomes = record::clean_documents(
        scrubber,
        &settings.options,
        settings.url_field.as_ref(),
        &documents,
    )
    .into_iter();

    summary.documents = located.iter().filter(|l| l.is_some()).count() as u64;
    let mut records = Vec::with_capacity(chunk.lines.len());
    let mut problems = Vec::new();
    for (position, (line, found)) in chunk.lines.iter().zip(located).enumerate() {
        let line_number = chunk.first_line + position;
        let (content, terminator) = split_terminator(line);
        let result: Result<Vec<u8>, RecordError> = match found {
            None => {
                records.push(Some(line.clone()));
                continue;
            }
            Some(Err(e)) => Err(e),
            Some(Ok((text, found))) => match outcomes.next() {
                Some(Ok(outcome)) => {
                    let mut out = Vec::with_capacity(line.len());
                    record::rewrite(
                        text,
                        &found,
                        &outcome,
                        settings.removals_field.as_deref(),
                        &mut out,
                    )
                    .map(|()| {
                        summary.add_outcome(&found.text, &outcome);
                        out.extend_from_slice(terminator);
                        out
                    })
                }
                Some(Err(e)) => Err(RecordError::Clean(e.to_string())),
                None => Err(RecordError::Clean("internal: missing outcome".into())),
            },
        };
        match result {
            Ok(out) => records.push(Some(out)),
            Err(e) => {
                summary.errors += 1;
                problems.push((position, line_number, e.to_string()));
                match settings.on_error {
                    OnError::Pass | OnError::Fail => {
                        let mut out = content.to_vec();
                        out.extend_from_slice(terminator);
                        records.push(Some(out));
                    }
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
