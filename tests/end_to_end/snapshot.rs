//! Pre-initialised snapshots: a plugin loaded for a rule set runs a
//! snapshot of the component with those rules compiled (made on first
//! use, then read from the cache), and cleans exactly as a component that
//! compiles its rules afresh does. A damaged or swapped snapshot file is
//! never run: it is made again.

use std::path::{Path, PathBuf};

use chaff::{Cache, CacheStatus, CallOptions, Plugin, PluginOptions, Profile, Rules, Scrubber};

use crate::{fixture, fixture_inputs};

/// A cache directory of its own for one test.
fn fresh_cache(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("snapshot-tests")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn load(dir: &Path, rules: &Rules) -> Plugin {
    let options = PluginOptions {
        cache: Cache::Dir(dir.to_path_buf()),
        ..PluginOptions::default()
    };
    Plugin::load_for(chaff::EMBEDDED_COMPONENT, &options, rules).expect("the component loads")
}

/// A plugin that compiles rules in every instance (no snapshot).
fn uncached() -> &'static Plugin {
    static PLUGIN: std::sync::OnceLock<Plugin> = std::sync::OnceLock::new();
    PLUGIN.get_or_init(|| {
        let options = PluginOptions {
            cache: Cache::Off,
            ..PluginOptions::default()
        };
        Plugin::load(chaff::EMBEDDED_COMPONENT, &options).expect("the component loads")
    })
}

fn snapshot_file(plugin: &Plugin) -> PathBuf {
    match &plugin.load_report().snapshot {
        CacheStatus::Hit(path) | CacheStatus::Stored(path) => path.clone(),
        other => panic!("no snapshot in use: {other:?}"),
    }
}

fn example_rules(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/rules")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every fixture, the example article and a document with one of each
/// junk kind, cleaned by both scrubbers with and without options.
fn assert_same_cleaning(snapshot: &Scrubber, fresh: &Scrubber) {
    let mut documents: Vec<String> = fixture_inputs().iter().map(|n| fixture(n)).collect();
    documents.push(
        std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/article.txt"),
        )
        .expect("article"),
    );
    assert_eq!(snapshot.rule_table(), fresh.rule_table());
    assert_eq!(snapshot.rules(), fresh.rules());
    let page = CallOptions {
        profile: Some(Profile::Page),
        ..CallOptions::default()
    };
    for (i, document) in documents.iter().enumerate() {
        for options in [&CallOptions::default(), &page] {
            let a = snapshot.clean_with(document, options);
            let b = fresh.clean_with(document, options);
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "document {i}, {options:?}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("document {i}: {a:?} against {b:?}"),
            }
        }
    }
}

#[test]
fn a_snapshot_cleans_byte_for_byte_as_a_fresh_compile() {
    let dir = fresh_cache("same");
    let cases = [
        Rules::Builtin,
        Rules::Profile(Profile::Page),
        Rules::Text(example_rules("phrases.toml")),
        Rules::Text(example_rules("rules.json")),
    ];
    for rules in cases {
        let plugin = load(&dir, &rules);
        assert!(
            matches!(plugin.load_report().snapshot, CacheStatus::Stored(_)),
            "{:?}",
            plugin.load_report()
        );
        let snapshot = Scrubber::new(&plugin, rules.clone()).expect("rules");
        let fresh = Scrubber::new(uncached(), rules.clone()).expect("rules");
        assert_same_cleaning(&snapshot, &fresh);
        // And the next load reads it back.
        let again = load(&dir, &rules);
        assert!(
            matches!(again.load_report().snapshot, CacheStatus::Hit(_)),
            "{:?}",
            again.load_report()
        );
        let reread = Scrubber::new(&again, rules).expect("rules");
        assert_same_cleaning(&reread, &fresh);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_or_swapped_snapshot_is_not_run_but_made_again() {
    let dir = fresh_cache("damaged");
    let page_rules = Rules::Profile(Profile::Page);
    let builtin = snapshot_file(&load(&dir, &Rules::Builtin));
    let page = snapshot_file(&load(&dir, &page_rules));
    assert_ne!(builtin, page);
    let fresh = Scrubber::new(uncached(), Rules::Builtin).expect("rules");
    let check = |why: &str| {
        let plugin = load(&dir, &Rules::Builtin);
        assert!(
            matches!(plugin.load_report().snapshot, CacheStatus::Stored(_)),
            "{why}: {:?}",
            plugin.load_report()
        );
        let scrubber = Scrubber::new(&plugin, Rules::Builtin).expect("rules");
        assert_same_cleaning(&scrubber, &fresh);
    };

    // One byte changed in the middle (the memory image).
    let mut bytes = std::fs::read(&builtin).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&builtin, &bytes).expect("write");
    check("a changed byte");

    // Truncated.
    let bytes = std::fs::read(&builtin).expect("read");
    std::fs::write(&builtin, &bytes[..bytes.len() / 3]).expect("write");
    check("truncated");

    // The page profile's snapshot, with its tag, under the built-in's name.
    let tag = |path: &Path| PathBuf::from(format!("{}.tag", path.display()));
    std::fs::copy(&page, &builtin).expect("copy");
    std::fs::copy(tag(&page), tag(&builtin)).expect("copy");
    check("another rule set's snapshot");

    // A missing tag.
    std::fs::remove_file(tag(&builtin)).expect("remove");
    check("no tag");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_different_rule_file_gets_a_different_snapshot() {
    let dir = fresh_cache("different");
    let one = Rules::Text(example_rules("phrases.toml"));
    let two = Rules::Text(example_rules("line-pattern.toml"));
    let first = load(&dir, &one);
    let second = load(&dir, &two);
    assert_ne!(snapshot_file(&first), snapshot_file(&second));
    assert_ne!(
        snapshot_file(&first),
        snapshot_file(&load(&dir, &Rules::Builtin))
    );
    // Each plugin cleans with the rules it was asked for, and a plugin
    // loaded for one file still compiles another correctly.
    for (plugin, rules) in [(&first, &one), (&second, &two), (&first, &two)] {
        let snapshot = Scrubber::new(plugin, rules.clone()).expect("rules");
        let fresh = Scrubber::new(uncached(), rules.clone()).expect("rules");
        assert_same_cleaning(&snapshot, &fresh);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rule_file_that_does_not_compile_is_reported_as_without_a_snapshot() {
    let dir = fresh_cache("broken");
    let broken = Rules::Text(
        "version = 1\n[[rule]]\nid = \"x\"\ncategory = \"spam\"\nkind = \"line-pattern\"\npattern = \"ab(c\"\n"
            .to_string(),
    );
    let plugin = load(&dir, &broken);
    // The plugin falls back to the built-in rules' snapshot...
    snapshot_file(&plugin);
    // ...and the rule error is the same as without one.
    let with = Scrubber::new(&plugin, broken.clone()).expect_err("broken rules");
    let without = Scrubber::new(uncached(), broken).expect_err("broken rules");
    assert_eq!(with.to_string(), without.to_string());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_cache_there_is_no_snapshot_and_the_same_cleaning() {
    assert_eq!(uncached().load_report().snapshot, CacheStatus::Off);
    let scrubber = Scrubber::new(uncached(), Rules::Builtin).expect("rules");
    let outcome = scrubber
        .clean("A real sentence.\nRead More: Something else entirely\n")
        .expect("clean");
    assert_eq!(outcome.text, "A real sentence.\n");
}
