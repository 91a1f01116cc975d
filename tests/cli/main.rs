//! End-to-end tests of the `chaff` binary: the real CLI, with the real
//! component embedded, run as a child process (`run.rs`), its output and
//! exit status checked. The library's own tests are `tests/end_to_end/`.
//!
//! One test binary, so the shared helpers and the compiled component are
//! built once.

mod cache;
mod cli;
mod explain;
mod jsonl;
mod learn;
mod options;
mod output;
mod resources;
mod run;

use std::path::PathBuf;
use std::sync::OnceLock;

use chaff::{Cache, Plugin, PluginOptions, Rules, Scrubber};

/// The embedded component with the built-in rules, in this process, to
/// check what the binary wrote against what the library gives.
pub fn builtin() -> &'static Scrubber {
    static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
    SCRUBBER.get_or_init(|| {
        let options = PluginOptions {
            cache: Cache::Dir(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chaff-cache")),
            ..PluginOptions::default()
        };
        let plugin =
            Plugin::load(chaff::EMBEDDED_COMPONENT, &options).expect("embedded component loads");
        Scrubber::new(&plugin, Rules::Builtin).expect("built-in rules load")
    })
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
