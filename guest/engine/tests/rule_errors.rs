//! Every way a rule file can be wrong gets an error that names the rule,
//! the field and the problem (or the line and column of a syntax error).

use chaff_engine::{RuleError, Scrubber};

fn error(rules: &str) -> RuleError {
    match Scrubber::from_rules(rules) {
        Ok(_) => panic!("rules were accepted:\n{rules}"),
        Err(e) => e,
    }
}

fn rule(kind_and_fields: &str) -> String {
    format!("version = 1\n\n[[rule]]\nid = \"mine.rule\"\ncategory = \"spam\"\n{kind_and_fields}\n")
}

fn assert_names(e: &RuleError, field: &str, words: &str) {
    assert_eq!(e.rule.as_deref(), Some("mine.rule"), "{e}");
    assert_eq!(e.field.as_deref(), Some(field), "{e}");
    assert!(
        e.message.contains(words),
        "`{}` does not mention `{words}`",
        e.message
    );
}

#[test]
fn bad_regex_points_into_the_users_pattern() {
    let e = error(&rule("kind = \"line-pattern\"\npattern = \"ab(c\""));
    assert_names(&e, "pattern", "unclosed group");
    assert!(e.message.contains("ab(c"), "{e}");
    assert!(
        !e.message.contains("^(?:"),
        "error shows chaff's anchoring: {e}"
    );
}

#[test]
fn huge_regex_hits_the_size_limit() {
    let e = error(&rule(
        "kind = \"inline-span\"\npattern = \"(?:\\\\w{100}){100}\"",
    ));
    assert_names(&e, "pattern", "compiles to more than");
}

#[test]
fn unknown_kind_lists_the_kinds() {
    let e = error(&rule("kind = \"regex\"\npattern = \"a\""));
    assert_eq!(e.line, Some(6));
    assert!(
        e.message.contains("repeated-line") && e.message.contains("headline-list"),
        "{e}"
    );
}

#[test]
fn empty_and_blank_phrases() {
    assert_names(
        &error(&rule("kind = \"phrases\"\nphrases = []")),
        "phrases",
        "empty list",
    );
    assert_names(
        &error(&rule("kind = \"phrases\"\nphrases = [\"ok\", \" \"]")),
        "phrases",
        "item 2 is blank",
    );
    assert_names(
        &error(&rule(
            "kind = \"phrases\"\nphrases = [\"ok\"]\nmax_chars = 0",
        )),
        "max_chars",
        "at least 1",
    );
    assert_names(
        &error(&rule(
            "kind = \"line-pattern\"\npattern = \"a\"\nmax_chars = 0",
        )),
        "max_chars",
        "at least 1",
    );
    assert_names(
        &error(&rule(
            "kind = \"inline-span\"\npattern = \"a\"\nmax_chars = 80",
        )),
        "max_chars",
        "not used by kind `inline-span`",
    );
}

#[test]
fn fields_of_another_kind_are_refused() {
    let e = error(&rule(
        "kind = \"phrases\"\nphrases = [\"a\"]\npattern = \"b\"",
    ));
    assert_names(&e, "pattern", "not used by kind `phrases`");
    let e = error(&rule(
        "kind = \"line-pattern\"\npattern = \"a\"\nmin_count = 2",
    ));
    assert_names(&e, "min_count", "not used by kind `line-pattern`");
}

#[test]
fn missing_required_fields() {
    assert_names(
        &error(&rule("kind = \"line-pattern\"")),
        "pattern",
        "required",
    );
    assert_names(
        &error(&rule("kind = \"headline-list\"")),
        "headings",
        "required",
    );
}

#[test]
fn repeated_line_checks() {
    assert_names(
        &error(&rule("kind = \"repeated-line\"\nmin_count = 1")),
        "min_count",
        "2 or more",
    );
    assert_names(
        &error(&rule("kind = \"repeated-line\"\nonly_prefixed = true")),
        "only_prefixed",
        "fold_prefixes",
    );
}

#[test]
fn headline_list_checks() {
    assert_names(
        &error(&rule(
            "kind = \"headline-list\"\nheadings = [\"Related\"]\nmin_items = 0",
        )),
        "min_items",
        "at least 1",
    );
    assert_names(
        &error(&rule("kind = \"headline-list\"\ntail_min_items = 0")),
        "tail_min_items",
        "at least 1",
    );
    assert_names(
        &error(&rule(
            "kind = \"headline-list\"\nheadings = [\"Related\"]\n[rule.headline]\nmin_words = 5\nmax_words = 3",
        )),
        "headline.max_words",
        "below min_words",
    );
    assert_names(
        &error(&rule(
            "kind = \"headline-list\"\nheadings = [\"Related\"]\n[rule.headline]\nprose_function_words = 1.5",
        )),
        "headline.prose_function_words",
        "ratio",
    );
}

#[test]
fn duplicate_ids_and_bad_categories() {
    let twice = format!(
        "{}\n[[rule]]\nid = \"mine.rule\"\ncategory = \"spam\"\nkind = \"phrases\"\nphrases = [\"b\"]\n",
        rule("kind = \"phrases\"\nphrases = [\"a\"]")
    );
    assert_names(&error(&twice), "id", "duplicate");
    let e = error(
        "version = 1\n[[rule]]\nid = \"mine.rule\"\ncategory = \"Read More\"\nkind = \"phrases\"\nphrases = [\"a\"]\n",
    );
    assert_names(&e, "category", "not a category");
}

#[test]
fn file_level_problems() {
    assert!(error("version = 2\n").message.contains("version"));
    assert!(
        error("version = 1\nextends = \"other\"\n")
            .message
            .contains("builtin")
    );
    let e = error("version = 1\nextends = \"builtin\"\ndisable = [\"no.such-rule\"]\n");
    assert!(e.message.contains("no.such-rule"), "{e}");
    let e = error("version = 1\n[[rule]\n");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn json_rule_files_work_and_report_positions() {
    let ok = r#"{"version": 1, "rule": [{"id": "j.one", "category": "ad", "kind": "phrases", "phrases": ["Sponsored by"], "match": "prefix"}]}"#;
    let scrubber = Scrubber::from_rules(ok).expect("JSON rules");
    assert_eq!(scrubber.clean("Sponsored by Acme\nNews.\n").text, "News.\n");
    let e = error("{\"version\": 1,\n \"rule\": [}");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn a_switched_off_rule_does_nothing() {
    let rules = rule("kind = \"phrases\"\nphrases = [\"Remove me\"]\nenabled = false");
    let scrubber = Scrubber::from_rules(&rules).expect("rules");
    assert_eq!(scrubber.clean("Remove me\n").text, "Remove me\n");
}
