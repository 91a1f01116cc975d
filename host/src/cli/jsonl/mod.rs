//! The JSONL pipeline: stream records in, clean the text field on `jobs`
//! threads, stream records out in input order, with bounded memory.
//!
//! The reader ([`reader`]) cuts the input into chunks (a few hundred
//! records or a few megabytes), workers clean each chunk with one batch
//! call into the sandbox ([`process`]), and the writer ([`writer`], the
//! calling thread) puts chunks back in order. The reader sends a chunk
//! only with a token, and the writer hands a token back for each chunk it
//! has written, so at most [`window`]`(jobs)` chunks are in memory at any
//! time (read, queued, being cleaned, or waiting for an earlier one),
//! however long one chunk takes and however large the shard.

mod process;
mod reader;
mod writer;

use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use chaff::Scrubber;

use super::io::{Output, WriteError};
use super::record::FieldPath;
use super::summary::Summary;
use reader::Message;
use writer::{Context, Done};

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
    /// Longest record read into memory; longer ones are streamed through
    /// or dropped, per `on_error`.
    pub max_record_bytes: usize,
}

/// Chunks in memory at once for `jobs` workers: one being cleaned by each,
/// as many ready for them, and two for the reader and the writer.
pub fn window(jobs: usize) -> usize {
    2 * jobs.max(1) + 2
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
    input: Box<dyn Read + Send>,
    source: &str,
    output: &mut Output,
    settings: &Arc<Settings>,
    progress: &dyn Fn(u64, u64),
) -> Result<Ended, WriteError> {
    let jobs = settings.jobs.max(1);
    let window = window(jobs);
    let (tokens_tx, tokens_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        let _ = tokens_tx.send(());
    }
    let (chunk_tx, chunk_rx) = sync_channel::<Message>(window);
    let (done_tx, done_rx) = sync_channel::<Done>(window);
    reader::spawn(
        input,
        settings.max_record_bytes,
        settings.on_error,
        chunk_tx,
        tokens_rx,
    );
    // Workers are detached too: when the writer stops early (`--on-error
    // fail`, a write error) the run ends without waiting for them.
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    for _ in 0..jobs {
        let (scrubber, settings) = (scrubber.clone(), Arc::clone(settings));
        let (chunk_rx, done_tx) = (Arc::clone(&chunk_rx), done_tx.clone());
        std::thread::spawn(move || work(&scrubber, &settings, &chunk_rx, &done_tx));
    }
    drop(done_tx);
    let context = Context {
        source,
        on_error: settings.on_error,
        max_record_bytes: settings.max_record_bytes,
        progress,
    };
    writer::write_in_order(done_rx, tokens_tx, output, &context)
}

fn work(
    scrubber: &Scrubber,
    settings: &Settings,
    rx: &Mutex<Receiver<Message>>,
    tx: &SyncSender<Done>,
) {
    loop {
        let message = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let done = match message {
            Ok(Message::Chunk(chunk)) => {
                Done::Processed(process::process(scrubber, settings, chunk))
            }
            Ok(Message::Oversized {
                index,
                line,
                stream,
            }) => Done::Oversized {
                index,
                line,
                stream,
            },
            Ok(Message::Failed { index, line, error }) => Done::Failed { index, line, error },
            Err(_) => return,
        };
        if tx.send(done).is_err() {
            return;
        }
    }
}
