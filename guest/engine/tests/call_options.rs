//! What a caller can ask of one call: the document's site (for rules scoped
//! with `sites`), rules or categories to skip, the built-in profile a file
//! builds on, and the rule table removals point into.

use chaff_engine::{RuleSet, Scrubber, SkipError};

const SITE_RULES: &str = r#"
extends = "builtin"

[[rule]]
id = "site.footer"
category = "boilerplate"
kind = "phrases"
match = "whole"
phrases = ["Proudly serving the valley since 1921"]
sites = ["Valley-Herald.example"]
description = "The footer line of one paper."
examples = ["Proudly serving the valley since 1921"]
keeps = ["The valley has been served by the ferry since 1921."]
"#;

const DOC: &str = "The council met on Tuesday to discuss the new bridge.\n\
                   Proudly serving the valley since 1921\n";

#[test]
fn site_rules_apply_only_to_documents_of_their_site_and_its_subdomains() {
    let scrubber = Scrubber::from_rules(SITE_RULES).unwrap();
    assert!(scrubber.has_site_rules());
    for site in [
        "https://www.valley-herald.example/news/1",
        "sports.valley-herald.example",
    ] {
        let outcome = scrubber.clean_for(DOC, Some(site));
        assert_eq!(
            outcome.text, "The council met on Tuesday to discuss the new bridge.\n",
            "{site}"
        );
        assert_eq!(outcome.removals[0].rule, "site.footer");
    }
    for site in [
        None,
        Some("https://other.example/"),
        Some("notvalley-herald.example"),
    ] {
        assert_eq!(scrubber.clean_for(DOC, site).text, DOC, "{site:?}");
    }
    // Without a site, the plain calls never apply site rules.
    assert_eq!(scrubber.clean(DOC).text, DOC);
    // Its examples are checked on a document of its site.
    let failures = chaff_engine::check_examples(&RuleSet::parse(SITE_RULES).unwrap()).unwrap();
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn sites_must_be_bare_hosts_and_not_mixed_with_at() {
    for (sites, extra) in [
        (r#"["https://a.example/x"]"#, ""),
        ("[]", ""),
        (r#"["a.example"]"#, r#"at = ["tail"]"#),
    ] {
        let file = format!(
            "[[rule]]\nid = \"s\"\ncategory = \"boilerplate\"\nkind = \"phrases\"\nphrases = [\"x\"]\nsites = {sites}\n{extra}\n"
        );
        let error = Scrubber::from_rules(&file).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("sites"), "{error}");
    }
}

#[test]
fn removals_point_into_the_rule_table() {
    let scrubber = Scrubber::builtin();
    let table = scrubber.rules();
    assert!(table.len() > 20);
    assert!(table.iter().all(|r| !r.id.is_empty() && !r.kind.is_empty()));
    let text = "A sentence of the article.\nRead More: Another story entirely\n";
    let outcome = scrubber.clean(text);
    let removal = outcome.removals[0];
    assert_eq!(table[removal.index].id, removal.rule);
    assert_eq!(table[removal.index].category, removal.category);
}

#[test]
fn skipping_removes_rules_by_category_or_id_and_refuses_unknown_names() {
    let set = RuleSet::builtin();
    let text = "A sentence of the article.\nRead More: Another story entirely\n";
    let narrowed = set.without(&["read-more".into()], &[]).unwrap();
    assert_eq!(Scrubber::new(&narrowed).unwrap().clean(text).text, text);
    let id = Scrubber::builtin().clean(text).removals[0].rule.to_string();
    let narrowed = set.without(&[], std::slice::from_ref(&id)).unwrap();
    assert!(narrowed.ids().all(|i| i != id));
    assert_eq!(
        set.without(&["no-such".into()], &[]).unwrap_err(),
        SkipError::UnknownCategory("no-such".into())
    );
    assert_eq!(
        set.without(&[], &["no.such".into()]).unwrap_err(),
        SkipError::UnknownRule("no.such".into())
    );
}

#[test]
fn a_file_on_the_builtin_base_can_be_read_on_the_page_profile() {
    let mine = "extends = \"builtin\"\n[[rule]]\nid = \"mine.x\"\ncategory = \"spam\"\nkind = \"phrases\"\nphrases = [\"zzz\"]\n";
    let page = RuleSet::parse_on_profile(mine, "builtin:page").unwrap();
    assert!(page.ids().any(|id| id == "region.outside-body"));
    assert!(page.ids().any(|id| id == "mine.x"));
    let own =
        "[[rule]]\nid = \"mine.x\"\ncategory = \"spam\"\nkind = \"phrases\"\nphrases = [\"zzz\"]\n";
    let error = RuleSet::parse_on_profile(own, "builtin:page").unwrap_err();
    assert_eq!(error.field.as_deref(), Some("extends"));
}
