//! Learn cross-site phrases from JSONL records natively (no wasm), as
//! `chaff learn --jsonl` does: for regrowing the built-in packs
//! (`scripts/grow-packs.sh`).
//!
//! `cargo run --release -p chaff-engine --example learn_jsonl -- --field F [--field F2 ...] --url-field url [--min-sites N] [--min-documents N] < in.jsonl > learned.toml`

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let values = |flag: &str| -> Vec<String> {
        args.windows(2)
            .filter(|w| w[0] == flag)
            .map(|w| w[1].clone())
            .collect()
    };
    let fields = values("--field");
    let url_field = values("--url-field").pop().unwrap_or_else(|| "url".into());
    let mut settings = chaff_engine::LearnSettings::default();
    if let Some(n) = values("--min-sites").pop() {
        settings.min_sites = n.parse()?;
    }
    if let Some(n) = values("--min-documents").pop() {
        settings.min_documents = n.parse()?;
    }
    let mut learner = chaff_engine::Learner::new(settings)?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)?;
        let url = record
            .get(&url_field)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or(url)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .trim_start_matches("www.");
        for field in &fields {
            if let Some(text) = record.get(field).and_then(|v| v.as_str()) {
                learner.add(host, text);
            }
        }
    }
    eprintln!(
        "{} documents, {} sites, {} refused",
        learner.documents(),
        learner.sites(),
        learner.refused()
    );
    print!("{}", learner.rule_file());
    Ok(())
}
