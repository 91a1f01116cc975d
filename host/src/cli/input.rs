//! Reading documents: files or stdin, as UTF-8, with errors that say where.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a document comes from, as shown in messages and reports.
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
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{source_name}: cannot read: {error}")]
    Io {
        source_name: String,
        error: std::io::Error,
    },
    #[error("{source_name}: the input is empty; there is nothing to clean")]
    Empty { source_name: String },
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

/// Reads one whole document as UTF-8.
pub fn read(source: &Source) -> Result<String, InputError> {
    let name = source.name();
    let mut bytes = Vec::new();
    let read = match source {
        Source::Stdin => std::io::stdin().lock().read_to_end(&mut bytes).map(drop),
        Source::File(path) => std::fs::read(path).map(|b| bytes = b),
    };
    read.map_err(|error| InputError::Io {
        source_name: name.clone(),
        error,
    })?;
    if bytes.is_empty() {
        return Err(InputError::Empty { source_name: name });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
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
            source_name: name,
            offset,
            line,
            column,
        }
    })
}
