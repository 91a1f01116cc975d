//! The example rule files in `examples/rules/` (one per rule kind, plus a
//! JSON one) load, and do what their comments say.

use chaff_engine::Scrubber;

fn load(name: &str) -> Scrubber {
    let path = format!("{}/../../examples/rules/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Scrubber::from_rules(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn cleaned(name: &str, input: &str) -> String {
    load(name).clean(input).text
}

#[test]
fn line_pattern_example() {
    assert_eq!(
        cleaned("line-pattern.toml", "News.\nSponsored by Acme Boats\n"),
        "News.\n"
    );
}

#[test]
fn phrases_example_adds_a_rule_and_disables_one() {
    assert_eq!(
        cleaned(
            "phrases.toml",
            "View\nNews.\nListen to our podcast every Monday\n"
        ),
        "View\nNews.\n"
    );
}

#[test]
fn inline_span_example() {
    assert_eq!(
        cleaned("inline-span.toml", "The vote was close. [[ad-slot-12]]\n"),
        "The vote was close.\n"
    );
}

#[test]
fn repeated_line_example() {
    let input = "Support local news today\nStory.\nSUPPORT LOCAL NEWS TODAY!\nMore story.\nSupport local news, today\n";
    assert_eq!(
        cleaned("repeated-line.toml", input),
        "Story.\nMore story.\n"
    );
}

#[test]
fn headline_list_example() {
    let input = "Story.\nMore from the Business desk\nBank raises rates again\nShops report a quiet winter\n";
    assert_eq!(cleaned("headline-list.toml", input), "Story.\n");
}

#[test]
fn json_example() {
    assert_eq!(
        cleaned("rules.json", "Get the app\nShare\nNews.\n"),
        "Share\nNews.\n"
    );
}
