//! What chaff's engine, host, tests and fuzz targets share, written once:
//!
//! * [`RuleError`]: why a rule file was refused, with the rule, field, line
//!   and column, displayed the same way whoever reports it;
//! * [`cut_checked`] and [`cut`]: the text left when spans are cut out of
//!   an input, with the checks that make an outcome trustworthy (sorted,
//!   not overlapping, in bounds, on character boundaries);
//! * with the `proptest` feature, `strategies`: generated documents that
//!   look like scraped text, for property tests.
//!
//! No dependencies, so the engine (built into the WebAssembly component)
//! pays nothing for it.

#![forbid(unsafe_code)]

mod rule_error;
mod spans;
#[cfg(feature = "proptest")]
pub mod strategies;

pub use rule_error::RuleError;
pub use spans::{SpanError, cut, cut_checked};
