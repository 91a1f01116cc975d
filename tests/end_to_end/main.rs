//! End-to-end tests of the library: the real component, compiled by
//! `host/build.rs`, run through the real host library (the `chaff` binary
//! has its own, `tests/cli/`).
//!
//! One test binary (as wasmtime does) so the component is compiled once and
//! shared by every test.

mod bad_input;
mod contract;
mod fixtures;
mod memory;
mod properties;
mod resources;
mod sandbox;
mod snapshot;

use std::path::PathBuf;
use std::sync::OnceLock;

use chaff::{Cache, Plugin, PluginOptions, Rules, Scrubber};

/// The embedded component with the built-in rules, compiled once for the
/// whole test binary (cached under the target directory).
pub fn builtin() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(|| Scrubber::new(plugin(), Rules::Builtin).expect("built-in rules load"))
}

/// The embedded component, compiled once for the whole test binary.
pub fn plugin() -> &'static Plugin {
    static PLUGIN: OnceLock<Plugin> = OnceLock::new();
    PLUGIN.get_or_init(|| {
        let options = PluginOptions {
            cache: Cache::Dir(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chaff-cache")),
            ..PluginOptions::default()
        };
        Plugin::load(chaff::EMBEDDED_COMPONENT, &options).expect("embedded component loads")
    })
}

/// The native engine with the built-in rules, for comparisons.
pub fn native() -> &'static chaff_engine::Scrubber {
    static NATIVE: OnceLock<chaff_engine::Scrubber> = OnceLock::new();
    NATIVE.get_or_init(chaff_engine::Scrubber::builtin)
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of every input fixture (`*.txt` but not `*.clean.txt`).
pub fn fixture_inputs() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt") && !n.ends_with(".clean.txt"))
        .collect();
    names.sort();
    names
}

/// Cuts `outcome`'s spans out of `input` independently of the host's own
/// check, so the tests do not trust the code they test.
pub fn reconstruct(input: &str, outcome: &chaff::Outcome) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for removal in &outcome.removals {
        assert!(removal.start >= pos, "removals overlap or are unsorted");
        assert!(removal.start < removal.end, "empty removal");
        out.push_str(&input[pos..removal.start]);
        pos = removal.end;
    }
    out.push_str(&input[pos..]);
    out
}
