//! `chaff learn`: read a corpus, count the lines that recur across sites,
//! and write them as a rule file for a person to review.
//!
//! Learning reads text and runs no rules from the user, so it runs the
//! engine natively rather than in the sandbox: the same code the component
//! is built from, without the per-document call cost. [`read`] cuts the
//! corpus into chunks, [`pipeline`] analyses them on `--jobs` threads and
//! counts them in corpus order, so the rule file does not depend on the
//! number of threads.

mod pipeline;
mod read;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::{Context, bail};
use chaff_engine::{LearnSettings, Learner};

use super::io::{Output, Source};
use super::progress::Bar;
use super::term::say;
use chaff_jsonl::FieldPath;

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
    /// Threads analysing documents (the counting is one more).
    pub jobs: usize,
    /// A progress bar on stderr (the caller checks for a terminal).
    pub progress: bool,
}

/// Runs the job; the number of documents learned from.
pub fn run(job: &LearnJob) -> anyhow::Result<u64> {
    let mut learner = Learner::new(job.settings).context("the built-in page profile")?;
    let sources: Vec<Source> = if job.files.is_empty() {
        vec![Source::Stdin]
    } else {
        job.files.iter().map(|f| Source::from_arg(f)).collect()
    };
    let fields = pipeline::Fields {
        field: FieldPath::parse(&job.field).map_err(anyhow::Error::msg)?,
        url_field: job
            .url_field
            .as_deref()
            .map(FieldPath::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?,
    };
    let read = Arc::new(AtomicU64::new(0));
    let total: Option<u64> = sources.iter().map(Source::len).sum();
    let name = match sources.as_slice() {
        [one] => one.name(),
        many => format!("{} inputs", many.len()),
    };
    let bar = Bar::new(job.progress, total, &name);
    let tick = |documents: u64| bar.update(documents, &read);
    let learned = pipeline::learn(
        &mut learner,
        &sources,
        job.jsonl,
        fields,
        job.jobs,
        &read,
        &tick,
    );
    bar.finish();
    learned?;
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
