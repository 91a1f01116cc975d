//! The JSONL pipeline: stream records in, clean the text field on `jobs`
//! threads, stream records out in input order, with bounded memory.
//!
//! A reader thread cuts the input into chunks (a few hundred records or a
//! few megabytes), workers clean each chunk with one batch call into the
//! sandbox, and the writer (the calling thread) puts chunks back in order.
//! Channels are bounded, so at most about `2 × jobs` chunks are in memory
//! whatever the size of the shard.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use chaff::Scrubber;

use super::record::{self, FieldPath, RecordError};
use super::summary::Summary;

/// What to do with a record that cannot be cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// Write the record out unchanged (and report it).
    Pass,
    /// Leave the record out of the output (and report it).
    Skip,
    /// Stop at the first such record (everything before it is written).
    Fail,
}

pub struct Settings {
    pub field: FieldPath,
    pub removals_field: Option<String>,
    pub on_error: OnError,
    pub jobs: usize,
}

const CHUNK_RECORDS: usize = 256;
const CHUNK_BYTES: usize = 4 << 20;

struct Chunk {
    index: usize,
    first_line: usize,
    lines: Vec<Vec<u8>>,
}

enum ReaderMessage {
    Chunk(Chunk),
    /// Reading failed after `line` complete lines (e.g. truncated gzip).
    Failed {
        index: usize,
        line: usize,
        error: String,
    },
}

struct Processed {
    index: usize,
    /// Output bytes of each record, in order; `None` for a skipped record.
    records: Vec<Option<Vec<u8>>>,
    /// `(record position in chunk, 1-based line, message)`.
    problems: Vec<(usize, usize, String)>,
    summary: Summary,
    bytes_in: u64,
}

/// How the run ended, for the exit status.
pub struct Ended {
    pub summary: Summary,
    /// The input could not be read to its end.
    pub read_error: Option<String>,
    /// `--on-error fail` stopped the run at this line.
    pub stopped_at: Option<usize>,
}

pub fn run(
    scrubber: &Scrubber,
    input: Box<dyn BufRead + Send>,
    source: &str,
    output: &mut dyn Write,
    settings: &Settings,
    progress: &dyn Fn(u64, u64),
) -> anyhow::Result<Ended> {
    let jobs = settings.jobs.max(1);
    let (chunk_tx, chunk_rx) = sync_channel::<ReaderMessage>(jobs * 2);
    let (done_tx, done_rx) = sync_channel::<Result<Processed, (usize, usize, String)>>(jobs * 2);
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));

    std::thread::scope(|scope| {
        scope.spawn(move || read_chunks(input, chunk_tx));
        for _ in 0..jobs {
            let chunk_rx = Arc::clone(&chunk_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || work(scrubber, settings, &chunk_rx, &done_tx));
        }
        drop(done_tx);
        let ended = write_in_order(done_rx, source, output, settings, progress);
        // Stop the reader and workers early if the writer gave up.
        drop(chunk_rx);
        ended
    })
}

fn read_chunks(mut input: Box<dyn BufRead + Send>, tx: SyncSender<ReaderMessage>) {
    let mut index = 0;
    let mut line_number = 0;
    loop {
        let first_line = line_number + 1;
        let mut lines = Vec::new();
        let mut bytes = 0;
        while lines.len() < CHUNK_RECORDS && bytes < CHUNK_BYTES {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(n) => {
                    bytes += n;
                    line_number += 1;
                    lines.push(line);
                }
                Err(error) => {
                    if !lines.is_empty() {
                        let chunk = Chunk {
                            index,
                            first_line,
                            lines,
                        };
                        if tx.send(ReaderMessage::Chunk(chunk)).is_err() {
                            return;
                        }
                        index += 1;
                    }
                    let _ = tx.send(ReaderMessage::Failed {
                        index,
                        line: line_number,
                        error: error.to_string(),
                    });
                    return;
                }
            }
        }
        if lines.is_empty() {
            return;
        }
        if tx
            .send(ReaderMessage::Chunk(Chunk {
                index,
                first_line,
                lines,
            }))
            .is_err()
        {
            return;
        }
        index += 1;
    }
}

fn work(
    scrubber: &Scrubber,
    settings: &Settings,
    rx: &Mutex<Receiver<ReaderMessage>>,
    tx: &SyncSender<Result<Processed, (usize, usize, String)>>,
) {
    loop {
        let message = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let sent = match message {
            Ok(ReaderMessage::Chunk(chunk)) => tx.send(Ok(process(scrubber, settings, chunk))),
            Ok(ReaderMessage::Failed { index, line, error }) => tx.send(Err((index, line, error))),
            Err(_) => return,
        };
        if sent.is_err() {
            return;
        }
    }
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

fn process(scrubber: &Scrubber, settings: &Settings, chunk: Chunk) -> Processed {
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
    let texts: Vec<&str> = located
        .iter()
        .filter_map(|l| match l {
            Some(Ok((_, found))) => Some(found.text.as_str()),
            _ => None,
        })
        .collect();
    let mut outcomes = scrubber.clean_batch(&texts).into_iter();

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

fn write_in_order(
    rx: Receiver<Result<Processed, (usize, usize, String)>>,
    source: &str,
    output: &mut dyn Write,
    settings: &Settings,
    progress: &dyn Fn(u64, u64),
) -> anyhow::Result<Ended> {
    let mut pending: BTreeMap<usize, Result<Processed, (usize, String)>> = BTreeMap::new();
    let mut next = 0;
    let mut summary = Summary::default();
    let mut bytes_in = 0u64;
    let mut bytes_out = 0u64;
    for message in rx {
        match message {
            Ok(p) => pending.insert(p.index, Ok(p)),
            Err((index, line, error)) => pending.insert(index, Err((line, error))),
        };
        while let Some(ready) = pending.remove(&next) {
            next += 1;
            let processed = match ready {
                Ok(p) => p,
                Err((line, error)) => {
                    output.flush()?;
                    return Ok(Ended {
                        summary,
                        read_error: Some(format!(
                            "{source}: cannot read past line {line}: {error}"
                        )),
                        stopped_at: None,
                    });
                }
            };
            let mut problems = processed.problems.iter().peekable();
            for (position, record) in processed.records.iter().enumerate() {
                while let Some((_, line, message)) = problems.next_if(|p| p.0 == position) {
                    eprintln!("chaff: {source}:{line}: {message}");
                    if settings.on_error == OnError::Fail {
                        output.flush()?;
                        summary.merge(&processed.summary);
                        summary.bytes_in = bytes_in + processed.bytes_in;
                        summary.bytes_out = bytes_out;
                        return Ok(Ended {
                            summary,
                            read_error: None,
                            stopped_at: Some(*line),
                        });
                    }
                }
                if let Some(bytes) = record {
                    output.write_all(bytes)?;
                    bytes_out += bytes.len() as u64;
                }
            }
            bytes_in += processed.bytes_in;
            summary.merge(&processed.summary);
            summary.bytes_in = bytes_in;
            summary.bytes_out = bytes_out;
            progress(summary.documents, bytes_in);
        }
    }
    output.flush()?;
    Ok(Ended {
        summary,
        read_error: None,
        stopped_at: None,
    })
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
