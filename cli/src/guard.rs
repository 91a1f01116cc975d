//! Refusing to write over an input, before anything is written.
//!
//! Paths are not enough to tell two names of one file apart (hard links,
//! `-o X < X`, `/dev/stdin`), so files are compared by what the operating
//! system says they are: device and inode on Unix.

use std::fs;
use std::path::{Path, PathBuf};

use super::io::Source;

/// What identifies a file: its device and inode where there are such
/// things, its canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode { device: u64, inode: u64 },
    #[cfg(not(unix))]
    Path(PathBuf),
}

#[cfg(unix)]
fn id_of(metadata: &fs::Metadata, _path: Option<&Path>) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some(FileId::Inode {
        device: metadata.dev(),
        inode: metadata.ino(),
    })
}

#[cfg(not(unix))]
fn id_of(_metadata: &fs::Metadata, path: Option<&Path>) -> Option<FileId> {
    path.and_then(|p| p.canonicalize().ok()).map(FileId::Path)
}

/// The regular file at `path`, following symbolic links, if there is one.
/// Terminals, pipes and devices can be read and written at once
/// (`/dev/stdin` and `/dev/stdout` on one terminal), so only regular files
/// can clash.
fn path_id(path: &Path) -> Option<FileId> {
    let metadata = fs::metadata(path).ok()?;
    if metadata.is_file() {
        id_of(&metadata, Some(path))
    } else {
        None
    }
}

/// The regular file behind a standard stream (`< X`, `> X`), if it is one.
#[cfg(unix)]
fn stream_id(fd: std::os::fd::BorrowedFd<'_>) -> Option<FileId> {
    let file = fs::File::from(fd.try_clone_to_owned().ok()?);
    let metadata = file.metadata().ok()?;
    if metadata.is_file() {
        id_of(&metadata, None)
    } else {
        None
    }
}

fn stdin_id() -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        stream_id(std::io::stdin().as_fd())
    }
    #[cfg(not(unix))]
    None
}

fn stdout_id() -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        stream_id(std::io::stdout().as_fd())
    }
    #[cfg(not(unix))]
    None
}

/// Whether `path` names the regular file standard output already writes to
/// (`-o /dev/stdout > FILE`): writing through stdout keeps the shell's
/// position in it.
pub fn is_stdout(path: &Path) -> bool {
    matches!((path_id(path), stdout_id()), (Some(a), Some(b)) if a == b)
}

/// The inputs, by identity, with the names messages use.
fn input_ids(inputs: &[Source]) -> Vec<(FileId, String)> {
    inputs
        .iter()
        .filter_map(|source| {
            let id = match source {
                Source::Stdin => stdin_id()?,
                Source::File(path) => path_id(path)?,
            };
            Some((id, source.name()))
        })
        .collect()
}

/// `path` made absolute through its (existing) directory, so that two
/// spellings of a file that does not exist yet compare equal.
fn normalised(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Whether two output paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (path_id(a), path_id(b)) {
        (Some(x), Some(y)) => x == y,
        _ => normalised(a) == normalised(b),
    }
}

/// Refuses (a usage error, before anything is written) an output or
/// report file that is one of the inputs, stdout redirected into an input,
/// and a report written into the output file.
pub fn refuse_clobbering(
    inputs: &[Source],
    output: Option<&Path>,
    report: Option<&Path>,
) -> anyhow::Result<()> {
    let inputs = input_ids(inputs);
    let clash = |id: Option<FileId>| {
        id.and_then(|id| inputs.iter().find(|(input, _)| *input == id))
            .map(|(_, name)| name.clone())
    };
    match output {
        Some(path) => {
            if let Some(input) = clash(path_id(path)) {
                anyhow::bail!(
                    "the output file {} is also an input ({input}); refusing to overwrite it",
                    path.display()
                );
            }
        }
        None => {
            if let Some(input) = clash(stdout_id()) {
                anyhow::bail!(
                    "standard output is redirected into an input ({input}); refusing to write \
                     into it (use -o with another file)"
                );
            }
        }
    }
    if let Some(report) = report {
        if let Some(input) = clash(path_id(report)) {
            anyhow::bail!(
                "the report file {} is also an input ({input}); refusing to overwrite it",
                report.display()
            );
        }
        if output.is_some_and(|output| same_file(output, report)) {
            anyhow::bail!(
                "--report and --output name the same file ({}); give the report its own file",
                report.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_a_new_file_are_the_same_file() {
        let dir = std::env::temp_dir();
        let a = dir.join("chaff-guard-does-not-exist.txt");
        let b = dir.join(".").join("chaff-guard-does-not-exist.txt");
        assert!(same_file(&a, &b));
        assert!(!same_file(&a, &dir.join("chaff-guard-other.txt")));
    }
}
