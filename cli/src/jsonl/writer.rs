//! Writing records in input order, whatever order the workers finish in.
//!
//! The writer holds finished chunks until the ones before them are done.
//! It gives a token back to the reader for each chunk it has written, and
//! the reader sends nothing without one, so the chunks held here, queued
//! and being cleaned number at most the tokens in circulation: one slow
//! chunk holds the others back instead of letting them pile up.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender};

use super::process::Processed;
use super::reader::Piece;
use super::{Ended, OnError};
use crate::io::{Output, WriteError};
use crate::summary::Summary;
use crate::term::say;

/// What a worker hands on, with its place in the output order.
pub enum Done {
    Processed(Processed),
    Oversized {
        index: usize,
        line: usize,
        stream: Option<Receiver<Piece>>,
    },
    Failed {
        index: usize,
        line: usize,
        error: String,
    },
}

impl Done {
    fn index(&self) -> usize {
        match self {
            Done::Processed(p) => p.index,
            Done::Oversized { index, .. } | Done::Failed { index, .. } => *index,
        }
    }
}

/// What the writer needs to know about the run.
pub struct Context<'a> {
    pub source: &'a str,
    pub on_error: OnError,
    pub max_record_bytes: usize,
    pub progress: &'a dyn Fn(u64, u64),
}

/// The state of one input's output.
struct Writer<'a, 'o> {
    context: &'a Context<'a>,
    output: &'o mut Output,
    summary: Summary,
}

/// Whether to go on after a message.
enum Step {
    Continue,
    Stop(Ended),
}

pub fn write_in_order(
    done: Receiver<Done>,
    tokens: SyncSender<()>,
    output: &mut Output,
    context: &Context<'_>,
) -> Result<Ended, WriteError> {
    let mut writer = Writer {
        context,
        output,
        summary: Summary::default(),
    };
    let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
    let mut next = 0;
    for message in done {
        pending.insert(message.index(), message);
        while let Some(ready) = pending.remove(&next) {
            next += 1;
            if let Step::Stop(ended) = writer.write(ready)? {
                writer.output.flush()?;
                return Ok(ended);
            }
            // The reader may send one more message.
            let _ = tokens.send(());
        }
    }
    writer.output.flush()?;
    Ok(writer.ended(None, None))
}

impl Writer<'_, '_> {
    fn ended(&self, read_error: Option<String>, stopped_at: Option<usize>) -> Ended {
        Ended {
            summary: self.summary.clone(),
            read_error,
            stopped_at,
        }
    }

    fn read_error(&self, line: usize, error: &str) -> Step {
        let message = format!(
            "{}: cannot read past line {line}: {error}",
            self.context.source
        );
        Step::Stop(self.ended(Some(message), None))
    }

    fn write(&mut self, done: Done) -> Result<Step, WriteError> {
        match done {
            Done::Processed(processed) => self.records(processed),
            Done::Oversized {
                line,
                stream,
                index: _,
            } => self.oversized(line, stream),
            Done::Failed { line, error, .. } => Ok(self.read_error(line, &error)),
        }
    }

    fn records(&mut self, processed: Processed) -> Result<Step, WriteError> {
        let source = self.context.source;
        let mut problems = processed.problems.iter().peekable();
        for (position, record) in processed.records.iter().enumerate() {
            while let Some((_, line, message)) = problems.next_if(|p| p.0 == position) {
                say!("chaff: {source}:{line}: {message}");
                if self.context.on_error == OnError::Fail {
                    self.summary.merge(&processed.summary);
                    return Ok(Step::Stop(self.ended(None, Some(*line))));
                }
            }
            if let Some(bytes) = record {
                self.output.write_all(bytes)?;
                self.summary.bytes_out += bytes.len() as u64;
            }
        }
        self.summary.bytes_in += processed.bytes_in;
        self.summary.merge(&processed.summary);
        (self.context.progress)(self.summary.documents, self.summary.bytes_in);
        Ok(Step::Continue)
    }

    /// A record over the limit: reported, then streamed through as it is
    /// read, dropped, or the end of the run, per `--on-error`.
    fn oversized(
        &mut self,
        line: usize,
        stream: Option<Receiver<Piece>>,
    ) -> Result<Step, WriteError> {
        let (source, limit) = (self.context.source, self.context.max_record_bytes);
        let fate = match self.context.on_error {
            OnError::Pass => "; passed through unchanged",
            OnError::Skip => "; skipped",
            OnError::Fail => "",
        };
        say!(
            "chaff: {source}:{line}: the record is longer than the input limit of {limit} bytes \
             (--max-input-bytes){fate}"
        );
        self.summary.documents += 1;
        self.summary.errors += 1;
        match self.context.on_error {
            OnError::Fail => return Ok(Step::Stop(self.ended(None, Some(line)))),
            OnError::Skip => self.summary.skipped += 1,
            OnError::Pass => {
                for piece in stream.into_iter().flatten() {
                    match piece {
                        Ok(bytes) => {
                            self.output.write_all(&bytes)?;
                            self.summary.bytes_in += bytes.len() as u64;
                            self.summary.bytes_out += bytes.len() as u64;
                        }
                        Err(error) => return Ok(self.read_error(line - 1, &error)),
                    }
                }
            }
        }
        (self.context.progress)(self.summary.documents, self.summary.bytes_in);
        Ok(Step::Continue)
    }
}
