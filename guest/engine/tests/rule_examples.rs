//! Every rule pinned by its own texts (issue #16): each rule's `examples`
//! are removed by that rule and its `keeps` stay, for every profile of the
//! built-in rules, and a user file's failing text is reported with its
//! rule. What counts as removed, and where each text is placed, is
//! documented on `check_examples`.

use chaff_engine::{
    ExampleFailure, ExampleKind, ExampleProblem, PROFILES, RuleSet, check_examples,
};

fn check(rules: &str) -> Vec<ExampleFailure> {
    let set = RuleSet::parse(rules).unwrap_or_else(|e| panic!("rules refused: {e}"));
    check_examples(&set).unwrap_or_else(|e| panic!("rules do not compile: {e}"))
}

/// The one table: every text of every rule of every built-in profile.
#[test]
fn every_builtin_rule_passes_its_examples_and_keeps() {
    let mut report = Vec::new();
    for (profile, _) in PROFILES {
        let set = RuleSet::named(profile).unwrap();
        let checked: usize = set
            .examples()
            .map(|r| r.examples.len() + r.keeps.len())
            .sum();
        let failures = check_examples(&set).unwrap();
        eprintln!(
            "profile {profile}: {checked} texts of {} rules checked, {} failed",
            set.len(),
            failures.len()
        );
        report.extend(failures.iter().map(|f| format!("{profile}: {f}")));
    }
    assert!(
        report.is_empty(),
        "{} failures:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// Issue #16's bar: every built-in rule has two examples or more and a
/// keep. The one exception is the default profile's `region.body`, which
/// only locates the body and removes nothing (an example is refused there).
#[test]
fn every_builtin_rule_has_examples_and_keeps() {
    let mut missing = Vec::new();
    for (profile, _) in PROFILES {
        for rule in RuleSet::named(profile).unwrap().examples() {
            let examples_needed = if rule.rule == "region.body" { 0 } else { 2 };
            if rule.examples.len() < examples_needed || rule.keeps.is_empty() {
                missing.push(format!(
                    "{profile}: `{}` has {} examples and {} keeps",
                    rule.rule,
                    rule.examples.len(),
                    rule.keeps.len()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn a_user_example_that_is_not_removed_is_reported_with_its_rule() {
    let failures = check(
        r#"
extends = "builtin"

[[rule]]
id = "house.sponsor"
category = "advertising"
kind = "phrases"
match = "prefix"
phrases = ["This story is brought to you by"]
examples = [
  "This story is brought to you by Acme Boats",
  "Brought to you by Acme Boats",
]
keeps = ["Acme Boats said this story is not over."]
"#,
    );
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let f = &failures[0];
    assert_eq!(f.rule, "house.sponsor");
    assert_eq!(f.kind, ExampleKind::Example);
    assert_eq!(f.index, 2);
    assert_eq!(f.text, "Brought to you by Acme Boats");
    assert_eq!(f.problem, ExampleProblem::NotRemoved);
    let message = f.to_string();
    assert!(
        message.contains("house.sponsor")
            && message.contains("example 2")
            && message.contains("Brought to you by Acme Boats")
            && message.contains("not removed"),
        "{message}"
    );
}

#[test]
fn an_example_an_earlier_rule_takes_names_that_rule() {
    // `ui.lone-words` comes first and takes `View`: this rule is not pinned.
    let failures = check(
        r#"
extends = "builtin"

[[rule]]
id = "house.view"
category = "ui"
kind = "phrases"
phrases = ["View", "View gallery now"]
examples = ["View", "View gallery now"]
"#,
    );
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert_eq!(failures[0].rule, "house.view");
    assert_eq!(
        failures[0].problem,
        ExampleProblem::TakenByOther {
            rules: vec!["ui.lone-words".into()]
        }
    );
    assert!(
        failures[0]
            .to_string()
            .contains("removed by `ui.lone-words` instead"),
        "{}",
        failures[0]
    );
}

#[test]
fn a_removed_keep_names_the_rule_that_took_it() {
    // The user's own rule is too broad: it takes a keep of a built-in rule
    // and one of its own.
    let failures = check(
        r#"
extends = "builtin"

[[rule]]
id = "house.credit"
category = "credit"
kind = "phrases"
match = "prefix"
phrases = ["Credit"]
examples = ["Credit Example Photos"]
keeps = ["Credit unions grew by a fifth last year."]
"#,
    );
    let taken: Vec<(&str, &str)> = failures
        .iter()
        .map(|f| {
            assert_eq!(f.kind, ExampleKind::Keep, "{f}");
            match &f.problem {
                ExampleProblem::Removed { rules, removed } => {
                    assert_eq!(rules, &["house.credit"], "{f}");
                    assert_eq!(removed.trim(), f.text, "{f}");
                }
                other => panic!("{other:?}"),
            }
            (f.rule.as_str(), f.text.as_str())
        })
        .collect();
    assert!(taken.contains(&("house.credit", "Credit unions grew by a fifth last year.")));
    assert!(
        taken.iter().any(|&(rule, _)| rule == "credit.label"),
        "the built-in `credit.label` keep `Credit Suisse …` is not reported: {taken:?}"
    );
}

#[test]
fn an_example_a_line_rule_takes_only_in_part_fails() {
    let failures = check(
        r#"
[[rule]]
id = "house.sponsor"
category = "advertising"
kind = "line-pattern"
pattern = "Sponsored by .+"
examples = ["Sponsored by Acme\nAcme makes boats"]
"#,
    );
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert_eq!(
        failures[0].problem,
        ExampleProblem::PartlyKept {
            kept: "Acme makes boats".into()
        }
    );
}

#[test]
fn inline_span_examples_keep_the_rest_of_their_line() {
    let failures = check(
        r#"
[[rule]]
id = "house.slot"
category = "advertising"
kind = "inline-span"
pattern = '\s*\[\[ad-slot-\d+\]\]'
examples = ["The vote was close. [[ad-slot-12]]", "Nothing to cut here."]
keeps = ["See [[footnote 3]] for the figures."]
"#,
    );
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert_eq!(failures[0].index, 2);
    assert_eq!(failures[0].problem, ExampleProblem::NotRemoved);
}

#[test]
fn located_rules_are_checked_where_they_act() {
    // `at = ["tail"]`: the example goes after the article, where it is
    // removed; the keep carries its own prose, which puts it in the body.
    let failures = check(
        r#"
extends = "builtin"

[[rule]]
id = "house.byline"
category = "metadata"
kind = "phrases"
match = "prefix"
at = ["tail"]
phrases = ["Story by"]
examples = ["Story by the news desk"]
keeps = ['''
Story by story, the archive was rebuilt over the winter by volunteers who gave their evenings to it, and the council thanked them for all of the work that they had done for the town and its library.''']
"#,
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn examples_are_refused_where_they_cannot_hold() {
    let blank = RuleSet::parse(
        "[[rule]]\nid = \"a\"\ncategory = \"ui\"\nkind = \"phrases\"\nphrases = [\"View\"]\nexamples = [\"View\", \" \"]\n",
    )
    .unwrap_err();
    assert_eq!(blank.rule.as_deref(), Some("a"));
    assert_eq!(blank.field.as_deref(), Some("examples"));
    assert!(blank.message.contains("item 2 is blank"), "{blank}");

    let region = RuleSet::parse(
        "[[rule]]\nid = \"r\"\ncategory = \"boilerplate\"\nkind = \"content-region\"\nexamples = [\"Menu\"]\n",
    )
    .unwrap_err();
    assert_eq!(region.field.as_deref(), Some("examples"));
    assert!(region.message.contains("removes nothing"), "{region}");

    // Keeps are fine there, and JSON files carry both lists too.
    RuleSet::parse(
        r#"{"rules": [{"id": "r", "category": "boilerplate", "kind": "content-region", "keeps": ["A paragraph."]},
                      {"id": "v", "category": "ui", "kind": "phrases", "phrases": ["View"], "examples": ["View"]}]}"#,
    )
    .unwrap();
}
