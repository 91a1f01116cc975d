//! Reading a corpus for `chaff learn`: documents cut from the inputs and
//! grouped into chunks, in corpus order, each chunk numbered so that the
//! counting can put them back in that order.
//!
//! Reading does no parsing: JSON records are decoded by the workers, so
//! the one thread that reads does as little as it can.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::Context;

use super::MAX_DOCUMENT_BYTES;
use crate::io::{self, Source};

/// Documents per chunk, at most.
pub const CHUNK_DOCUMENTS: usize = 256;

/// Bytes per chunk, at most, unless one document alone is larger.
pub const CHUNK_BYTES: usize = 4 << 20;

/// One document as read, not yet decoded.
pub enum Raw {
    /// A JSONL record, without its line feed, at `line` of its input.
    Record { line: u64, bytes: Vec<u8> },
    /// A plain file, whole, with the site it stands for.
    File { site: String, bytes: Vec<u8> },
    /// A record longer than [`MAX_DOCUMENT_BYTES`], not held.
    TooLong { line: u64 },
}

/// Documents in corpus order, all from one input.
pub struct Chunk {
    /// Place in the corpus: chunks are counted in this order.
    pub index: usize,
    /// The input, by its position on the command line.
    pub source: usize,
    pub documents: Vec<Raw>,
    bytes: usize,
}

/// Cuts the inputs into chunks and hands each to `send`, in order; stops
/// early (without an error) when `send` returns false. A read error ends
/// the run: a corpus read in part would learn from a sample nobody chose.
pub fn read_all(
    sources: &[Source],
    jsonl: bool,
    read: &Arc<AtomicU64>,
    send: &mut dyn FnMut(Chunk) -> bool,
) -> anyhow::Result<()> {
    let mut chunker = Chunker { index: 0, send };
    for (number, source) in sources.iter().enumerate() {
        let reader = BufReader::new(io::open(source, Arc::clone(read))?);
        let mut chunk = chunker.fresh(number);
        let going = if jsonl {
            read_records(reader, source, &mut chunk, &mut chunker)?
        } else {
            read_file(reader, source, &mut chunk)?;
            true
        };
        if !going || !chunker.flush(&mut chunk) {
            return Ok(());
        }
    }
    Ok(())
}

struct Chunker<'a> {
    index: usize,
    send: &'a mut dyn FnMut(Chunk) -> bool,
}

impl Chunker<'_> {
    fn fresh(&mut self, source: usize) -> Chunk {
        Chunk {
            index: self.index,
            source,
            documents: Vec::new(),
            bytes: 0,
        }
    }

    /// Sends `chunk` if it holds anything and starts the next; whether the
    /// receiving side still wants chunks.
    fn flush(&mut self, chunk: &mut Chunk) -> bool {
        if chunk.documents.is_empty() {
            return true;
        }
        self.index += 1;
        let next = self.fresh(chunk.source);
        (self.send)(std::mem::replace(chunk, next))
    }

    /// Adds a document of `len` bytes, sending the chunk first if it would
    /// grow past its limits; whether the receiving side still wants chunks.
    fn push(&mut self, chunk: &mut Chunk, document: Raw, len: usize) -> bool {
        let full = chunk.documents.len() >= CHUNK_DOCUMENTS
            || (!chunk.documents.is_empty() && chunk.bytes + len > CHUNK_BYTES);
        if full && !self.flush(chunk) {
            return false;
        }
        chunk.bytes += len;
        chunk.documents.push(document);
        true
    }
}

/// A plain file is one document; its site is its parent directory (a crawl
/// stored one directory per site), or `stdin`. A file over the limit is
/// skipped with a warning.
fn read_file(mut reader: impl Read, source: &Source, chunk: &mut Chunk) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    Read::take(&mut reader, MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", source.name()))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        crate::term::say!(
            "chaff learn: {}: larger than {MAX_DOCUMENT_BYTES} bytes, skipped",
            source.name()
        );
        return Ok(());
    }
    let site = match source {
        Source::File(path) => site_of_path(path),
        Source::Stdin => "stdin".to_string(),
    };
    // Each input is its own chunk, so a file is one: the workers take
    // files one at a time, as they take chunks of records.
    chunk.bytes += bytes.len();
    chunk.documents.push(Raw::File { site, bytes });
    Ok(())
}

fn site_of_path(path: &Path) -> String {
    path.parent().and_then(|p| p.file_name()).map_or_else(
        || path.display().to_string(),
        |d| d.to_string_lossy().into_owned(),
    )
}

/// One record a line, never holding one beyond [`MAX_DOCUMENT_BYTES`];
/// whether the receiving side still wants chunks.
fn read_records(
    mut reader: impl BufRead,
    source: &Source,
    chunk: &mut Chunk,
    chunker: &mut Chunker<'_>,
) -> anyhow::Result<bool> {
    let mut number = 0u64;
    loop {
        let mut line = Vec::new();
        let n = Read::take(&mut reader, MAX_DOCUMENT_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", source.name()))?;
        if n == 0 {
            return Ok(true);
        }
        number += 1;
        let document = if line.len() > MAX_DOCUMENT_BYTES && line.last() != Some(&b'\n') {
            skip_rest_of_line(&mut reader, source)?;
            line = Vec::new();
            Raw::TooLong { line: number }
        } else {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            line.shrink_to_fit();
            Raw::Record {
                line: number,
                bytes: std::mem::take(&mut line),
            }
        };
        let len = match &document {
            Raw::Record { bytes, .. } => bytes.len(),
            _ => 0,
        };
        if !chunker.push(chunk, document, len) {
            return Ok(false);
        }
    }
}

/// Reads past the rest of an over-long record, 1 MiB at a time.
fn skip_rest_of_line(reader: &mut impl BufRead, source: &Source) -> anyhow::Result<()> {
    let mut rest = Vec::new();
    loop {
        rest.clear();
        let m = Read::take(&mut *reader, 1 << 20)
            .read_until(b'\n', &mut rest)
            .with_context(|| format!("cannot read {}", source.name()))?;
        if m == 0 || rest.last() == Some(&b'\n') {
            return Ok(());
        }
    }
}
