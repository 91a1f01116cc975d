//! `chaff learn` on `jobs` threads, with the same result as on one.
//!
//! A reader thread cuts the corpus into chunks ([`read`](super::read)),
//! `jobs` workers decode and analyse each chunk's documents
//! ([`chaff_engine::Analyser`]: the page profile on every line, nearly all
//! of the work), and the calling thread counts the analyses into the one
//! [`Learner`] in corpus order, putting chunks that finish early aside
//! until their turn. Counting in one order is what makes the rule file the
//! same for any `--jobs`: the learner admits a line to its exact table
//! once the sketches place it on enough sites, so its counts depend on
//! which documents came first, and tables counted apart and merged would
//! differ from one run.
//!
//! Memory is bounded as in `chaff clean --jsonl`: the reader sends a chunk
//! only with a token, and the counter gives a token back for each chunk it
//! has counted, so at most [`window`]`(jobs)` chunks are read, queued,
//! being analysed or waiting for their turn at any time.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use chaff_engine::{Analyser, Analysis, Learner};

use super::read::{self, Chunk, Raw};
use crate::io::Source;
use crate::term::say;
use chaff_jsonl::{self as record, FieldPath};

/// Chunks in memory at once for `jobs` workers: one being analysed by
/// each, as many ready for them, and two for the reader and the counter.
pub fn window(jobs: usize) -> usize {
    2 * jobs.max(1) + 2
}

/// Where the text and the site are in a JSONL record.
pub struct Fields {
    pub field: FieldPath,
    pub url_field: Option<FieldPath>,
}

/// One document of a chunk, analysed, or why it was left out.
enum Counted {
    Document { site: String, analysis: Analysis },
    Skipped { line: u64, why: Skip },
}

enum Skip {
    TooLong,
    NotUtf8,
    Record(String),
}

struct Analysed {
    index: usize,
    source: usize,
    /// `None` if analysing the chunk failed (a panic).
    documents: Option<Vec<Counted>>,
}

/// Reads `sources`, analyses on `jobs` threads and counts into `learner`
/// in corpus order; `progress` is called with the documents counted so
/// far after each chunk.
pub fn learn(
    learner: &mut Learner,
    sources: &[Source],
    jsonl: bool,
    fields: Fields,
    jobs: usize,
    read: &Arc<AtomicU64>,
    progress: &dyn Fn(u64),
) -> anyhow::Result<()> {
    let jobs = jobs.max(1);
    let window = window(jobs);
    let (tokens_tx, tokens_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        let _ = tokens_tx.send(());
    }
    let (chunk_tx, chunk_rx) = sync_channel::<Chunk>(window);
    let (done_tx, done_rx) = sync_channel::<Analysed>(window);
    let names: Arc<Vec<String>> = Arc::new(sources.iter().map(Source::name).collect());
    let fields = Arc::new(fields);
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let workers: Vec<_> = (0..jobs)
        .map(|_| {
            let analyser = learner.analyser().clone();
            let (chunk_rx, done_tx) = (Arc::clone(&chunk_rx), done_tx.clone());
            let (names, fields) = (Arc::clone(&names), Arc::clone(&fields));
            std::thread::spawn(move || work(&analyser, &fields, &names, &chunk_rx, &done_tx))
        })
        .collect();
    drop(done_tx);
    let reader = {
        let (sources, read) = (sources.to_vec(), Arc::clone(read));
        std::thread::spawn(move || {
            read::read_all(&sources, jsonl, &read, &mut |chunk| {
                tokens_rx.recv().is_ok() && chunk_tx.send(chunk).is_ok()
            })
        })
    };
    let mut counter = Counter {
        learner,
        names: &names,
        source: 0,
        skipped: 0,
    };
    let mut waiting: BTreeMap<usize, Analysed> = BTreeMap::new();
    let mut next = 0;
    for analysed in done_rx {
        waiting.insert(analysed.index, analysed);
        while let Some(analysed) = waiting.remove(&next) {
            let Some(documents) = analysed.documents else {
                anyhow::bail!("a learning thread failed");
            };
            counter.count(analysed.source, documents);
            next += 1;
            let _ = tokens_tx.send(());
            progress(counter.learner.documents());
        }
    }
    counter.end_of_source();
    for worker in workers {
        if worker.join().is_err() {
            anyhow::bail!("a learning thread failed");
        }
    }
    match reader.join() {
        Ok(result) => result,
        Err(_) => anyhow::bail!("the reading thread failed"),
    }
}

fn work(
    analyser: &Analyser,
    fields: &Fields,
    names: &[String],
    rx: &Mutex<Receiver<Chunk>>,
    tx: &SyncSender<Analysed>,
) {
    loop {
        let chunk = match rx.lock() {
            Ok(rx) => match rx.recv() {
                Ok(chunk) => chunk,
                Err(_) => return,
            },
            Err(_) => return,
        };
        let name = names.get(chunk.source).map_or("<input>", String::as_str);
        let (index, source) = (chunk.index, chunk.source);
        // A panic here is a bug; it must still end the run, not leave the
        // counter waiting for this chunk forever.
        let documents = std::panic::catch_unwind(AssertUnwindSafe(|| {
            chunk
                .documents
                .into_iter()
                .filter_map(|raw| analyse(analyser, fields, name, raw))
                .collect()
        }))
        .ok();
        let analysed = Analysed {
            index,
            source,
            documents,
        };
        if tx.send(analysed).is_err() {
            return;
        }
    }
}

/// Decodes one document and analyses it; `None` for a blank record.
fn analyse(analyser: &Analyser, fields: &Fields, source: &str, raw: Raw) -> Option<Counted> {
    match raw {
        Raw::File { site, bytes } => Some(Counted::Document {
            site,
            analysis: analyser.analyse(&String::from_utf8_lossy(&bytes)),
        }),
        Raw::TooLong { line } => Some(Counted::Skipped {
            line,
            why: Skip::TooLong,
        }),
        Raw::Record { line, bytes } => {
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Some(Counted::Skipped {
                    line,
                    why: Skip::NotUtf8,
                });
            };
            if text.trim().is_empty() {
                return None;
            }
            let document = match record::locate(text, &fields.field) {
                Ok(located) => located.text,
                Err(e) => {
                    return Some(Counted::Skipped {
                        line,
                        why: Skip::Record(e.to_string()),
                    });
                }
            };
            let site = fields
                .url_field
                .as_ref()
                .and_then(|path| record::locate(text, path).ok())
                .and_then(|url| chaff_engine::site_of(&url.text))
                // A record without a URL counts for its file, which is no host.
                .unwrap_or_else(|| format!("file:{source}"));
            Some(Counted::Document {
                site,
                analysis: analyser.analyse(&document),
            })
        }
    }
}

/// Counts analysed chunks in order and says, in that order, what was
/// skipped: each over-long record, the first ten records of an input that
/// could not be read as JSON with the field, and a total per input.
struct Counter<'a> {
    learner: &'a mut Learner,
    names: &'a [String],
    source: usize,
    skipped: u64,
}

impl Counter<'_> {
    fn count(&mut self, source: usize, documents: Vec<Counted>) {
        if source != self.source {
            self.end_of_source();
            self.source = source;
        }
        let name = self.names.get(source).map_or("<input>", String::as_str);
        for document in documents {
            match document {
                Counted::Document { site, analysis } => self.learner.count(&site, &analysis),
                Counted::Skipped { line, why } => {
                    match why {
                        Skip::TooLong => say!(
                            "chaff learn: {name}:{line}: record over {} bytes, skipped",
                            super::MAX_DOCUMENT_BYTES
                        ),
                        Skip::Record(e) if self.skipped < 10 => {
                            say!("chaff learn: {name}:{line}: {e}");
                        }
                        Skip::Record(_) | Skip::NotUtf8 => {}
                    }
                    self.skipped += 1;
                }
            }
        }
    }

    /// Says how many records of the current input were skipped.
    fn end_of_source(&mut self) {
        if self.skipped > 0 {
            let name = self
                .names
                .get(self.source)
                .map_or("<input>", String::as_str);
            say!("chaff learn: {name}: {} records skipped", self.skipped);
        }
        self.skipped = 0;
    }
}
