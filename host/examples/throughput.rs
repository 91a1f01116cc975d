//! Throughput of the component through the host on a directory of `.txt`
//! documents: one call per document on one thread, and on several threads.
//!
//! `cargo run --release -p chaff --example throughput-host -- DIR [SECONDS] [THREADS]`
//! prints one JSON object; `benches/compare.py` runs it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chaff::Scrubber;

fn load(dir: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            docs.push(std::fs::read_to_string(&path)?);
        }
    }
    docs.sort();
    Ok(docs)
}

/// Cleans every document on `threads` threads, round after round, until
/// `min` has passed; returns the MB/s of the fastest round.
fn measure(scrubber: &Scrubber, docs: &[String], min: Duration, threads: usize) -> f64 {
    let bytes: usize = docs.iter().map(String::len).sum();
    let started = Instant::now();
    let mut best = f64::MAX;
    while best == f64::MAX || started.elapsed() < min {
        let round = Instant::now();
        // Each thread takes the next document not yet taken, so one thread
        // drawing the largest documents does not hold up the rest.
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let next = &next;
                scope.spawn(move || {
                    while let Some(doc) = docs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        if let Err(e) = scrubber.clean(doc) {
                            eprintln!("clean failed: {e}");
                        }
                    }
                });
            }
        });
        best = best.min(round.elapsed().as_secs_f64());
    }
    bytes as f64 / best / 1e6
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: throughput DIR [SECONDS] [THREADS]")?;
    let seconds: f64 = args.next().map_or(Ok(3.0), |s| s.parse())?;
    let threads: usize = args.next().map_or(Ok(2), |s| s.parse())?;
    let min = Duration::from_secs_f64(seconds);
    let docs = load(&dir)?;
    let scrubber = Scrubber::builtin()?;
    // Warm every pooled instance (each compiles the rules once).
    measure(
        &scrubber,
        &docs[..docs.len().min(threads * 2)],
        Duration::ZERO,
        threads,
    );
    let one = measure(&scrubber, &docs, min, 1);
    let many = measure(&scrubber, &docs, min, threads);
    println!(
        "{{\"component_mb_s\": {one:.1}, \"component_threads\": {threads}, \"component_threads_mb_s\": {many:.1}}}"
    );
    Ok(())
}
