//! The host's own resources: instance slots, address space, output size.
//! Running out of any of them waits, falls back, or is named for what it
//! is; it is never reported as the component trapping.

use chaff::{Allocation, Cache, Error, Limits, Plugin, PluginOptions, Rules, Scrubber};
use chaff_test_components::HOSTILE;

use crate::run::{fixture_path, run, shell, stderr};

#[test]
fn more_threads_than_instances_wait_for_one_instead_of_failing() {
    let options = PluginOptions {
        limits: Limits {
            concurrency: 1,
            max_idle_instances: 1,
            ..Limits::default()
        },
        cache: Cache::Off,
    };
    let plugin = Plugin::load(HOSTILE, &options).expect("loads");
    let scrubber = Scrubber::new(&plugin, Rules::Text(String::new())).expect("rules");
    std::thread::scope(|scope| {
        for _ in 0..16 {
            let scrubber = scrubber.clone();
            scope.spawn(move || {
                for _ in 0..20 {
                    let outcome = scrubber
                        .clean("keep\nJUNK x\n")
                        .expect("waits, then cleans");
                    assert_eq!(outcome.text, "keep\n");
                }
            });
        }
    });
    // Failures free their instance too: a trap does not leak a slot.
    for _ in 0..5 {
        assert!(matches!(scrubber.clean("TRAP"), Err(Error::Trap { .. })));
    }
    assert_eq!(scrubber.clean("keep\n").expect("clean").text, "keep\n");
}

#[test]
fn too_much_output_is_named_not_called_a_trap() {
    let options = PluginOptions {
        limits: Limits {
            // Room for the rule table (two short rules), not for 1,000 spans.
            max_output_bytes: 1024,
            ..Limits::default()
        },
        cache: Cache::Off,
    };
    let plugin = Plugin::load(HOSTILE, &options).expect("loads");
    let scrubber = Scrubber::new(&plugin, Rules::Text(String::new())).expect("rules");
    let err = scrubber
        .clean(&"JUNK\n".repeat(1000))
        .expect_err("1,000 removals do not fit in 1,024 bytes");
    assert!(
        matches!(err, Error::OutputTooLarge { limit: 1024, .. }),
        "{err}"
    );
}

#[test]
fn the_pool_is_used_when_the_address_space_allows_it() {
    if chaff::Limits::default().pooling && rlimit_is_unlimited() {
        assert_eq!(crate::plugin().allocation(), Allocation::Pooling);
    }
}

fn rlimit_is_unlimited() -> bool {
    let out = run(&mut shell("ulimit -v"), b"");
    String::from_utf8_lossy(&out.stdout).trim() == "unlimited"
}

#[test]
fn chaff_starts_and_cleans_under_a_4_gib_address_space_limit() {
    let script = format!(
        "ulimit -v 4194304; exec \"$CHAFF\" clean '{}'",
        fixture_path("junk_kinds.txt")
    );
    let out = run(&mut shell(&script), b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        crate::fixture("junk_kinds.clean.txt")
    );
    let script = format!(
        "ulimit -v 4194304; exec \"$CHAFF\" clean --jsonl -q --jobs 8 '{}'",
        fixture_path("../../examples/article.txt")
    );
    let out = run(&mut shell(&script), b"");
    assert!(!stderr(&out).contains("trapped"), "{}", stderr(&out));
}

#[test]
fn too_little_address_space_is_named_not_called_a_trap() {
    // Somewhere between "chaff cannot start" and "chaff runs" lies a limit
    // under which instances cannot be made; wherever that is on this
    // machine, the message must say so.
    let mut named = Vec::new();
    for mebibytes in (32..=128).step_by(8) {
        let script = format!(
            "ulimit -v {}; exec \"$CHAFF\" clean '{}'",
            mebibytes * 1024,
            fixture_path("traps.txt")
        );
        let out = run(&mut shell(&script), b"");
        let message = stderr(&out);
        assert!(!message.contains("trapped"), "{mebibytes} MiB: {message}");
        assert!(!message.contains("panicked"), "{mebibytes} MiB: {message}");
        if out.status.code() == Some(2) && message.contains("address-space limit") {
            named.push(mebibytes);
        }
    }
    assert!(!named.is_empty(), "no limit made chaff name the cause");
}
