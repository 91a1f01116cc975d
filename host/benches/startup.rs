//! What it costs to start using chaff and to cross into the sandbox:
//! compiling the component, loading it (or its pre-initialised snapshot)
//! from the on-disk cache, instantiating, compiling rules inside it or
//! finding them ready in a snapshot, and one call on a small document
//! (single versus batched).
//!
//! `cargo bench -p chaff --bench startup`

use std::hint::black_box;
use std::time::Duration;

use chaff::{Cache, EMBEDDED_COMPONENT, Limits, Plugin, PluginOptions, Rules, Scrubber};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// A 2 KB article with a little junk, written for this benchmark.
fn small_document() -> String {
    let paragraph = "The council approved the new cycle lanes on Tuesday after a debate that \
        lasted most of the afternoon, and work on the first stretch will start in May.\n";
    let mut doc = String::from("Home > News > Local\n");
    while doc.len() < 2000 {
        doc.push_str(paragraph);
        if doc.len() % 3 == 0 {
            doc.push_str("Read More: Bus fares to rise in the spring\n");
        }
    }
    doc
}

fn options(cache: Cache) -> PluginOptions {
    PluginOptions {
        cache,
        ..PluginOptions::default()
    }
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("compile component (no cache)", |b| {
        b.iter(|| Plugin::load(black_box(EMBEDDED_COMPONENT), &options(Cache::Off)).expect("load"))
    });
    let dir = std::env::temp_dir().join(format!("chaff-bench-cache-{}", std::process::id()));
    let cached = || options(Cache::Dir(dir.clone()));
    let article = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/article.txt"),
    )
    .expect("examples/article.txt");
    let user_rules = Rules::Text(
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/rules/phrases.toml"),
        )
        .expect("examples/rules/phrases.toml"),
    );
    // Warm the cache: the compiled component and both snapshots.
    let plain = Plugin::load(EMBEDDED_COMPONENT, &options(Cache::Off)).expect("load");
    Plugin::load(EMBEDDED_COMPONENT, &cached()).expect("warm the cache");
    Plugin::load_for(EMBEDDED_COMPONENT, &cached(), &user_rules).expect("warm the cache");
    group.bench_function("load snapshot (built-in rules) from cache", |b| {
        b.iter(|| Plugin::load(black_box(EMBEDDED_COMPONENT), &cached()).expect("load"))
    });
    // What a CLI start does after its process exists: load the snapshot,
    // make the scrubber, clean a document.
    group.bench_function(
        "load snapshot + scrubber + clean article, built-in rules",
        |b| {
            b.iter(|| {
                let plugin = Plugin::load(EMBEDDED_COMPONENT, &cached()).expect("load");
                let scrubber = Scrubber::new(&plugin, Rules::Builtin).expect("scrubber");
                scrubber.clean(black_box(&article)).expect("clean")
            })
        },
    );
    group.bench_function(
        "load snapshot + scrubber + clean article, user rule file",
        |b| {
            b.iter(|| {
                let plugin =
                    Plugin::load_for(EMBEDDED_COMPONENT, &cached(), &user_rules).expect("load");
                let scrubber = Scrubber::new(&plugin, user_rules.clone()).expect("scrubber");
                scrubber.clean(black_box(&article)).expect("clean")
            })
        },
    );
    group.finish();

    let plugin = Plugin::load(EMBEDDED_COMPONENT, &cached()).expect("load");
    let rules = plugin.builtin_rules().expect("rules");
    let mut group = c.benchmark_group("instance");
    group.bench_function("instantiate + one trivial call", |b| {
        b.iter(|| plugin.builtin_rules().expect("call"))
    });
    group.bench_function("instantiate + compile built-in rules", |b| {
        b.iter_batched(
            || Rules::Text(rules.clone()),
            |rules| Scrubber::new(&plain, rules).expect("scrubber"),
            BatchSize::SmallInput,
        )
    });
    // No idle instances: every call gets a new instance, which finds its
    // rules ready in the snapshot.
    let fresh_each_call = PluginOptions {
        cache: Cache::Dir(dir.clone()),
        limits: Limits {
            max_idle_instances: 0,
            ..Limits::default()
        },
    };
    let snapshot_plugin = Plugin::load(EMBEDDED_COMPONENT, &fresh_each_call).expect("load");
    let scrubber = Scrubber::new(&snapshot_plugin, Rules::Builtin).expect("scrubber");
    group.bench_function(
        "new instance from snapshot, rules ready + 1-byte call",
        |b| b.iter(|| scrubber.clean(black_box("x")).expect("clean")),
    );
    group.bench_function(
        "new scrubber from snapshot (instance, rule table, rule text)",
        |b| b.iter(|| Scrubber::new(&snapshot_plugin, Rules::Builtin).expect("scrubber")),
    );
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn calls(c: &mut Criterion) {
    let scrubber = Scrubber::new(
        &Plugin::load(EMBEDDED_COMPONENT, &options(Cache::Off)).expect("load"),
        Rules::Builtin,
    )
    .expect("scrubber");
    let native = chaff_engine::Scrubber::builtin();
    let doc = small_document();
    let mut group = c.benchmark_group("call");
    group.throughput(Throughput::Bytes(doc.len() as u64));
    group.bench_function("native engine, 2 KB", |b| {
        b.iter(|| native.clean(black_box(&doc)))
    });
    group.bench_function("component, 2 KB", |b| {
        b.iter(|| scrubber.clean(black_box(&doc)).expect("clean"))
    });
    group.bench_function("component, empty-ish document", |b| {
        b.iter(|| scrubber.clean(black_box("x")).expect("clean"))
    });
    let batch: Vec<&str> = std::iter::repeat_n(doc.as_str(), 100).collect();
    group.throughput(Throughput::Bytes((doc.len() * batch.len()) as u64));
    group.bench_function("component, 100 x 2 KB in one batch", |b| {
        b.iter(|| scrubber.clean_batch(black_box(&batch)))
    });
    group.bench_function("component, 100 x 2 KB one call each", |b| {
        b.iter(|| {
            for d in &batch {
                black_box(scrubber.clean(d).expect("clean"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, startup, calls);
criterion_main!(benches);
