//! Any text through the built-in rules: the outcome must be the input with
//! sorted, non-overlapping, in-bounds spans cut out, and cleaning it again
//! must remove nothing.
#![no_main]

use std::sync::OnceLock;

use chaff_engine::Scrubber;
use libfuzzer_sys::fuzz_target;

fn builtin() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(Scrubber::builtin)
}

/// Panics (a finding) unless `outcome` is `text` minus its removals.
pub fn check(text: &str, outcome: &chaff_engine::Outcome) {
    let rebuilt =
        chaff_common::cut_checked(text, outcome.removals.iter().map(|r| (r.start, r.end)));
    assert_eq!(
        rebuilt.as_ref(),
        Ok(&outcome.text),
        "bad spans {:?}",
        outcome.removals
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = builtin().clean(&text);
    check(&text, &once);
    let twice = builtin().clean(&once.text);
    assert!(
        twice.removals.is_empty(),
        "not idempotent: {:?}",
        twice.removals
    );
});
