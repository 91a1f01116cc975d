//! Native throughput of the engine on a directory of `.txt` documents, next
//! to the floor any scrubber must pay: finding the lines (memchr).
//!
//! `cargo run --release -p chaff-engine --example throughput -- DIR [SECONDS]`
//! (`CHAFF_RULES=FILE` for a rule file instead of the built-in rules)
//! prints one JSON object; `benches/compare.py` runs it.

use std::time::{Duration, Instant};

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

/// Runs `f` over all documents, round after round, until `min` has passed;
/// returns the MB/s of the fastest round (the least disturbed by other load
/// on the machine).
fn measure(docs: &[String], min: Duration, mut f: impl FnMut(&str) -> usize) -> f64 {
    let bytes: usize = docs.iter().map(String::len).sum();
    let started = Instant::now();
    let mut best = f64::MAX;
    let mut sink = 0usize;
    while best == f64::MAX || started.elapsed() < min {
        let round = Instant::now();
        for doc in docs {
            sink = sink.wrapping_add(f(doc));
        }
        best = best.min(round.elapsed().as_secs_f64());
    }
    std::hint::black_box(sink);
    bytes as f64 / best / 1e6
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: throughput DIR [SECONDS]")?;
    let seconds: f64 = args.next().map_or(Ok(3.0), |s| s.parse())?;
    let min = Duration::from_secs_f64(seconds);
    let docs = load(&dir)?;
    // `CHAFF_RULES=FILE` measures a rule file instead of the built-in rules
    // (to find what one rule costs: a file that extends the built-in rules
    // and disables it).
    let scrubber = match std::env::var_os("CHAFF_RULES") {
        Some(path) => chaff_engine::Scrubber::from_rules(&std::fs::read_to_string(path)?)?,
        None => chaff_engine::Scrubber::builtin(),
    };
    let floor = measure(&docs, min, |d| {
        memchr::memchr_iter(b'\n', d.as_bytes()).count()
    });
    let native = measure(&docs, min, |d| scrubber.clean(d).text.len());
    let bytes: usize = docs.iter().map(String::len).sum();
    println!(
        "{{\"documents\": {}, \"bytes\": {bytes}, \"memchr_lines_mb_s\": {floor:.1}, \"native_mb_s\": {native:.1}}}",
        docs.len()
    );
    Ok(())
}
