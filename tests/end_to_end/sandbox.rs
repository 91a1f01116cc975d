//! The sandbox against real misbehaving components: each ends in the right
//! typed error within its limit, and the same scrubber then serves the next
//! document correctly.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chaff::{Cache, Error, Limits, Plugin, PluginOptions, Rules, Scrubber};
use chaff_test_components::{EMPTY_WAT, HOSTILE, NEEDS_WASI_WAT, WRONG_VERSION_WAT};

const DEADLINE: Duration = Duration::from_millis(300);
const MEMORY: usize = 64 << 20;

fn options() -> PluginOptions {
    PluginOptions {
        limits: Limits {
            deadline: DEADLINE,
            memory_bytes: MEMORY,
            ..Limits::default()
        },
        cache: Cache::Off,
    }
}

fn hostile() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(|| {
        let plugin = Plugin::load(HOSTILE, &options()).expect("hostile component loads");
        Scrubber::new(&plugin, Rules::Text("anything".into())).expect("rules accepted")
    })
}

/// The well-behaved path of the hostile component still works.
fn assert_healthy(scrubber: &Scrubber) {
    let outcome = scrubber
        .clean("keep\nJUNK drop\nkeep too\n")
        .expect("healthy call");
    assert_eq!(outcome.text, "keep\nkeep too\n");
    assert_eq!(
        (outcome.removals[0].start, outcome.removals[0].end),
        (5, 15)
    );
}

#[test]
fn a_loop_hits_the_deadline_and_the_host_recovers() {
    let started = Instant::now();
    let err = hostile().clean("LOOP forever").expect_err("must time out");
    let took = started.elapsed();
    assert!(
        matches!(err, Error::Timeout { document: 0, limit } if limit == DEADLINE),
        "{err}"
    );
    assert!(took < DEADLINE * 10, "took {took:?}");
    assert_healthy(hostile());
}

#[test]
fn unbounded_allocation_hits_the_memory_cap_and_the_host_recovers() {
    // A deadline far beyond the time 64 MB of allocation takes, even on a
    // loaded machine: this test is about the cap, not a race with the clock.
    let options = PluginOptions {
        limits: Limits {
            deadline: Duration::from_secs(60),
            memory_bytes: MEMORY,
            ..Limits::default()
        },
        cache: Cache::Off,
    };
    let plugin = Plugin::load(HOSTILE, &options).expect("hostile component loads");
    let scrubber = Scrubber::new(&plugin, Rules::Text("anything".into())).expect("rules");
    let err = scrubber.clean("GROW please").expect_err("must hit the cap");
    assert!(
        matches!(err, Error::MemoryExceeded { limit: MEMORY, .. }),
        "{err}"
    );
    assert_healthy(&scrubber);
}

#[test]
fn a_trap_is_reported_and_the_host_recovers() {
    let err = hostile().clean("TRAP now").expect_err("must trap");
    assert!(matches!(err, Error::Trap { document: 0, .. }), "{err}");
    assert_healthy(hostile());
}

#[test]
fn lying_outcomes_are_refused() {
    for (doc, needle) in [
        ("BADSPAN here", "past the input"),
        ("OVERLAP here", "overlaps"),
    ] {
        let err = hostile().clean(doc).expect_err("must be refused");
        let Error::InvalidOutcome { problem, .. } = &err else {
            panic!("{doc}: expected InvalidOutcome, got {err}");
        };
        assert!(problem.contains(needle), "{doc}: {problem}");
    }
    // The host cuts the text itself from verified spans, so text a component
    // makes up never reaches the caller.
    let outcome = hostile().clean("ADDTEXT here").expect("spans are fine");
    assert_eq!(outcome.text, "ADDTEXT here");
    assert_healthy(hostile());
}

#[test]
fn a_batch_with_bad_documents_still_cleans_the_good_ones() {
    let docs = ["keep\nJUNK x\n", "TRAP", "also kept\n", "BADSPAN", "LOOP"];
    let results = hostile().clean_batch(&docs);
    assert_eq!(results.len(), docs.len());
    assert_eq!(results[0].as_ref().expect("doc 0").text, "keep\n");
    assert!(matches!(results[1], Err(Error::Trap { document: 1, .. })));
    assert_eq!(results[2].as_ref().expect("doc 2").text, "also kept\n");
    assert!(matches!(
        results[3],
        Err(Error::InvalidOutcome { document: 3, .. })
    ));
    assert!(matches!(
        results[4],
        Err(Error::Timeout { document: 4, .. })
    ));
    assert_healthy(hostile());
}

#[test]
fn fuel_gives_a_deterministic_limit() {
    let mut options = options();
    options.limits.fuel = Some(50_000_000);
    let plugin = Plugin::load(HOSTILE, &options).expect("loads with fuel");
    let scrubber = Scrubber::new(&plugin, Rules::Text(String::new())).expect("rules");
    let err = scrubber.clean("LOOP").expect_err("runs out of fuel");
    assert!(
        matches!(
            err,
            Error::FuelExhausted {
                fuel: 50_000_000,
                ..
            }
        ),
        "{err}"
    );
    assert_healthy(&scrubber);
}

#[test]
fn oversized_input_is_refused_before_the_call() {
    let mut options = options();
    options.limits.max_input_bytes = 16;
    let plugin = Plugin::load(HOSTILE, &options).expect("loads");
    let scrubber = Scrubber::new(&plugin, Rules::Text(String::new())).expect("rules");
    let err = scrubber.clean("seventeen bytes!!").expect_err("too large");
    assert!(
        matches!(
            err,
            Error::InputTooLarge {
                len: 17,
                limit: 16,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_rule_error_from_any_component_is_typed() {
    let plugin = Plugin::load(HOSTILE, &options()).expect("loads");
    let err = Scrubber::new(&plugin, Rules::Text("refuse".into())).expect_err("refused");
    let Error::Rules(rule_error) = err else {
        panic!("expected Rules");
    };
    assert_eq!(rule_error.rule.as_deref(), Some("hostile.refuse"));
}

#[test]
fn components_that_do_not_implement_the_contract_are_refused_clearly() {
    for (wat, needle) in [
        (EMPTY_WAT, "chaff:scrubber/scrub"),
        (WRONG_VERSION_WAT, "chaff:scrubber/scrub"),
        (NEEDS_WASI_WAT, "wasi:cli/environment"),
    ] {
        let bytes = wat::parse_str(wat).expect("test WAT parses");
        let err = Plugin::load(&bytes, &options()).expect_err("must be refused");
        assert!(matches!(err, Error::Incompatible(_)), "{err}");
        assert!(err.to_string().contains(needle), "{err}");
    }
    let err = Plugin::load(b"not wasm at all", &options()).expect_err("garbage");
    assert!(matches!(err, Error::Load(_)), "{err}");
}

#[test]
fn concurrent_cleaning_matches_one_thread() {
    let scrubber = crate::builtin().clone();
    let docs: Vec<String> = ["junk_kinds.txt", "headline_lists.txt", "traps.txt"]
        .iter()
        .map(|n| crate::fixture(n))
        .collect();
    let expected: Vec<_> = docs
        .iter()
        .map(|d| scrubber.clean(d).expect("clean"))
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let scrubber = scrubber.clone();
                let docs = &docs;
                scope.spawn(move || {
                    (0..50)
                        .map(|i| {
                            let k = (t + i) % docs.len();
                            (k, scrubber.clean(&docs[k]).expect("clean"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            for (k, outcome) in handle.join().expect("thread") {
                assert_eq!(outcome, expected[k]);
            }
        }
    });
}

#[test]
fn scrubber_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scrubber>();
    assert_send_sync::<Plugin>();
}
