//! Rule-file messages that used to mislead (issue 15): each says what is
//! really wrong, or the file is read as written.

use chaff_engine::{RuleError, Scrubber};

fn error(rules: &str) -> RuleError {
    match Scrubber::from_rules(rules) {
        Ok(_) => panic!("rules were accepted:\n{rules}"),
        Err(e) => e,
    }
}

#[test]
fn disable_listing_an_id_twice_says_so() {
    let e = error(
        "version = 1\nextends = \"builtin\"\ndisable = [\"ui.lone-words\", \"ui.lone-words\"]\n",
    );
    assert_eq!(e.field.as_deref(), Some("disable"), "{e}");
    assert!(e.message.contains("listed twice"), "{e}");
    assert!(!e.message.contains("names no inherited rule"), "{e}");
}

#[test]
fn an_extended_pattern_may_end_in_a_comment() {
    let rules = "version = 1\n[[rule]]\nid = \"mine.x\"\ncategory = \"spam\"\nkind = \"line-pattern\"\n\
                 pattern = '(?x) buy \\s+ now   # the whole line, anchored for us'\n";
    let scrubber = Scrubber::from_rules(rules).expect("a trailing comment is fine");
    let outcome = scrubber.clean("buy   now\nbuy now please\n");
    assert_eq!(
        outcome.text, "buy now please\n",
        "still anchored to the whole line"
    );
    // Without the x flag a `#` is an ordinary character, and the anchoring
    // is unchanged.
    let rules = "version = 1\n[[rule]]\nid = \"mine.x\"\ncategory = \"spam\"\nkind = \"line-pattern\"\n\
                 pattern = 'item #\\d+'\n";
    let scrubber = Scrubber::from_rules(rules).expect("rules");
    assert_eq!(
        scrubber.clean("item #12\nitem #12 sold\n").text,
        "item #12 sold\n"
    );
}

#[test]
fn a_json_rule_file_with_a_byte_order_mark_is_read_as_json() {
    let rules = "\u{feff}{\"version\": 1, \"rules\": [{\"id\": \"a\", \"category\": \"ui\", \
                 \"kind\": \"phrases\", \"phrases\": [\"View\"]}]}";
    let scrubber = Scrubber::from_rules(rules).expect("JSON after a BOM");
    assert_eq!(scrubber.clean("View\nKept.\n").text, "Kept.\n");
    let e = error("\u{feff}{\"version\": 1, \"rules\": [}");
    assert_eq!(e.line, Some(1), "a JSON error, with its position: {e}");
    assert!(!e.message.contains("TOML"), "{e}");
    let toml = "\u{feff}version = 1\nextends = \"builtin\"\n";
    Scrubber::from_rules(toml).expect("TOML after a BOM");
}
