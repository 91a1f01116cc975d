//! Any bytes as a rule file: parsing and compiling must return a rule set
//! or a `RuleError`, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = chaff_engine::Scrubber::from_rules(text);
    }
});
