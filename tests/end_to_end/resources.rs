//! The host's own resources: instance slots, address space, output size.
//! Running out of any of them waits, falls back, or is named for what it
//! is; it is never reported as the component trapping. (The `chaff` binary
//! under `ulimit -v` is tested with the CLI, `tests/cli/resources.rs`.)

use std::process::Command;

use chaff::{Allocation, Cache, Error, Limits, Plugin, PluginOptions, Rules, Scrubber};
use chaff_test_components::HOSTILE;

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
    let out = Command::new("sh")
        .args(["-c", "ulimit -v"])
        .output()
        .expect("sh runs");
    String::from_utf8_lossy(&out.stdout).trim() == "unlimited"
}
