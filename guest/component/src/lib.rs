//! The chaff component: exports `chaff:scrubber/scrub` (see `wit/chaff.wit`)
//! over [`chaff_engine`]. Everything of substance lives in the engine; this
//! crate only converts between WIT types and engine types.
//!
//! Built for `wasm32-unknown-unknown` and turned into a component by
//! `host/build.rs`, so the component imports nothing at all.

use std::sync::OnceLock;

use chaff_engine::{
    BUILTIN_RULES, Outcome as EngineOutcome, Removal as EngineRemoval, RuleError as EngineRuleError,
};

/// The bindings wit-bindgen generates from the WIT, and the export of
/// [`Plugin`]: the canonical-ABI glue, the only unsafe code in this crate.
#[allow(
    unsafe_code,
    reason = "wit-bindgen's generated glue exports raw functions and lifts and lowers through raw pointers"
)]
mod bindings {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "chaff:scrubber/plugin",
    });

    use super::Plugin;
    export!(Plugin);
}

use bindings::exports::chaff::scrubber::scrub::{
    Guest, GuestScrubber, Outcome, Removal, RuleError, Scrubber,
};

/// The component's exports.
struct Plugin;

/// A `scrubber` resource: one compiled rule set.
struct CompiledRules(chaff_engine::Scrubber);

impl Guest for Plugin {
    type Scrubber = CompiledRules;

    fn builtin_rules() -> String {
        BUILTIN_RULES.to_string()
    }

    fn clean_builtin(text: String) -> Outcome {
        static BUILTIN: OnceLock<chaff_engine::Scrubber> = OnceLock::new();
        outcome(
            BUILTIN
                .get_or_init(chaff_engine::Scrubber::builtin)
                .clean(&text),
        )
    }
}

impl GuestScrubber for CompiledRules {
    fn from_rules(rules: String) -> Result<Scrubber, RuleError> {
        chaff_engine::Scrubber::from_rules(&rules)
            .map(|compiled| Scrubber::new(CompiledRules(compiled)))
            .map_err(rule_error)
    }

    fn clean(&self, text: String) -> Outcome {
        outcome(self.0.clean(&text))
    }

    fn clean_batch(&self, texts: Vec<String>) -> Vec<Outcome> {
        texts
            .iter()
            .map(|text| outcome(self.0.clean(text)))
            .collect()
    }

    fn scan(&self, text: String) -> Vec<Removal> {
        removals(&self.0.scan(&text))
    }

    fn scan_batch(&self, texts: Vec<String>) -> Vec<Vec<Removal>> {
        texts
            .iter()
            .map(|text| removals(&self.0.scan(text)))
            .collect()
    }
}

/// Offsets fit in `u32`: a wasm32 guest cannot hold a longer string.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn removals(engine_removals: &[EngineRemoval<'_>]) -> Vec<Removal> {
    engine_removals
        .iter()
        .map(|r| Removal {
            rule: r.rule.to_string(),
            category: r.category.to_string(),
            start: offset(r.start),
            end: offset(r.end),
        })
        .collect()
}

fn outcome(o: EngineOutcome<'_>) -> Outcome {
    Outcome {
        removals: removals(&o.removals),
        text: o.text,
    }
}

fn rule_error(e: EngineRuleError) -> RuleError {
    RuleError {
        rule: e.rule,
        field: e.field,
        line: e.line,
        column: e.column,
        message: e.message,
    }
}
