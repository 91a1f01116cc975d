//! The bad-input matrix: each row's documented behaviour, through the real
//! component (and the CLI where the behaviour is the CLI's).

use chaff::{Rules, Scrubber};

use crate::{builtin, plugin, reconstruct};

fn check(input: &str) -> chaff::Outcome {
    let outcome = builtin().clean(input).expect("clean");
    assert_eq!(reconstruct(input, &outcome), outcome.text);
    outcome
}

#[test]
fn empty_input_gives_empty_output_in_the_library() {
    let outcome = check("");
    assert_eq!(outcome.text, "");
    assert!(outcome.removals.is_empty());
}

#[test]
fn crlf_and_mixed_line_endings_are_preserved_exactly() {
    let input = "First line.\r\nView\r\nSecond line.\nRead More: Other story here\r\nLast line.";
    let outcome = check(input);
    assert_eq!(outcome.text, "First line.\r\nSecond line.\nLast line.");
}

#[test]
fn a_byte_order_mark_does_not_hide_the_first_line() {
    let input = "\u{feff}Home > News > Local\nText of the article.\n";
    let outcome = check(input);
    assert_eq!(outcome.text, "Text of the article.\n");
    let kept = check("\u{feff}Text of the article.\n");
    assert_eq!(
        kept.text, "\u{feff}Text of the article.\n",
        "a BOM on a kept line stays"
    );
}

#[test]
fn nul_bytes_are_ordinary_characters() {
    let input = "Before\0after.\nView\n\0\n";
    let outcome = check(input);
    assert_eq!(outcome.text, "Before\0after.\n\0\n");
}

#[test]
fn right_to_left_and_combining_text_is_cut_on_character_boundaries() {
    let input =
        "مرحبا بالعالم، هذا نص المقال.\nView\ne\u{301}te\u{301} pre\u{301}vu.\nniceWork! (48213)\n";
    let outcome = check(input);
    assert_eq!(
        outcome.text,
        "مرحبا بالعالم، هذا نص المقال.\ne\u{301}te\u{301} pre\u{301}vu.\n"
    );
}

#[test]
fn a_single_50_mb_line() {
    let sentence = "The council met again to discuss the harbour. ";
    let line = sentence.repeat((50 << 20) / sentence.len() + 1);
    let input = format!("{line}\nView\n");
    assert!(input.len() > 50 << 20);
    let outcome = check(&input);
    assert_eq!(outcome.text.len(), line.len() + 1);
}

#[test]
fn a_million_empty_lines() {
    let input = format!("Start.\n{}End.\n", "\n".repeat(1_000_000));
    let outcome = check(&input);
    assert_eq!(
        outcome.text, input,
        "blank lines of the article are not junk"
    );
}

#[test]
fn a_regex_that_is_catastrophic_for_backtracking_engines_is_linear_here() {
    let rules = "version = 1\n[[rule]]\nid = \"user.nested\"\ncategory = \"spam\"\nkind = \"line-pattern\"\npattern = '''(a+)+$'''\n";
    let scrubber = Scrubber::new(plugin(), Rules::Text(rules.into())).expect("rules");
    let evil = format!("{}b\n", "a".repeat(100_000));
    let outcome = scrubber
        .clean(&evil)
        .expect("finishes well inside the deadline");
    assert_eq!(outcome.text, evil);
    assert_eq!(
        scrubber.clean("aaaa\nkeep\n").expect("clean").text,
        "keep\n"
    );
}

#[test]
fn a_rule_file_with_ten_thousand_phrases() {
    let phrases: Vec<String> = (0..10_000)
        .map(|i| format!("\"Sponsored segment {i}\""))
        .collect();
    let rules = format!(
        "version = 1\n[[rule]]\nid = \"user.many\"\ncategory = \"ad\"\nkind = \"phrases\"\nmatch = \"prefix\"\nphrases = [{}]\n",
        phrases.join(",")
    );
    let scrubber = Scrubber::new(plugin(), Rules::Text(rules)).expect("rules");
    let outcome = scrubber
        .clean("Sponsored segment 9999 by Acme\nNews.\nSponsored segment 10000\n")
        .expect("clean");
    assert_eq!(outcome.text, "News.\nSponsored segment 10000\n");
}
