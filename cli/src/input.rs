//! Reading documents: files or stdin, as UTF-8, with errors that say where.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::io::{self, Source};
use super::term::say;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{source_name}: cannot read: {error}")]
    Io { source_name: String, error: String },
    #[error("{source_name}: the input is empty; there is nothing to clean")]
    Empty { source_name: String },
    #[error(
        "{source_name}: larger than the input limit of {limit} bytes (--max-input-bytes); \
         stopped reading there"
    )]
    TooLarge { source_name: String, limit: usize },
    #[error(
        "{source_name}: invalid UTF-8 at byte {offset} (line {line}, column {column}); chaff only \
         cleans UTF-8 text, convert it first (e.g. with iconv)"
    )]
    NotUtf8 {
        source_name: String,
        offset: usize,
        line: usize,
        column: usize,
    },
}

/// Reads one whole document as UTF-8 (decompressing `.gz` and `.zst`),
/// never more than `limit` bytes of it: a larger input (`/dev/zero`, a
/// decompression bomb) is refused once the limit is passed, without
/// reading on.
///
/// With `lossy`, invalid UTF-8 is replaced by U+FFFD and a warning naming
/// the first bad byte is printed, instead of refusing the document; the
/// output then differs from the input at those bytes.
pub fn read(source: &Source, lossy: bool, limit: usize) -> Result<String, InputError> {
    let name = source.name();
    let mut bytes = Vec::new();
    let most = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    io::open(source, Arc::new(AtomicU64::new(0)))
        .and_then(|reader| Ok(reader.take(most).read_to_end(&mut bytes)?))
        .map_err(|error| InputError::Io {
            source_name: name.clone(),
            error: format!("{error:#}"),
        })?;
    if bytes.len() > limit {
        return Err(InputError::TooLarge {
            source_name: name,
            limit,
        });
    }
    if bytes.is_empty() {
        return Err(InputError::Empty { source_name: name });
    }
    if lossy {
        return Ok(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                if let InputError::NotUtf8 {
                    source_name,
                    offset,
                    line,
                    column,
                } = not_utf8(name, e.as_bytes(), e.utf8_error().valid_up_to())
                {
                    say!(
                        "chaff: warning: {source_name}: invalid UTF-8 from byte {offset} (line {line}, \
                         column {column}) replaced with U+FFFD (--lossy); report offsets count \
                         the replacement's 3 bytes"
                    );
                }
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        });
    }
    String::from_utf8(bytes).map_err(|e| not_utf8(name, e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// Decodes a file that must be UTF-8 (a rule file), or says where it is not.
pub fn utf8(source_name: String, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes)
        .map_err(|e| not_utf8(source_name, e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// Where the first invalid byte is, as offset, line and column.
fn not_utf8(source_name: String, bytes: &[u8], offset: usize) -> InputError {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    // Columns count characters, which is what an editor shows.
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    InputError::NotUtf8 {
        source_name,
        offset,
        line,
        column,
    }
}
