//! Arbitrary rules (built from fuzzer-chosen pieces so most of them compile)
//! applied to arbitrary text: the outcome must always be the input minus
//! its removals.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Kind {
    LinePattern(String),
    Phrases(Vec<String>, u8),
    InlineSpan(String),
    Repeated(u8, u8, bool),
    HeadlineList(Vec<String>, u8, Option<u8>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    rules: Vec<Kind>,
    text: String,
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", items.join(", "))
}

fn rule_file(input: &Input) -> String {
    // No `extends = "builtin"`: compiling the built-in set on every input
    // would leave the fuzzer a few hundred runs a minute.
    let mut file = String::from("version = 1\n");
    for (i, kind) in input.rules.iter().take(4).enumerate() {
        file.push_str(&format!(
            "\n[[rule]]\nid = \"fuzz.r{i}\"\ncategory = \"spam\"\n"
        ));
        match kind {
            Kind::LinePattern(p) => file.push_str(&format!("kind = \"line-pattern\"\npattern = {}\n", toml_string(p))),
            Kind::InlineSpan(p) => file.push_str(&format!("kind = \"inline-span\"\npattern = {}\n", toml_string(p))),
            Kind::Phrases(p, mode) => {
                let mode = ["whole", "prefix", "contains"][usize::from(*mode) % 3];
                file.push_str(&format!("kind = \"phrases\"\nmatch = \"{mode}\"\nphrases = {}\n", list(p)));
            }
            Kind::Repeated(count, chars, prefixed) => file.push_str(&format!(
                "kind = \"repeated-line\"\nmin_count = {}\nmin_chars = {chars}\nonly_prefixed = {prefixed}\nfold_prefixes = [\"read more\"]\n",
                count.max(&2)
            )),
            Kind::HeadlineList(headings, min, tail) => {
                file.push_str(&format!("kind = \"headline-list\"\nheadings = {}\nmin_items = {}\n", list(headings), min.max(&1)));
                if let Some(tail) = tail {
                    file.push_str(&format!("tail_min_items = {}\n", tail.max(&1)));
                }
            }
        }
    }
    file
}

fuzz_target!(|input: Input| {
    let Ok(scrubber) = chaff_engine::Scrubber::from_rules(&rule_file(&input)) else {
        return;
    };
    let outcome = scrubber.clean(&input.text);
    let rebuilt = chaff_common::cut_checked(
        &input.text,
        outcome.removals.iter().map(|r| (r.start, r.end)),
    );
    assert_eq!(
        rebuilt.as_ref(),
        Ok(&outcome.text),
        "bad spans {:?}",
        outcome.removals
    );
});
