//! Cleaning one chunk of records: find each record's text, clean them all
//! with one batch call into the sandbox, splice the results back in.

use chaff::{CallOptions, Error, Outcome, Scrubber};

use super::reader::Chunk;
use super::{OnError, Settings};
use crate::record::{self, RecordError};
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

/// Splits a line into its content and its terminator (`\n`, `\r\n` or none).
fn split_terminator(line: &[u8]) -> (&[u8], &[u8]) {
    let content_len = if line.ends_with(b"\r\n") {
        line.len() - 2
    } else if line.ends_with(b"\n") {
        line.len() - 1
    } else {
        line.len()
    };
    line.split_at(content_len)
}

/// Cleans `(record, text)` pairs: in one batch, or with `--url-field` in
/// one batch per URL (site rules apply per call), results in input order.
fn clean_documents(
    scrubber: &Scrubber,
    settings: &Settings,
    documents: &[(&str, &str)],
) -> Vec<Result<Outcome, Error>> {
    let Some(url_field) = &settings.url_field else {
        let texts: Vec<&str> = documents.iter().map(|(_, text)| *text).collect();
        return scrubber.clean_batch_with(&texts, &settings.options);
    };
    // Records without a URL (or with one that is not a string) are cleaned
    // without site rules.
    let urls: Vec<Option<String>> = documents
        .iter()
        .map(|(line, _)| record::locate(line, url_field).ok().map(|l| l.text))
        .collect();
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        match groups.iter_mut().find(|(u, _)| u == url) {
            Some((_, members)) => members.push(i),
            None => groups.push((url.clone(), vec![i])),
        }
    }
    let mut results: Vec<Option<Result<Outcome, Error>>> =
        (0..documents.len()).map(|_| None).collect();
    for (url, members) in groups {
        let options = CallOptions {
            url,
            ..settings.options.clone()
        };
        let texts: Vec<&str> = members.iter().map(|&i| documents[i].1).collect();
        for (i, result) in members
            .into_iter()
            .zip(scrubber.clean_batch_with(&texts, &options))
        {
            results[i] = Some(result);
        }
    }
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(Error::InvalidOutcome {
                    document: 0,
                    problem: "internal: no result for a record".into(),
                })
            })
        })
        .collect()
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
    let mut outcomes = clean_documents(scrubber, settings, &documents).into_iter();

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

#[cfg(test)]
mod tests {
    use super::split_terminator;

    #[test]
    fn terminators_are_kept_apart() {
        assert_eq!(split_terminator(b"{}\r\n"), (&b"{}"[..], &b"\r\n"[..]));
        assert_eq!(split_terminator(b"{}\n"), (&b"{}"[..], &b"\n"[..]));
        assert_eq!(split_terminator(b"{}"), (&b"{}"[..], &b""[..]));
    }
}
