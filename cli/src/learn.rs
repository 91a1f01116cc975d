//! `chaff learn`: read a corpus, count the lines that recur across sites,
//! and write them as a rule file for a person to review.
//!
//! Learning reads text and runs no rules from the user, so it runs the
//! engine natively rather than in the sandbox: the same code the component
//! is built from, without the per-document call cost.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::{Context, bail};
use chaff_engine::{LearnSettings, Learner};

use super::io::{self, Output, Source};
use super::record::{self, FieldPath};
use super::term::say;

/// Longest JSONL record or text file read whole, in bytes: a bigger one is
/// skipped with a warning, so one runaway record cannot exhaust memory.
pub const MAX_DOCUMENT_BYTES: usize = 64 << 20;

/// What `chaff learn` was asked to do.
pub struct LearnJob {
    pub files: Vec<PathBuf>,
    pub jsonl: bool,
    pub field: String,
    pub url_field: Option<String>,
    pub settings: LearnSettings,
    pub output: Option<PathBuf>,
}

/// Runs the job; the number of documents learned from.
pub fn run(job: &LearnJob) -> anyhow::Result<u64> {
    let mut learner = Learner::new(job.settings).context("the built-in page profile")?;
    let sources: Vec<Source> = if job.files.is_empty() {
        vec![Source::Stdin]
    } else {
        job.files.iter().map(|f| Source::from_arg(f)).collect()
    };
    let field = FieldPath::parse(&job.field).map_err(anyhow::Error::msg)?;
    let url_field = job
        .url_field
        .as_deref()
        .map(FieldPath::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    for source in &sources {
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(io::open(
            source,
            Arc::new(AtomicU64::new(0)),
        )?));
        if job.jsonl {
            learn_jsonl(&mut learner, reader, source, &field, url_field.as_ref())?;
        } else {
            learn_text(&mut learner, reader, source)?;
        }
    }
    if learner.refused() > 0 {
        say!(
            "chaff learn: {} widespread lines found the table full; raise --max-candidates",
            learner.refused()
        );
    }
    let mut out = Output::create(job.output.as_deref())?;
    out.write_all(learner.rule_file().as_bytes())?;
    out.finish()?;
    Ok(learner.documents())
}

/// A plain file is one document; its site is its parent directory (a crawl
/// stored one directory per site), or the file name for stdin.
fn learn_text(
    learner: &mut Learner,
    mut reader: Box<dyn BufRead + Send>,
    source: &Source,
) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    Read::take(&mut reader, MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", source.name()))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        say!(
            "chaff learn: {}: larger than {MAX_DOCUMENT_BYTES} bytes, skipped",
            source.name()
        );
        return Ok(());
    }
    let text = String::from_utf8_lossy(&bytes);
    let site = match source {
        Source::File(path) => site_of_path(path),
        Source::Stdin => "stdin".to_string(),
    };
    learner.add(&site, &text);
    Ok(())
}

fn site_of_path(path: &Path) -> String {
    path.parent().and_then(|p| p.file_name()).map_or_else(
        || path.display().to_string(),
        |d| d.to_string_lossy().into_owned(),
    )
}

/// One record a line; its site is the host of `url_field`, or the file.
fn learn_jsonl(
    learner: &mut Learner,
    reader: Box<dyn BufRead + Send>,
    source: &Source,
    field: &FieldPath,
    url_field: Option<&FieldPath>,
) -> anyhow::Result<()> {
    let mut skipped = 0u64;
    let mut reader = reader;
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let n = Read::take(&mut reader, MAX_DOCUMENT_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", source.name()))?;
        if n == 0 {
            break;
        }
        number += 1;
        if line.len() > MAX_DOCUMENT_BYTES && line.last() != Some(&b'\n') {
            // Skip the rest of the over-long record without holding it.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let m = Read::take(&mut reader, 1 << 20)
                    .read_until(b'\n', &mut rest)
                    .with_context(|| format!("cannot read {}", source.name()))?;
                if m == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
            say!(
                "chaff learn: {}:{number}: record over {MAX_DOCUMENT_BYTES} bytes, skipped",
                source.name()
            );
            skipped += 1;
            continue;
        }
        let Ok(text) = std::str::from_utf8(&line) else {
            skipped += 1;
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let document = match record::locate(text, field) {
            Ok(located) => located.text,
            Err(e) => {
                if skipped < 10 {
                    say!("chaff learn: {}:{number}: {e}", source.name());
                }
                skipped += 1;
                continue;
            }
        };
        let site = url_field
            .and_then(|path| record::locate(text, path).ok())
            .and_then(|url| chaff_engine::site_of(&url.text))
            // A record without a URL counts for its file, which is no host.
            .unwrap_or_else(|| format!("file:{}", source.name()));
        learner.add(&site, &document);
    }
    if skipped > 0 {
        say!("chaff learn: {}: {skipped} records skipped", source.name());
    }
    Ok(())
}

/// Refuses thresholds that cannot work.
pub fn check(settings: &LearnSettings) -> anyhow::Result<()> {
    if settings.min_sites < 2 {
        bail!("--min-sites must be at least 2: a line on one site is that site's own");
    }
    if !(0.0..=1.0).contains(&settings.max_content_share) {
        bail!("--max-content-share is a share between 0 and 1");
    }
    if !(0.0..=1.0).contains(&settings.min_share) || settings.min_share == 0.0 {
        bail!("--min-share is a share above 0 and at most 1");
    }
    if settings.min_site_documents < 2 {
        bail!(
            "--min-site-documents must be at least 2: one page says nothing about a site's template"
        );
    }
    Ok(())
}
