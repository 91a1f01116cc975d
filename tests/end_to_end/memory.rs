//! The base of the README's memory bound: an instance with the built-in
//! rules of either profile, compiled in the sandbox or started from a
//! snapshot, cleans a 1 MiB document within `BASE + 3 × 1 MiB` of linear
//! memory. If the rules outgrow it, this fails before users' caps do.

use std::path::PathBuf;

use chaff::{Cache, Limits, Plugin, PluginOptions, Profile, Rules, Scrubber};

/// `G`'s constant in the README's memory bound (*Memory*).
const BASE: usize = 32 << 20;
const DOCUMENT: usize = 1 << 20;

fn document() -> String {
    let article = crate::fixture("junk_kinds.txt");
    article.repeat(DOCUMENT / article.len() + 1)[..DOCUMENT].to_string()
}

fn capped(cache: Cache, rules: &Rules) -> Scrubber {
    let options = PluginOptions {
        limits: Limits {
            memory_bytes: BASE + 3 * DOCUMENT,
            ..Limits::default()
        },
        cache,
    };
    let plugin = Plugin::load_for(chaff::EMBEDDED_COMPONENT, &options, rules)
        .expect("the component loads under the cap");
    Scrubber::new(&plugin, rules.clone()).expect("the rules compile under the cap")
}

#[test]
fn the_builtin_rules_fit_the_stated_base_memory() {
    let text = document();
    let snapshots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("memory-cap-cache");
    for rules in [Rules::Builtin, Rules::Profile(Profile::Page)] {
        for cache in [Cache::Off, Cache::Dir(snapshots.clone())] {
            let scrubber = capped(cache.clone(), &rules);
            let outcome = scrubber
                .clean(&text)
                .unwrap_or_else(|e| panic!("{rules:?}, {cache:?}: {e}"));
            assert!(outcome.text.len() < text.len(), "{rules:?}: the junk went");
        }
    }
}
