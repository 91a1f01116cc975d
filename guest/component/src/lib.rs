//! The chaff component: exports `chaff:scrubber/scrub` (see `wit/chaff.wit`)
//! over [`chaff_engine`]. Everything of substance lives in the engine; this
//! crate only converts between WIT types and engine types, and keeps the
//! few rule-set variants that calls' options ask for.
//!
//! Built for `wasm32-unknown-unknown` and turned into a component by
//! `host/build.rs`, so the component imports nothing at all.

mod kept;
mod variants;

use std::rc::Rc;
use std::sync::OnceLock;

use chaff_engine::{
    BUILTIN_RULES, Outcome as EngineOutcome, PAGE_RULES, Removal as EngineRemoval,
    RuleError as EngineRuleError, RuleSet,
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

use bindings::exports;

use exports::chaff::scrubber::scrub::{
    Cleaned, FileProblem, Guest, GuestScrubber, Options, OptionsError, Outcome, Position, Profile,
    Removal, RuleError, RuleInfo, RuleProblem, RulesError, Scrubber, Span,
};

use variants::{Source, Variants};

/// The component's exports.
struct Plugin;

/// A `scrubber` resource: one compiled rule set, and the variants of it
/// that calls' options asked for. Shared with the instance's globals
/// ([`kept`]), so that a pre-initialised instance hands out the rule sets
/// it compiled before its snapshot was taken without compiling them again.
struct CompiledRules(Rc<Variants>);

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

    fn profile_rules(profile: Profile) -> String {
        match profile {
            Profile::Extractor => BUILTIN_RULES.to_string(),
            Profile::Page => PAGE_RULES.to_string(),
        }
    }
}

impl GuestScrubber for CompiledRules {
    fn from_rules(rules: String) -> Result<Scrubber, RuleError> {
        compile_text(rules).map_err(rule_error)
    }

    fn compile(rules: String) -> Result<Scrubber, RulesError> {
        compile_text(rules).map_err(rules_error)
    }

    fn from_builtin(profile: Profile) -> Scrubber {
        Scrubber::new(CompiledRules(kept::builtin(profile, || {
            let set = match RuleSet::named(variants::profile_name(profile)) {
                Ok(set) => set,
                // The built-in profiles are tested; failing here is a build defect.
                Err(e) => panic!("built-in profile does not parse: {e}"),
            };
            match Variants::new(Source::Builtin(profile), set) {
                Ok(variants) => variants,
                Err(e) => panic!("built-in profile does not compile: {e}"),
            }
        })))
    }

    fn clean(&self, text: String) -> Outcome {
        outcome(self.0.base().clean(&text))
    }

    fn clean_batch(&self, texts: Vec<String>) -> Vec<Outcome> {
        let base = self.0.base();
        texts.iter().map(|text| outcome(base.clean(text))).collect()
    }

    fn scan(&self, text: String) -> Vec<Removal> {
        removals(&self.0.base().scan(&text))
    }

    fn scan_batch(&self, texts: Vec<String>) -> Vec<Vec<Removal>> {
        let base = self.0.base();
        texts
            .iter()
            .map(|text| removals(&base.scan(text)))
            .collect()
    }

    fn rules(&self) -> Vec<RuleInfo> {
        self.0
            .table()
            .iter()
            .map(|r| RuleInfo {
                id: r.id.clone(),
                category: r.category.clone(),
                kind: r.kind.to_string(),
                description: r.description.clone(),
            })
            .collect()
    }

    fn scan_documents(
        &self,
        texts: Vec<String>,
        options: Options,
    ) -> Result<Vec<Vec<Span>>, OptionsError> {
        let (scrubber, map) = self.0.for_options(&options)?;
        let site = options.url.as_deref();
        Ok(texts
            .iter()
            .map(|text| spans(&scrubber.scan_for(text, site), map.as_deref()))
            .collect())
    }

    fn clean_documents(
        &self,
        texts: Vec<String>,
        options: Options,
    ) -> Result<Vec<Cleaned>, OptionsError> {
        let (scrubber, map) = self.0.for_options(&options)?;
        let site = options.url.as_deref();
        Ok(texts
            .iter()
            .map(|text| {
                let outcome = scrubber.clean_for(text, site);
                Cleaned {
                    spans: spans(&outcome.removals, map.as_deref()),
                    text: outcome.text,
                }
            })
            .collect())
    }
}

fn compile_text(rules: String) -> Result<Scrubber, EngineRuleError> {
    kept::text(rules, |rules| {
        let set = RuleSet::parse(&rules)?;
        Variants::new(Source::Text(rules), set)
    })
    .map(|v| Scrubber::new(CompiledRules(v)))
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

/// The removals as spans; `map` places a variant's rule indices in the
/// scrubber's table.
fn spans(engine_removals: &[EngineRemoval<'_>], map: Option<&[u32]>) -> Vec<Span> {
    engine_removals
        .iter()
        .map(|r| Span {
            rule: match map {
                Some(map) => map.get(r.index).copied().unwrap_or(u32::MAX),
                None => offset(r.index),
            },
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

/// The 0.1.1 error: a syntax error has a position, a rule's problem names
/// the rule, anything else is the file's.
fn rules_error(e: EngineRuleError) -> RulesError {
    match (e.line, e.rule) {
        (Some(line), _) => RulesError::Syntax((
            Position {
                line,
                column: e.column.unwrap_or(1),
            },
            e.message,
        )),
        (None, Some(rule)) => RulesError::Rule(RuleProblem {
            rule,
            field: e.field,
            message: e.message,
        }),
        (None, None) => RulesError::File(FileProblem {
            field: e.field,
            message: e.message,
        }),
    }
}
