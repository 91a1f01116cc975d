//! Clean the `text` field of JSONL records natively (no wasm), the way
//! `chaff clean --jsonl` does through the component: for quick quality
//! runs while working on the engine (`benches/quality.py --native`).
//!
//! `cargo run --release -p chaff-engine --example clean_jsonl -- [--rules FILE | --profile page] < in.jsonl > out.jsonl`

use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rules = match (
        args.iter().position(|a| a == "--rules"),
        args.iter().position(|a| a == "--profile"),
    ) {
        (Some(i), _) => std::fs::read_to_string(args.get(i + 1).ok_or("--rules needs a file")?)?,
        (None, Some(i)) => match args.get(i + 1).map(String::as_str) {
            Some("page") => "extends = \"builtin:page\"\n".to_string(),
            Some("default") => chaff_engine::BUILTIN_RULES.to_string(),
            _ => return Err("--profile is `default` or `page`".into()),
        },
        (None, None) => chaff_engine::BUILTIN_RULES.to_string(),
    };
    let scrubber = chaff_engine::Scrubber::from_rules(&rules)?;
    if args.iter().any(|a| a == "--explain") {
        // One document on stdin: each line with what the region stage saw.
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        for r in scrubber.line_reports(&text) {
            let line = text[r.start..r.end].trim_end();
            match r.features {
                None => println!(),
                Some(f) => println!(
                    "{:>9} {:>9} {:4} w{:<3} fw{:.2} {} {:.100}",
                    r.initial.map_or("", |c| c.name()),
                    r.class.map_or("", |c| c.name()),
                    r.location.name(),
                    f.words,
                    f.function_word_share(),
                    if f.terminal { "." } else { " " },
                    line
                ),
            }
        }
        eprintln!(
            "language: {:?}",
            scrubber
                .line_reports(&text)
                .first()
                .and_then(|r| r.language.clone())
        );
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let mut record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&line)?;
        if let Some(serde_json::Value::String(text)) = record.get("text") {
            let outcome = scrubber.clean(text);
            let removals: Vec<serde_json::Value> = outcome
                .removals
                .iter()
                .map(|r| serde_json::json!({"rule": r.rule, "start": r.start, "end": r.end}))
                .collect();
            record.insert("chaff".into(), removals.into());
            record.insert("text".into(), outcome.text.into());
        }
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
