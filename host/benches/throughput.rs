//! Throughput on a generated corpus of scraped-looking articles
//! (`benches/corpus.py`: 1 KB–1 MB each, seven languages, junk mixed in):
//! the floor any scrubber pays (finding the lines with memchr), the native
//! engine, and the component through the host — one call per document on
//! one thread, on every core, and in batches.
//!
//! `cargo bench -p chaff --bench throughput` (generates the corpus with
//! `python3`); `CHAFF_BENCH_CORPUS=DIR` uses a directory of `.txt` files
//! instead, `CHAFF_BENCH_DOCS=N` sets how many documents to generate (150).
//! `benches/compare.py` puts the same figures next to a Python `re`
//! baseline.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chaff::Scrubber;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Documents per `clean_batch` call in the batch benchmark.
const BATCH: usize = 16;

fn load(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read corpus directory {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        })
        .collect()
}

/// The corpus: the directory in `CHAFF_BENCH_CORPUS`, or freshly generated.
fn corpus() -> Vec<String> {
    if let Some(dir) = std::env::var_os("CHAFF_BENCH_CORPUS") {
        return load(Path::new(&dir));
    }
    let docs = std::env::var("CHAFF_BENCH_DOCS").unwrap_or_else(|_| "150".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benches/corpus.py");
    let dir = std::env::temp_dir().join(format!("chaff-bench-corpus-{}", std::process::id()));
    let status = Command::new("python3")
        .arg(&script)
        .arg("--dir")
        .arg(&dir)
        .args(["--docs", &docs])
        .status()
        .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}", script.display()));
    assert!(status.success(), "{} failed: {status}", script.display());
    let corpus = load(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    corpus
}

fn throughput(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let native = chaff_engine::Scrubber::builtin();
    let component = Scrubber::builtin().expect("load the embedded component");
    // Warm one instance per thread (each compiles the rules once).
    for doc in docs.iter().take(threads * 2) {
        component.clean(doc).expect("clean");
    }
    eprintln!(
        "corpus: {} documents, {:.1} MB; {threads} threads",
        docs.len(),
        bytes as f64 / 1e6
    );

    let mut group = c.benchmark_group("throughput");
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("memchr line splitting (floor)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| memchr::memchr_iter(b'\n', black_box(d.as_bytes())).count())
                .sum::<usize>()
        })
    });
    group.bench_function("native engine, 1 thread", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(native.clean(black_box(doc)));
            }
        })
    });
    group.bench_function("component, 1 thread", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(component.clean(black_box(doc)).expect("clean"));
            }
        })
    });
    group.bench_function(format!("component, {threads} threads"), |b| {
        b.iter(|| {
            // Each thread takes the next document not yet taken, so one
            // thread drawing the largest documents does not hold up the rest.
            let next = AtomicUsize::new(0);
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    let (docs, component, next) = (&docs, &component, &next);
                    scope.spawn(move || {
                        while let Some(doc) = docs.get(next.fetch_add(1, Ordering::Relaxed)) {
                            black_box(component.clean(doc).expect("clean"));
                        }
                    });
                }
            })
        })
    });
    let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
    group.bench_function(format!("component, 1 thread, batches of {BATCH}"), |b| {
        b.iter(|| {
            for batch in refs.chunks(BATCH) {
                for outcome in component.clean_batch(black_box(batch)) {
                    black_box(outcome.expect("clean"));
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
