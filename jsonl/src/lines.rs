//! Many records at once: find each one's text, clean them all in batch
//! calls (one per URL when site rules apply), splice the results back.

use chaff::{CallOptions, Error, Outcome, Scrubber};

use crate::record::{self, FieldPath, RecordError};

/// Cleans `(record, text)` pairs: in one batch, or with `url_field` in one
/// batch per URL (site rules are picked per call), results in input
/// order. Records without a URL (or with one that is not a string) are
/// cleaned without site rules.
pub fn clean_documents(
    scrubber: &Scrubber,
    options: &CallOptions,
    url_field: Option<&FieldPath>,
    documents: &[(&str, &str)],
) -> Vec<Result<Outcome, Error>> {
    let texts: Vec<&str> = documents.iter().map(|(_, text)| *text).collect();
    let Some(url_field) = url_field else {
        return scrubber.clean_batch_with(&texts, options);
    };
    let urls: Vec<Option<String>> = documents
        .iter()
        .map(|(line, _)| record::locate(line, url_field).ok().map(|l| l.text))
        .collect();
    scrubber.clean_batch_by_url(&texts, &urls, options)
}

/// What became of one line of [`clean_lines`].
pub enum LineOutcome {
    /// A blank line (white space only), to pass through as it is.
    Blank,
    /// The record, cleaned, with its terminator, and how many lines of its
    /// text each category removed (for run summaries).
    Cleaned(Vec<u8>, RemovedLines),
    /// The record could not be cleaned; it is unchanged in the input.
    Failed(RecordError),
}

/// Lines removed from one text, by rule category.
pub type RemovedLines = Vec<(String, u64)>;

/// How many lines of `input` each category of `outcome` removed (a cut
/// inside a line counts as that line).
fn removed_lines(input: &str, outcome: &Outcome) -> RemovedLines {
    let mut counts: RemovedLines = Vec::new();
    for removal in &outcome.removals {
        let text = removal.text(input).unwrap_or_default();
        let lines = (text.matches('\n').count() + usize::from(!text.ends_with('\n'))) as u64;
        match counts.iter_mut().find(|(c, _)| *c == removal.category) {
            Some((_, n)) => *n += lines,
            None => counts.push((removal.category.clone(), lines)),
        }
    }
    counts
}

/// Cleans the field at `field` of each line (one JSON record, with or
/// without its terminator, which is kept), adding the removals at the top
/// level as `removals_field` when asked. One outcome per line, in order.
pub fn clean_lines(
    scrubber: &Scrubber,
    options: &CallOptions,
    field: &FieldPath,
    url_field: Option<&FieldPath>,
    removals_field: Option<&str>,
    lines: &[&[u8]],
) -> Vec<LineOutcome> {
    let mut located = Vec::with_capacity(lines.len());
    for line in lines {
        let (content, _) = split_terminator(line);
        if content.iter().all(u8::is_ascii_whitespace) {
            located.push(None);
            continue;
        }
        let found = std::str::from_utf8(content)
            .map_err(|e| RecordError::NotUtf8(e.valid_up_to()))
            .and_then(|text| record::locate(text, field).map(|l| (text, l)));
        located.push(Some(found));
    }
    let documents: Vec<(&str, &str)> = located
        .iter()
        .filter_map(|l| match l {
            Some(Ok((line, found))) => Some((*line, found.text.as_str())),
            _ => None,
        })
        .collect();
    let mut outcomes = clean_documents(scrubber, options, url_field, &documents).into_iter();
    lines
        .iter()
        .zip(located)
        .map(|(line, found)| {
            let (_, terminator) = split_terminator(line);
            match found {
                None => LineOutcome::Blank,
                Some(Err(e)) => LineOutcome::Failed(e),
                Some(Ok((text, found))) => match outcomes.next() {
                    Some(Ok(outcome)) => {
                        let mut out = Vec::with_capacity(line.len());
                        match record::rewrite(text, &found, &outcome, removals_field, &mut out) {
                            Ok(()) => {
                                out.extend_from_slice(terminator);
                                LineOutcome::Cleaned(out, removed_lines(&found.text, &outcome))
                            }
                            Err(e) => LineOutcome::Failed(e),
                        }
                    }
                    Some(Err(e)) => LineOutcome::Failed(RecordError::Clean(e.to_string())),
                    None => {
                        LineOutcome::Failed(RecordError::Clean("internal: missing outcome".into()))
                    }
                },
            }
        })
        .collect()
}

/// Splits a line into its content and its terminator (`\n`, `\r\n` or none).
pub fn split_terminator(line: &[u8]) -> (&[u8], &[u8]) {
    let content_len = if line.ends_with(b"\r\n") {
        line.len() - 2
    } else if line.ends_with(b"\n") {
        line.len() - 1
    } else {
        line.len()
    };
    line.split_at(content_len)
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
