//! Clean stdin with the built-in rules, natively (no wasm): handy for
//! comparing the engine with the component, and for scoring scripts.
//!
//! `cargo run --release -p chaff-engine --example clean_stdin < article.txt`

use std::io::{Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let scrubber = chaff_engine::Scrubber::builtin();
    let outcome = scrubber.clean(&text);
    std::io::stdout().write_all(outcome.text.as_bytes())?;
    for r in &outcome.removals {
        eprintln!(
            "{}\t{}\t{}..{}\t{:?}",
            r.rule,
            r.category,
            r.start,
            r.end,
            &text[r.start..r.end]
        );
    }
    Ok(())
}
