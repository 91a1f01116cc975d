//! The contract's versions, both ways, and what 0.1.1 adds: a host of this
//! release drives a component built against 0.1.0; a host built against
//! 0.1.0 drives this release's component; per-call options, the rule table
//! and built-in profiles work through the real component.

use chaff::{
    Cache, CallOptions, EMBEDDED_COMPONENT, Error, OptionsError, Plugin, PluginOptions, Profile,
    Rules, Scrubber,
};
use chaff_test_components::{HOSTILE, HOSTILE_0_1_0};

use crate::{builtin, plugin};

fn uncached() -> PluginOptions {
    PluginOptions {
        cache: Cache::Off,
        ..PluginOptions::default()
    }
}

#[test]
fn this_host_drives_a_component_built_against_0_1_0() {
    let plugin = Plugin::load(HOSTILE_0_1_0, &uncached()).expect("a 0.1.0 component loads");
    assert_eq!(plugin.contract_version(), "0.1.0");
    let scrubber = Scrubber::new(&plugin, Rules::Text("anything".into())).expect("rules");
    let outcome = scrubber.clean("keep\nJUNK drop\n").expect("clean");
    assert_eq!(outcome.text, "keep\n");
    assert_eq!(outcome.removals[0].rule, "hostile.junk");
    assert!(scrubber.rule_table().is_empty());
    // Options need 0.1.1: refused by name, never ignored.
    let options = CallOptions {
        skip_categories: vec!["test".into()],
        ..CallOptions::default()
    };
    let err = scrubber
        .clean_with("keep\n", &options)
        .expect_err("no options in 0.1.0");
    assert!(
        matches!(
            err,
            Error::Options(OptionsError::Unsupported { version: "0.1.0" })
        ),
        "{err}"
    );
    // Built-in profiles fall back to `extends`, which this component refuses
    // or accepts as it likes; the 0.1.1 build serves `from-builtin`.
    let current = Plugin::load(HOSTILE, &uncached()).expect("loads");
    assert_eq!(current.contract_version(), "0.1.1");
    Scrubber::new(&current, Rules::Profile(Profile::Page)).expect("from-builtin");
}

/// Bindings generated from the first release of the contract, as a host
/// built in 2025 would have them.
mod host_0_1_0 {
    wasmtime::component::bindgen!({
        path: "../wit/compat/chaff-0.1.0.wit",
        world: "chaff:scrubber/plugin",
    });
}

#[test]
fn a_host_built_against_0_1_0_drives_this_component() {
    use wasmtime::component::{Component, Linker};
    use wasmtime::{Engine, Store};

    let engine = Engine::default();
    let component = Component::new(&engine, EMBEDDED_COMPONENT).expect("compiles");
    let linker: Linker<()> = Linker::new(&engine);
    let mut store = Store::new(&engine, ());
    let plugin = host_0_1_0::Plugin::instantiate(&mut store, &component, &linker)
        .expect("a 0.1.1 component satisfies a 0.1.0 host");
    let scrub = plugin.chaff_scrubber_scrub();
    let rules = scrub
        .scrubber()
        .call_from_rules(&mut store, "extends = \"builtin\"\n")
        .expect("call")
        .expect("rules compile");
    let text = "A sentence of the article.\nRead More: Another story entirely\n";
    let removals = scrub
        .scrubber()
        .call_scan(&mut store, rules, text)
        .expect("scan");
    assert_eq!(removals.len(), 1);
    assert_eq!(
        &text[removals[0].start as usize..],
        "Read More: Another story entirely\n"
    );
    assert!(!removals[0].rule.is_empty());
}

#[test]
fn removals_name_their_rule_from_the_rule_table() {
    let scrubber = builtin();
    let table = scrubber.rule_table();
    assert!(table.len() > 20, "{} rules", table.len());
    let text = "A sentence of the article.\nRead More: Another story entirely\n";
    let removal = &scrubber.clean(text).expect("clean").removals[0];
    let rule = table
        .iter()
        .find(|r| r.id == removal.rule)
        .expect("in the table");
    assert_eq!(rule.category, removal.category);
    assert!(!rule.kind.is_empty() && !rule.description.is_empty());
}

#[test]
fn per_call_options_skip_rules_and_categories_and_refuse_unknown_names() {
    let text = "A sentence of the article.\nRead More: Another story entirely\n";
    let category = builtin().clean(text).expect("clean").removals[0]
        .category
        .clone();
    let skip = CallOptions {
        skip_categories: vec![category],
        ..CallOptions::default()
    };
    assert_eq!(builtin().clean_with(text, &skip).expect("clean").text, text);
    // The same options again reuse the variant; other calls are unaffected.
    assert_eq!(builtin().clean_with(text, &skip).expect("clean").text, text);
    assert_ne!(builtin().clean(text).expect("clean").text, text);

    let typo = CallOptions {
        skip_rules: vec!["read-more.no-such-rule".into()],
        ..CallOptions::default()
    };
    let results = builtin().clean_batch_with(&[text, text], &typo);
    for result in results {
        assert!(
            matches!(result, Err(Error::Options(OptionsError::UnknownRule(ref id))) if id == "read-more.no-such-rule"),
            "{result:?}"
        );
    }
}

#[test]
fn removals_under_skip_options_name_the_rules_that_made_them() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/widgets.txt"
    ))
    .expect("fixture");
    let all = builtin().clean(&text).expect("clean");
    let mut categories: Vec<String> = all.removals.iter().map(|r| r.category.clone()).collect();
    categories.sort();
    categories.dedup();
    assert!(categories.len() >= 2, "{categories:?}");
    let skipped = categories[0].clone();
    let options = CallOptions {
        skip_categories: vec![skipped.clone()],
        ..CallOptions::default()
    };
    let narrowed = builtin().clean_with(&text, &options).expect("clean");
    // The same as a rule file that disables those rules, names included.
    let disabled: Vec<String> = builtin()
        .rule_table()
        .iter()
        .filter(|r| {
            r.category == skipped && builtin().rules().contains(&format!("id = \"{}\"", r.id))
        })
        .map(|r| format!("\"{}\"", r.id))
        .collect();
    let file = format!(
        "extends = \"builtin\"\ndisable = [{}]\n",
        disabled.join(", ")
    );
    let reference = Scrubber::new(plugin(), Rules::Text(file)).expect("rules");
    assert_eq!(narrowed, reference.clean(&text).expect("clean"));
    assert!(narrowed.removals.iter().all(|r| r.category != skipped));
}

#[test]
fn the_url_option_applies_the_rules_of_that_site() {
    let rules = "extends = \"builtin\"\n\n[[rule]]\nid = \"site.footer\"\ncategory = \"boilerplate\"\nkind = \"phrases\"\nphrases = [\"Proudly serving the valley since 1921\"]\nsites = [\"valley-herald.example\"]\n";
    let scrubber = Scrubber::new(plugin(), Rules::Text(rules.into())).expect("rules");
    let text = "The council met on Tuesday to discuss the bridge.\nProudly serving the valley since 1921\n";
    let on_site = CallOptions {
        url: Some("https://www.valley-herald.example/2026/11/bridge".into()),
        ..CallOptions::default()
    };
    let outcome = scrubber.clean_with(text, &on_site).expect("clean");
    assert_eq!(
        outcome.text,
        "The council met on Tuesday to discuss the bridge.\n"
    );
    assert_eq!(outcome.removals[0].rule, "site.footer");
    let elsewhere = CallOptions {
        url: Some("https://other.example/".into()),
        ..CallOptions::default()
    };
    assert_eq!(
        scrubber.clean_with(text, &elsewhere).expect("clean").text,
        text
    );
    assert_eq!(scrubber.clean(text).expect("clean").text, text);
}

#[test]
fn the_profile_option_reads_the_rules_on_another_builtin_profile() {
    let nav = "Home\nWorld\nSport\nWeather\n";
    // Two paragraphs: a page whose prose adds up to fewer than `min_body`
    // characters has no body to cut to.
    let body = "The river rose overnight and the town council met at dawn to decide whether the school should close, and after a long debate the members agreed that it would stay open for the rest of the week while the water went down.\n\
                The fire brigade said that the bridge on the old road would stay shut until engineers had checked it, and that people who live along the bank should keep their cars on higher ground for another night.\n";
    let page = format!("{nav}{body}{nav}");
    let as_page = CallOptions {
        profile: Some(Profile::Page),
        ..CallOptions::default()
    };
    let from_option = builtin().clean_with(&page, &as_page).expect("clean");
    let page_scrubber = Scrubber::new(plugin(), Rules::Profile(Profile::Page)).expect("page");
    assert_eq!(from_option, page_scrubber.clean(&page).expect("clean"));
    // The menu after the article goes (the one just above it may be read
    // as its heading).
    assert!(from_option.text.ends_with(body), "{}", from_option.text);
    assert!(page_scrubber.rules().contains("builtin"));
}

#[test]
fn a_span_naming_a_rule_the_table_lacks_is_refused() {
    let plugin = Plugin::load(HOSTILE, &uncached()).expect("loads");
    let scrubber = Scrubber::new(&plugin, Rules::Text("anything".into())).expect("rules");
    let err = scrubber.clean("BADRULE\n").expect_err("refused");
    assert!(
        matches!(err, Error::InvalidOutcome { ref problem, .. } if problem.contains("rule 99")),
        "{err}"
    );
    assert_eq!(
        scrubber.clean("keep\nJUNK\n").expect("clean").text,
        "keep\n"
    );
}
