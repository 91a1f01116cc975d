//! Opening inputs and outputs, with gzip and zstd by file extension.
//!
//! Outputs are written so that nothing is ever half-overwritten: a regular
//! file named with `-o` is written to a temporary file beside it and renamed
//! into place when the run finishes, and every write error names its target
//! (see [`WriteError`]).

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
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
            Source::File(path) => fs::metadata(path).ok().map(|m| m.len()),
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
/// Limits apply to what comes out of it, so a decompression bomb is
/// stopped by them like any other long input.
pub fn open(source: &Source, read: Arc<AtomicU64>) -> anyhow::Result<Box<dyn Read + Send>> {
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
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(counted)),
        Compression::Zstd => {
            Box::new(zstd::Decoder::with_buffer(counted).context("cannot start zstd decoding")?)
        }
    })
}

/// Writing to an output failed. Once output has started, this ends the run
/// with exit status 1; a closed pipe (`| head`) ends it quietly with 0.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to {target}: {source}")]
pub struct WriteError {
    /// The file, `<stdout>` or `<stderr>`.
    pub target: String,
    pub source: io::Error,
}

impl WriteError {
    /// The reader went away (`chaff … | head`): not a failure of chaff.
    pub fn is_broken_pipe(&self) -> bool {
        self.source.kind() == io::ErrorKind::BrokenPipe
    }
}

enum Sink {
    Plain(Box<dyn Write>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::Encoder<'static, BufWriter<File>>),
}

/// A temporary file that becomes `target` on [`Output::finish`], and is
/// removed if the run ends any other way.
struct Pending {
    temporary: PathBuf,
    target: PathBuf,
}

impl Pending {
    /// Renames the temporary file over the target.
    fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.temporary, &self.target)?;
        self.temporary.clear();
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// An output that must be finished (compressed trailer written, temporary
/// file renamed into place) before it is complete.
pub struct Output {
    sink: Sink,
    name: String,
    pending: Option<Pending>,
    last_byte: Option<u8>,
}

impl Output {
    /// stdout, or a file compressed by its extension.
    ///
    /// A regular file (or one that does not exist yet) is written through a
    /// temporary file in the same directory, renamed over it by
    /// [`Output::finish`]: an interrupted run leaves the old file as it was
    /// (and at most a hidden `.NAME.chaff-PID.tmp`), never a half-written
    /// one. Anything else (`/dev/null`, a FIFO, a terminal) is written
    /// directly.
    pub fn create(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(path) = path else {
            return Ok(Output {
                sink: Sink::Plain(Box::new(BufWriter::with_capacity(1 << 20, io::stdout()))),
                name: "<stdout>".into(),
                pending: None,
                last_byte: None,
            });
        };
        let name = path.display().to_string();
        if super::guard::is_stdout(path) && compression_of(path) == Compression::None {
            let mut stdout = Output::create(None)?;
            stdout.name = name;
            return Ok(stdout);
        }
        let existing = fs::metadata(path).ok();
        let (file, pending) = match existing {
            // A device, a pipe, or a standard stream by name (`/dev/stdout`
            // redirected to a file, which the shell holds open): written in
            // place, after whatever is already there.
            Some(metadata) if !metadata.is_file() || is_stream_name(path) => (
                fs::OpenOptions::new()
                    .append(metadata.is_file())
                    .write(true)
                    .open(path)
                    .with_context(|| format!("cannot open {name} for writing"))?,
                None,
            ),
            _ => {
                // Through a symbolic link, replace the file it points to.
                let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                let temporary = temporary_beside(&target);
                let file = create_like(&temporary, existing.as_ref()).with_context(|| {
                    format!("cannot create {name} (through {})", temporary.display())
                })?;
                (file, Some(Pending { temporary, target }))
            }
        };
        let file = BufWriter::with_capacity(1 << 20, file);
        let sink = match compression_of(path) {
            Compression::None => Sink::Plain(Box::new(file)),
            Compression::Gzip => Sink::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Compression::Zstd => {
                Sink::Zstd(zstd::Encoder::new(file, 3).context("cannot start zstd encoding")?)
            }
        };
        Ok(Output {
            sink,
            name,
            pending,
            last_byte: None,
        })
    }

    /// stderr, for a report printed with the messages.
    pub fn stderr() -> Output {
        Output {
            sink: Sink::Plain(Box::new(BufWriter::new(io::stderr()))),
            name: "<stderr>".into(),
            pending: None,
            last_byte: None,
        }
    }

    fn failed(&self, source: io::Error) -> WriteError {
        WriteError {
            target: self.name.clone(),
            source,
        }
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let written = match &mut self.sink {
            Sink::Plain(w) => w.write_all(bytes),
            Sink::Gzip(w) => w.write_all(bytes),
            Sink::Zstd(w) => w.write_all(bytes),
        };
        written.map_err(|e| self.failed(e))?;
        if let Some(&last) = bytes.last() {
            self.last_byte = Some(last);
        }
        Ok(())
    }

    /// Whether anything was written and the last byte was not a line feed.
    pub fn ends_mid_line(&self) -> bool {
        self.last_byte.is_some_and(|b| b != b'\n')
    }

    pub fn flush(&mut self) -> Result<(), WriteError> {
        let flushed = match &mut self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
            Sink::Zstd(w) => w.flush(),
        };
        flushed.map_err(|e| self.failed(e))
    }

    /// Flushes, writes the compressed stream's trailer, and puts a
    /// temporary file in place.
    pub fn finish(mut self) -> Result<(), WriteError> {
        let sink = std::mem::replace(&mut self.sink, Sink::Plain(Box::new(io::sink())));
        let finished = match sink {
            Sink::Plain(mut w) => w.flush(),
            Sink::Gzip(w) => w.finish().and_then(|mut f| f.flush()),
            Sink::Zstd(w) => w.finish().and_then(|mut f| f.flush()),
        };
        finished.map_err(|e| self.failed(e))?;
        if let Some(pending) = self.pending.take() {
            pending.commit().map_err(|e| self.failed(e))?;
        }
        Ok(())
    }
}

/// A name for an open descriptor (`/dev/stdout`, `/dev/fd/3`,
/// `/proc/self/fd/1`) rather than for a file: renaming over what it points
/// to would pull the file from under the shell that opened it.
fn is_stream_name(path: &Path) -> bool {
    let resolved_once = fs::read_link(path).unwrap_or_default();
    [path, resolved_once.as_path()]
        .iter()
        .any(|p| p.starts_with("/dev/") || p.starts_with("/proc/"))
}

/// `DIR/.NAME.chaff-PID.tmp` for `DIR/NAME`: same directory, so the final
/// rename stays on one file system and is atomic.
fn temporary_beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.chaff-{}.tmp", std::process::id()))
}

/// Creates `path` anew, with the permissions of the file it will replace.
fn create_like(path: &Path, replaced: Option<&fs::Metadata>) -> io::Result<File> {
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    if let Some(metadata) = replaced {
        file.set_permissions(metadata.permissions())?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_output_leaves_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("chaff-output-test-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("out.txt");
        fs::write(&path, "old\n").expect("write");
        let mut output = Output::create(Some(&path)).expect("create");
        output.write_all(b"new, half-written").expect("write");
        output.flush().expect("flush");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old\n");
        drop(output);
        assert_eq!(fs::read_to_string(&path).expect("read"), "old\n");
        let names: Vec<_> = fs::read_dir(&dir)
            .expect("list")
            .filter_map(|e| Some(e.ok()?.file_name()))
            .collect();
        assert_eq!(names, ["out.txt"]);
        let mut output = Output::create(Some(&path)).expect("create");
        output.write_all(b"new\n").expect("write");
        output.finish().expect("finish");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new\n");
        let _ = fs::remove_dir_all(&dir);
    }
}
