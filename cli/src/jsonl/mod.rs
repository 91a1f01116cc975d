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
use super::summary::Summary;
use chaff_jsonl::FieldPath;
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
    /// Options for every record (skipped rules and categories).
    pub options: chaff::CallOptions,
    /// Where each record's URL is, for rules scoped to sites.
    pub url_field: Option<FieldPath>,
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

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
    use std::time::Duration;

    use super::process::Processed;
    use super::*;

    #[test]
    fn the_reader_reads_no_further_than_the_tokens_it_was_given() {
        let input: Vec<u8> = "{\"text\":\"x\"}\n".repeat(256 * 50).into_bytes();
        let (tokens_tx, tokens_rx) = sync_channel::<()>(3);
        for _ in 0..3 {
            tokens_tx.send(()).expect("token");
        }
        let (tx, rx) = sync_channel::<Message>(50);
        reader::spawn(
            Box::new(std::io::Cursor::new(input)),
            1 << 20,
            OnError::Pass,
            tx,
            tokens_rx,
        );
        for _ in 0..3 {
            rx.recv_timeout(Duration::from_secs(10)).expect("a chunk");
        }
        assert!(
            matches!(
                rx.recv_timeout(Duration::from_millis(300)),
                Err(RecvTimeoutError::Timeout)
            ),
            "a fourth chunk was read without a token"
        );
        tokens_tx.send(()).expect("token");
        rx.recv_timeout(Duration::from_secs(10))
            .expect("one more chunk for one more token");
    }

    /// Its bytes, then a read error (a truncated compressed file).
    struct BreaksOff(std::io::Cursor<Vec<u8>>);

    impl Read for BreaksOff {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("unexpected end of the stream")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn a_read_error_inside_a_dropped_long_record_is_still_reported() {
        let mut input = b"{\"text\":\"ok\"}\n{\"text\":\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 5000));
        let (tokens_tx, tokens_rx) = sync_channel::<()>(8);
        for _ in 0..8 {
            tokens_tx.send(()).expect("token");
        }
        let (tx, rx) = sync_channel::<Message>(8);
        let input = BreaksOff(std::io::Cursor::new(input));
        reader::spawn(Box::new(input), 100, OnError::Skip, tx, tokens_rx);
        let kinds: Vec<String> = rx
            .iter()
            .map(|m| match m {
                Message::Chunk(c) => format!("chunk {}", c.lines.len()),
                Message::Oversized { line, .. } => format!("oversized {line}"),
                Message::Failed { line, error, .. } => format!("failed after {line}: {error}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "chunk 1",
                "oversized 2",
                "failed after 1: unexpected end of the stream"
            ]
        );
    }

    fn processed(index: usize) -> Done {
        Done::Processed(Processed {
            index,
            records: vec![Some(format!("{index}\n").into_bytes())],
            problems: Vec::new(),
            summary: Summary::default(),
            bytes_in: 2,
        })
    }

    #[test]
    fn the_writer_gives_tokens_back_only_for_what_it_has_written() {
        let path = std::env::temp_dir().join(format!("chaff-writer-{}.txt", std::process::id()));
        let mut output = Output::create(Some(&path)).expect("output");
        let (done_tx, done_rx) = sync_channel::<Done>(8);
        let (tokens_tx, tokens_rx) = sync_channel::<()>(8);
        // The writer runs here; a worker stand-in feeds it from a thread.
        let worker = std::thread::spawn(move || {
            // Chunk 0 is slow: 1 and 2 wait, and their tokens with them.
            done_tx.send(processed(2)).expect("send");
            done_tx.send(processed(1)).expect("send");
            std::thread::sleep(Duration::from_millis(200));
            let early = matches!(tokens_rx.try_recv(), Err(TryRecvError::Empty));
            done_tx.send(processed(0)).expect("send");
            let tokens = (0..3)
                .filter(|_| tokens_rx.recv_timeout(Duration::from_secs(10)).is_ok())
                .count();
            (early, tokens)
        });
        let context = writer::Context {
            source: "test",
            on_error: OnError::Pass,
            max_record_bytes: 1 << 20,
            progress: &|_, _| {},
        };
        let ended =
            writer::write_in_order(done_rx, tokens_tx, &mut output, &context).expect("written");
        let (no_early_token, tokens) = worker.join().expect("worker");
        assert!(
            no_early_token,
            "a token came back before its chunk was written"
        );
        assert_eq!(tokens, 3, "a token per chunk written");
        assert_eq!(ended.summary.bytes_out, 6);
        output.finish().expect("finish");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "0\n1\n2\n",
            "in order"
        );
        let _ = std::fs::remove_file(&path);
    }
}
