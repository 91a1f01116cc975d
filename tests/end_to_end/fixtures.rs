//! The project's own fixtures through the real component: every junk kind
//! goes, every trap line stays, spans point at what was removed.

use crate::{builtin, fixture, reconstruct};

fn removed_by_category(input: &str, category: &str) -> Vec<String> {
    let outcome = builtin().clean(input).expect("clean");
    outcome
        .removals
        .iter()
        .filter(|r| r.category == category)
        .map(|r| {
            r.text(input)
                .expect("span inside input")
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn every_junk_kind_is_removed_and_the_article_kept() {
    for name in [
        "junk_kinds",
        "headline_lists",
        "list_then_prose",
        "tail_links",
        "multilingual",
        "widgets",
    ] {
        let input = fixture(&format!("{name}.txt"));
        let expected = fixture(&format!("{name}.clean.txt"));
        let outcome = builtin().clean(&input).expect("clean");
        assert_eq!(outcome.text, expected, "fixture {name}");
        assert_eq!(
            reconstruct(&input, &outcome),
            outcome.text,
            "fixture {name}"
        );
    }
}

#[test]
fn removals_name_the_rule_and_point_at_the_junk() {
    let input = fixture("junk_kinds.txt");
    let cases: &[(&str, &[&str])] = &[
        ("breadcrumb", &["Current:Home > Regions > Coastal Towns"]),
        ("metadata", &["Date:2026-03-02 09:15:07"]),
        ("spam", &["niceWork! (48213)"]),
        (
            "read-more",
            &[
                "Read More: Council approves new parking rules for the seafront",
                "Also Read: Ferry timetable changes announced for the summer season",
                "Read Next: Local bakery wins regional bread prize for the third year",
            ],
        ),
        ("ui", &["Leave a Comment\nView"]),
    ];
    for (category, expected) in cases {
        let found = removed_by_category(&input, category);
        assert_eq!(&found, expected, "category {category}");
    }
    for category in ["paywall", "credit", "newsletter", "related-list"] {
        assert!(
            !removed_by_category(&input, category).is_empty(),
            "nothing removed as {category}"
        );
    }
    let credits = removed_by_category(&input, "credit").join("\n");
    assert!(credits.contains("Credit: DepositPhotos"));
    assert!(credits.contains("Photo: Marta Lind/Reuters"));
    let related = removed_by_category(&input, "related-list").join("\n");
    assert!(related.starts_with("Related\n- Storm damage"));
    assert!(related.contains("New lifeboat station plans"));
}

#[test]
fn rule_ids_in_removals_are_the_builtin_ids() {
    let input = fixture("junk_kinds.txt");
    let outcome = builtin().clean(&input).expect("clean");
    let rules = builtin().rules();
    for removal in &outcome.removals {
        assert!(
            rules.contains(&format!("id = \"{}\"", removal.rule)),
            "unknown rule id {}",
            removal.rule
        );
    }
}

#[test]
fn trap_lines_stay() {
    for name in ["traps.txt", "tail_traps.txt"] {
        let input = fixture(name);
        let outcome = builtin().clean(&input).expect("clean");
        assert_eq!(outcome.removals, vec![], "nothing in {name} is junk");
        assert_eq!(outcome.text, input);
    }
}

#[test]
fn every_rule_kind_is_used_by_the_builtin_rules() {
    let rules = builtin().rules();
    for kind in [
        "line-pattern",
        "phrases",
        "inline-span",
        "repeated-line",
        "headline-list",
    ] {
        assert!(
            rules.contains(&format!("kind = \"{kind}\"")),
            "no built-in rule of kind {kind}"
        );
    }
    let input = fixture("list_then_prose.txt");
    let outcome = builtin().clean(&input).expect("clean");
    let rules: Vec<&str> = outcome.removals.iter().map(|r| r.rule.as_str()).collect();
    assert!(rules.contains(&"repeated.template-line"), "{rules:?}");
    let tail = builtin().clean(&fixture("tail_links.txt")).expect("clean");
    assert!(tail.removals.iter().any(|r| r.rule == "related-list.tail"));
}

#[test]
fn cleaning_twice_equals_cleaning_once_on_every_fixture() {
    for name in crate::fixture_inputs() {
        let name = name.as_str();
        let once = builtin().clean(&fixture(name)).expect("clean").text;
        let twice = builtin().clean(&once).expect("clean again");
        assert_eq!(twice.text, once, "fixture {name}");
        assert!(
            twice.removals.is_empty(),
            "fixture {name}: {:?}",
            twice.removals
        );
    }
}

#[test]
fn batch_and_single_calls_agree() {
    let inputs: Vec<String> = crate::fixture_inputs().iter().map(|n| fixture(n)).collect();
    let batch = builtin().clean_batch(&inputs);
    assert_eq!(batch.len(), inputs.len());
    for (input, result) in inputs.iter().zip(batch) {
        assert_eq!(
            result.expect("batch clean"),
            builtin().clean(input).expect("clean")
        );
    }
}

#[test]
fn component_and_native_engine_agree_on_fixtures() {
    let native = crate::native();
    for name in crate::fixture_inputs() {
        let name = name.as_str();
        let input = fixture(name);
        let ours = builtin().clean(&input).expect("clean");
        let theirs = native.clean(&input);
        assert_eq!(ours.text, theirs.text, "fixture {name}");
        let spans: Vec<_> = ours
            .removals
            .iter()
            .map(|r| (r.rule.as_str(), r.start, r.end))
            .collect();
        let native_spans: Vec<_> = theirs
            .removals
            .iter()
            .map(|r| (r.rule, r.start, r.end))
            .collect();
        assert_eq!(spans, native_spans, "fixture {name}");
    }
}

#[test]
fn a_broken_rule_file_names_the_rule_and_the_problem() {
    let rules = r#"
version = 1

[[rule]]
id = "my.bad-regex"
category = "spam"
kind = "line-pattern"
pattern = "(unclosed"
"#;
    let err = chaff::Scrubber::new(crate::plugin(), chaff::Rules::Text(rules.into()))
        .expect_err("bad regex must be refused");
    let chaff::Error::Rules(rule_error) = &err else {
        panic!("expected a rule error, got {err}");
    };
    assert_eq!(rule_error.rule.as_deref(), Some("my.bad-regex"));
    assert_eq!(rule_error.field.as_deref(), Some("pattern"));
    let message = err.to_string();
    assert!(
        message.contains("my.bad-regex") && message.contains("pattern"),
        "{message}"
    );
}

#[test]
fn user_rules_extend_and_disable_builtin_ones() {
    let rules = r#"
version = 1
extends = "builtin"
disable = ["ui.lone-words"]

[[rule]]
id = "house.sponsor"
category = "ad"
kind = "phrases"
match = "prefix"
phrases = ["This story is brought to you by"]
"#;
    let scrubber = chaff::Scrubber::new(crate::plugin(), chaff::Rules::Text(rules.into()))
        .expect("rules load");
    let input =
        "Real news.\nView\nThis story is brought to you by Acme Boats.\nRead More: Other thing\n";
    let outcome = scrubber.clean(input).expect("clean");
    assert_eq!(outcome.text, "Real news.\nView\n");
    let ids: Vec<&str> = outcome.removals.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(ids, ["house.sponsor", "read-more.prefix"]);
}
