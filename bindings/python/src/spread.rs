//! A batch spread over threads: `clean_batch` with the GIL released cleans
//! its documents on up to `concurrency` threads at once, each with its own
//! instance from the host's pool, so one Python thread gets the machine's
//! cores as `chaff clean --jsonl --jobs N` does.

use std::sync::atomic::{AtomicUsize, Ordering};

use chaff::{CallOptions, Error, Outcome, Scrubber};

/// Least text worth a thread of its own: starting one costs tens of
/// microseconds, about what cleaning 10 KB does, so smaller batches (and
/// single documents) stay on the calling thread.
const PART_BYTES: usize = 256 << 10;

/// Cleans `texts` (with one URL each, or `options.url` for all) on up to
/// `threads` threads; one result per document, in order, the same as one
/// call on one thread gives (a document's outcome does not depend on the
/// batch it is in).
pub fn clean(
    scrubber: &Scrubber,
    texts: &[&str],
    urls: Option<&[Option<String>]>,
    options: &CallOptions,
    threads: usize,
) -> Vec<Result<Outcome, Error>> {
    let lens: Vec<usize> = texts.iter().map(|t| t.len()).collect();
    on_threads(&lens, threads, |from, to| {
        clean_part(
            scrubber,
            &texts[from..to],
            urls.map(|u| &u[from..to]),
            options,
        )
    })
}

/// Runs `work` over runs of consecutive items (`work(from, to)` for
/// items `from..to`, whose sizes are `lens`) on up to `threads` threads,
/// the calling one included, and joins the results in order.
///
/// The batch is cut into runs of about [`PART_BYTES`] or more (four for
/// each thread when the batch is large), and each thread takes the next
/// run until none is left: a thread slowed down by other work on the
/// machine, or by a run of larger documents, takes fewer runs instead of
/// holding up the others at the end. A batch with less than
/// [`PART_BYTES`] a thread stays on the calling thread alone.
pub fn on_threads<R: Send>(
    lens: &[usize],
    threads: usize,
    work: impl Fn(usize, usize) -> Vec<R> + Sync,
) -> Vec<R> {
    let bytes: usize = lens.iter().sum();
    let threads = threads.min(bytes / PART_BYTES).min(lens.len()).max(1);
    if threads == 1 {
        return work(0, lens.len());
    }
    let runs = (bytes / PART_BYTES).clamp(threads, 4 * threads);
    let bounds = split(lens, runs);
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let run = next.fetch_add(1, Ordering::Relaxed);
            let Some(&[from, to]) = bounds.get(run..run + 2) else {
                return done;
            };
            done.push((run, work(from, to)));
        }
    };
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(take)).collect();
        let mut done = take();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(run, _)| *run);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

/// At most `parts + 1` indices, from 0 to `lens.len()`, cutting the items
/// into runs of about equal bytes, none empty.
fn split(lens: &[usize], parts: usize) -> Vec<usize> {
    let total: usize = lens.iter().sum();
    let mut bounds = vec![0];
    let mut seen = 0;
    for (i, len) in lens.iter().enumerate() {
        seen += len;
        let part = bounds.len();
        let left = lens.len() - (i + 1);
        // Close the run once it holds its share, keeping an item for each
        // run still to come.
        if part < parts && seen * parts >= total * part && left >= parts - part {
            bounds.push(i + 1);
        }
    }
    bounds.push(lens.len());
    bounds.dedup();
    bounds
}

fn clean_part(
    scrubber: &Scrubber,
    texts: &[&str],
    urls: Option<&[Option<String>]>,
    options: &CallOptions,
) -> Vec<Result<Outcome, Error>> {
    match urls {
        None => scrubber.clean_batch_with(texts, options),
        Some(urls) => scrubber.clean_batch_by_url(texts, urls, options),
    }
}
