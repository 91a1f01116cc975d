//! The chaff rule engine: removes the junk that article extractors leave in
//! scraped text, and keeps every line of the article.
//!
//! Scraped text arrives with spam lines (`veryGood! (95818)`), repeated
//! `Read More: …` lines, `Related` / `Ranking` headline lists, paywall and
//! newsletter notices, image credits, breadcrumbs, lone UI words and
//! metadata lines. The engine applies readable, user-editable **rules** to
//! find them and returns the cleaned text together with a report of every
//! removal: which rule, which category, which bytes.
//!
//! This crate is plain Rust: it builds natively (for tests and benchmarks)
//! and is compiled, unchanged, into the chaff WebAssembly component, which
//! is a thin adapter over [`Scrubber`].
//!
//! # Example
//!
//! ```
//! use chaff_engine::Scrubber;
//!
//! let scrubber = Scrubber::builtin();
//! let text = "Rain is expected all week.\nCredit: Example Photos\nRoads may flood.\n";
//! let outcome = scrubber.clean(text);
//! assert_eq!(outcome.text, "Rain is expected all week.\nRoads may flood.\n");
//! let removal = &outcome.removals[0];
//! assert_eq!(removal.category, "credit");
//! assert_eq!(&text[removal.start..removal.end], "Credit: Example Photos\n");
//! ```
//!
//! # Guarantees
//!
//! * The output is the input with whole lines or spans cut out: nothing is
//!   added and line order is kept ([`Outcome`]).
//! * Removals are sorted, do not overlap, lie on character boundaries, and
//!   cutting them from the input gives exactly the output.
//! * Cleaning the output again removes nothing more (idempotence), for the
//!   built-in rules; the test suite checks this on every fixture.
//!
//! # Rules
//!
//! [`RuleSet::parse`] reads a rule file (TOML or JSON); [`BUILTIN_RULES`] is
//! the built-in one, and a user file can start from it with
//! `extends = "builtin"` and switch rules off with `disable = [ids…]`.
//! Every problem in a rule file is a [`RuleError`] naming the rule and field.
//! A rule may carry `examples` (texts it must remove) and `keeps` (texts
//! that must stay); [`check_examples`] checks them against the whole set.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod char_count;
mod error;
mod examples;
mod features;
mod fold;
mod gate;
mod learn;
mod lines;
mod lists;
mod matchers;
mod outcome;
mod region;
mod repeated;
mod rules;
mod scrubber;
mod shapes;
mod site;
mod skip_search;

pub use error::RuleError;
pub use examples::{ExampleFailure, ExampleKind, ExampleProblem, check_examples};
pub use features::LineFeatures;
pub use fold::fold;
pub use learn::{Analyser, Analysis, LearnSettings, Learner, Proposal, SiteProposal};
pub use lists::HeadlineShape;
pub use outcome::{Outcome, Removal};
pub use region::{Class, Location, RegionSettings};
pub use rules::{
    BUILTIN_RULES, Options, PAGE_RULES, PROFILES, PhraseMatch, RuleExamples, RuleSet, SkipError,
};
pub use scrubber::{LineReport, RuleInfo, Scrubber};
pub use shapes::Shape;
pub use site::site_of;
