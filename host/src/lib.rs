//! Run the chaff scrubber inside a WebAssembly sandbox.
//!
//! chaff removes the junk that article extractors leave in scraped text:
//! spam lines, `Read More:` lines, lists of related headlines, paywall and
//! newsletter notices, image credits, breadcrumbs, lone UI words, metadata.
//! The rules run in a WebAssembly component (`wit/chaff.wit`); this crate
//! embeds that component, runs it on wasmtime with a deadline and a memory
//! cap on every call, and checks every answer before handing it on: the
//! cleaned text is always the input with whole lines or spans removed.
//!
//! ```
//! # fn main() -> Result<(), chaff::Error> {
//! let scrubber = chaff::Scrubber::builtin()?;
//! let outcome = scrubber.clean("A real sentence.\nRead More: Something else entirely\n")?;
//! assert_eq!(outcome.text, "A real sentence.\n");
//! for removal in &outcome.removals {
//!     println!("{} removed bytes {}..{}", removal.rule, removal.start, removal.end);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The pieces, from the bottom up:
//!
//! * [`Plugin`]: a component compiled once per process (and cached on disk,
//!   see [`Cache`]), with the [`Limits`] every call runs under. With a
//!   cache, its instances start from a pre-initialised snapshot with the
//!   rules already compiled ([`Plugin::load_for`], [`LoadReport`]).
//! * [`Scrubber`]: one rule set compiled inside the plugin, served by a pool
//!   of instances; `Send + Sync`, cheap to clone.
//! * [`Outcome`] and [`Removal`]: the cleaned text and what was cut, by which
//!   rule, at which byte span of the input.
//! * [`Error`]: every way a call can fail, each naming the document.
#![deny(missing_docs)]

mod allocation;
mod bindings;
mod cache;
mod contract;
mod error;
#[cfg(test)]
mod layering;
mod limits;
mod options;
mod outcome;
mod plugin;
mod sandbox;
mod scrubber;
mod slots;
mod snapshot;
mod state;
mod wizen;
mod worker;

pub use allocation::Allocation;
pub use cache::{Cache, CacheStatus, LoadReport};
pub use error::{Error, RuleError};
pub use limits::Limits;
pub use options::{CallOptions, OptionsError, Profile, RuleInfo, Rules};
pub use outcome::{Outcome, Removal};
pub use plugin::{EMBEDDED_COMPONENT, Plugin, PluginOptions};
pub use scrubber::Scrubber;
