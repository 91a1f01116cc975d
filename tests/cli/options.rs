//! `chaff clean`'s per-call options, `chaff rules --list` and `chaff check
//! --examples`, end to end through the real binary.

use crate::run::{chaff, scratch, stderr};

const ARTICLE: &str = "The ferry will run again from Monday, the harbour office said.\nRead More: Another story entirely\n";

#[test]
fn skip_names_a_category_or_a_rule_and_refuses_anything_else() {
    let all = chaff(&["clean"], ARTICLE.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&all.stdout),
        "The ferry will run again from Monday, the harbour office said.\n"
    );
    let skipped = chaff(&["clean", "--skip", "read-more"], ARTICLE.as_bytes());
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    assert_eq!(String::from_utf8_lossy(&skipped.stdout), ARTICLE);
    let typo = chaff(&["clean", "--skip", "read-mroe"], ARTICLE.as_bytes());
    assert_eq!(typo.status.code(), Some(2));
    assert!(stderr(&typo).contains("read-mroe"), "{}", stderr(&typo));
}

#[test]
fn url_applies_the_rules_of_that_site() {
    let rules = scratch("site-rules").join("rules.toml");
    std::fs::write(
        &rules,
        "extends = \"builtin\"\n[[rule]]\nid = \"site.tagline\"\ncategory = \"boilerplate\"\nkind = \"phrases\"\nphrases = [\"Your valley, your news\"]\nsites = [\"valley.example\"]\n",
    )
    .expect("write rules");
    let rules = rules.to_str().expect("utf-8 path");
    let text = "The ferry will run again from Monday.\nYour valley, your news\n";
    let on_site = chaff(
        &[
            "clean",
            "--rules",
            rules,
            "--url",
            "https://www.valley.example/x",
        ],
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&on_site.stdout),
        "The ferry will run again from Monday.\n"
    );
    let elsewhere = chaff(
        &["clean", "--rules", rules, "--url", "other.example"],
        text.as_bytes(),
    );
    assert_eq!(String::from_utf8_lossy(&elsewhere.stdout), text);
}

#[test]
fn rules_list_shows_every_rule_with_its_kind() {
    let out = chaff(&["rules", "--list"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.starts_with("id\tcategory\tkind\tdescription\n"));
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("spam.exclaim-count\tspam\tline-pattern\t")),
        "{listing}"
    );
    let page = chaff(&["rules", "--profile", "page"], b"");
    assert!(String::from_utf8_lossy(&page.stdout).contains("builtin"));
}

#[test]
fn check_examples_passes_on_the_builtin_rules_and_names_a_failing_rule() {
    for profile in ["default", "page"] {
        let out = chaff(&["check", "--examples", "--profile", profile], b"");
        assert!(out.status.success(), "{profile}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("0 failed"));
    }
    let rules = scratch("failing-examples").join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"mine.promo\"\ncategory = \"ads\"\nkind = \"phrases\"\nphrases = [\"Buy now\"]\nexamples = [\"Order today\"]\nkeeps = [\"Buy nothing day is on Friday.\"]\n",
    )
    .expect("write rules");
    let out = chaff(
        &["check", "--examples", rules.to_str().expect("utf-8 path")],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("mine.promo"), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 failed"));
}
