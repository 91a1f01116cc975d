//! Opening inputs and outputs, with gzip and zstd by file extension.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;

/// Where a document or shard comes from, as shown in messages and reports.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn from_arg(arg: &Path) -> Source {
        if arg == Path::new("-") {
            Source::Stdin
        } else {
            Source::File(arg.to_path_buf())
        }
    }

    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// The size on disk, when known (for progress and ETA).
    pub fn len(&self) -> Option<u64> {
        match self {
            Source::Stdin => None,
            Source::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

fn compression_of(path: &Path) -> Compression {
    match path.extension().and_then(|e| e.to_str()) {
        Some("gz") => Compression::Gzip,
        Some("zst" | "zstd") => Compression::Zstd,
        _ => Compression::None,
    }
}

/// Counts the (compressed) bytes read, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `source` for streaming, decompressing by extension. `read` counts
/// the bytes taken from the file (compressed bytes for compressed files).
pub fn open(source: &Source, read: Arc<AtomicU64>) -> anyhow::Result<Box<dyn BufRead + Send>> {
    let (raw, compression): (Box<dyn Read + Send>, Compression) = match source {
        Source::Stdin => (Box::new(io::stdin()), Compression::None),
        Source::File(path) => (
            Box::new(File::open(path).with_context(|| format!("cannot open {}", path.display()))?),
            compression_of(path),
        ),
    };
    let counted = BufReader::with_capacity(
        1 << 20,
        Counting {
            inner: raw,
            count: read,
        },
    );
    Ok(match compression {
        Compression::None => Box::new(counted),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(counted),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 20,
            zstd::Decoder::with_buffer(counted).context("cannot start zstd decoding")?,
        )),
    })
}

/// An output that must be finished (compressed trailer written) before it
/// is complete.
pub enum Output {
    Plain(Box<dyn Write>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::Encoder<'static, BufWriter<File>>),
}

impl Output {
    /// stdout, or a file compressed by its extension.
    pub fn create(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(path) = path else {
            return Ok(Output::Plain(Box::new(BufWriter::with_capacity(
                1 << 20,
                io::stdout(),
            ))));
        };
        let file = BufWriter::with_capacity(
            1 << 20,
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        );
        Ok(match compression_of(path) {
            Compression::None => Output::Plain(Box::new(file)),
            Compression::Gzip => Output::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Compression::Zstd => {
                Output::Zstd(zstd::Encoder::new(file, 3).context("cannot start zstd encoding")?)
            }
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Plain(w) => w,
            Output::Gzip(w) => w,
            Output::Zstd(w) => w,
        }
    }

    /// Flushes, and writes the compressed stream's trailer.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Plain(mut w) => w.flush(),
            Output::Gzip(w) => w.finish()?.flush(),
            Output::Zstd(w) => w.finish()?.flush(),
        }
    }
}
