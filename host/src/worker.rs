//! One instance of the component in its own store, with the limits applied
//! to every call and the rule set compiled inside it.

use wasmtime::component::ResourceAny;
use wasmtime::{Engine, Store, Trap};

use crate::allocation::address_space_note;
use crate::bindings::current;
use crate::contract::{ContractPre, Exports};
use crate::error::{rule_error_0_1_0, rules_error};
use crate::limits::Limits;
use crate::options::{CallOptions, OptionsError, Profile, RuleInfo};
use crate::outcome::{Outcome, RawRemoval, apply};
use crate::slots::Permit;
use crate::state::WorkerState;
use crate::{Error, RuleError};

/// Where a scrubber's rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuleSource {
    /// A built-in profile, compiled inside the component from its own copy.
    Profile(Profile),
    /// A rule file's text.
    Text(String),
}

/// A rule file that is exactly a built-in profile, for components without
/// `from-builtin`.
fn profile_file(profile: Profile) -> String {
    format!("version = 1\nextends = \"{}\"\n", profile.extends_name())
}

fn guest_profile(profile: Profile) -> current::guest::Profile {
    match profile {
        Profile::Extractor => current::guest::Profile::Extractor,
        Profile::Page => current::guest::Profile::Page,
    }
}

/// Instances whose memory grew past this are not reused: a store never
/// shrinks, and one giant document should not pin its memory for good.
const RECYCLE_ABOVE_BYTES: usize = 64 << 20;

/// The per-call limits, copied out of [`Limits`](crate::Limits) once.
#[derive(Clone, Copy)]
struct CallLimits {
    fuel: Option<u64>,
    deadline_ticks: u64,
    deadline: std::time::Duration,
    memory_cap: usize,
    output_limit: usize,
}

/// An instance plus, once rules are loaded, its `scrubber` resource.
///
/// Fields drop in order: the store (and with it the instance's pool slot)
/// goes before the permit that counts it.
pub(crate) struct Worker {
    store: Store<WorkerState>,
    exports: Exports,
    scrubber: Option<ResourceAny>,
    limits: CallLimits,
    _permit: Permit,
}

impl Worker {
    /// A fresh instance with no rule set loaded, in the slot `permit` holds.
    pub(crate) fn bare(
        engine: &Engine,
        pre: &ContractPre,
        call_limits: &Limits,
        permit: Permit,
    ) -> Result<Worker, Error> {
        let limits = CallLimits {
            fuel: call_limits.fuel,
            deadline_ticks: call_limits.deadline_ticks(),
            deadline: call_limits.deadline,
            memory_cap: call_limits.memory_bytes,
            output_limit: call_limits.max_output_bytes,
        };
        let mut store = Store::new(
            engine,
            WorkerState {
                memory_cap: limits.memory_cap,
                memory_high: 0,
                memory_exceeded: false,
                host_refused: None,
            },
        );
        store.limiter(|state| state);
        store.set_hostcall_fuel(call_limits.max_output_bytes);
        store.epoch_deadline_trap();
        arm(&mut store, &limits)?;
        match pre.instantiate(&mut store) {
            Ok(exports) => Ok(Worker {
                store,
                exports,
                scrubber: None,
                limits,
                _permit: permit,
            }),
            Err(e) => Err(instantiation_error(store.data(), &limits, e)),
        }
    }

    /// Compiles the rules of `source` inside this instance.
    pub(crate) fn load_rules(mut self, source: &RuleSource) -> Result<Worker, Error> {
        self.arm()?;
        let store = &mut self.store;
        let made: wasmtime::Result<Result<ResourceAny, RuleError>> = match (&self.exports, source) {
            (Exports::Current(exports), RuleSource::Profile(profile)) => exports
                .chaff_scrubber_scrub()
                .scrubber()
                .call_from_builtin(store, guest_profile(*profile))
                .map(Ok),
            (Exports::Current(exports), RuleSource::Text(text)) => exports
                .chaff_scrubber_scrub()
                .scrubber()
                .call_compile(store, text)
                .map(|r| r.map_err(rules_error)),
            (Exports::V0_1_0(exports), source) => {
                let text = match source {
                    RuleSource::Profile(profile) => &profile_file(*profile),
                    RuleSource::Text(text) => text,
                };
                exports
                    .chaff_scrubber_scrub()
                    .scrubber()
                    .call_from_rules(store, text)
                    .map(|r| r.map_err(rule_error_0_1_0))
            }
        };
        match made {
            Ok(Ok(resource)) => {
                self.scrubber = Some(resource);
                Ok(self)
            }
            Ok(Err(rule_error)) => Err(Error::Rules(rule_error)),
            Err(e) => Err(self.classify(0, e)),
        }
    }

    /// Sets the deadline and fuel for the next call.
    fn arm(&mut self) -> Result<(), Error> {
        arm(&mut self.store, &self.limits)
    }

    fn classify(&self, document: usize, e: wasmtime::Error) -> Error {
        classify(self.store.data(), &self.limits, document, e)
    }

    /// Whether this instance may serve another call.
    pub(crate) fn reusable(&self) -> bool {
        self.store.data().memory_high <= RECYCLE_ABOVE_BYTES
    }

    /// The text of a built-in profile.
    pub(crate) fn profile_rules(&mut self, profile: Profile) -> Result<String, Error> {
        self.arm()?;
        let store = &mut self.store;
        let text = match (&self.exports, profile) {
            (Exports::Current(exports), profile) => exports
                .chaff_scrubber_scrub()
                .call_profile_rules(store, guest_profile(profile)),
            (Exports::V0_1_0(exports), Profile::Extractor) => {
                exports.chaff_scrubber_scrub().call_builtin_rules(store)
            }
            (Exports::V0_1_0(_), Profile::Page) => return Ok(profile_file(Profile::Page)),
        };
        text.map_err(|e| self.classify(0, e))
    }

    /// The rule table of the loaded rules; empty for 0.1.0 components,
    /// whose removals carry their rule's names.
    pub(crate) fn rule_table(&mut self) -> Result<Vec<RuleInfo>, Error> {
        let resource = self.resource()?;
        self.arm()?;
        let Exports::Current(exports) = &self.exports else {
            return Ok(Vec::new());
        };
        let table = exports
            .chaff_scrubber_scrub()
            .scrubber()
            .call_rules(&mut self.store, resource)
            .map_err(|e| self.classify(0, e))?;
        Ok(table
            .into_iter()
            .map(|r| RuleInfo {
                id: r.id,
                category: r.category,
                kind: r.kind,
                description: r.description,
            })
            .collect())
    }

    fn resource(&self) -> Result<ResourceAny, Error> {
        self.scrubber.ok_or_else(|| Error::Trap {
            document: 0,
            message: "internal: instance has no rule set".into(),
        })
    }

    /// Cleans documents in one call: the component reports the spans, the
    /// host checks them and cuts. `table` is the rule table spans point
    /// into (unused for 0.1.0 components).
    pub(crate) fn clean(
        &mut self,
        texts: &[&str],
        options: &CallOptions,
        table: &[RuleInfo],
    ) -> Result<Vec<Outcome>, Error> {
        let resource = self.resource()?;
        self.arm()?;
        let store = &mut self.store;
        let raws: wasmtime::Result<Result<Vec<Vec<RawRemoval>>, Error>> = match &self.exports {
            Exports::Current(exports) => {
                let skip_categories: Vec<&str> =
                    options.skip_categories.iter().map(String::as_str).collect();
                let skip_rules: Vec<&str> = options.skip_rules.iter().map(String::as_str).collect();
                let guest_options = current::guest::Options {
                    url: options.url.as_deref(),
                    skip_categories: &skip_categories,
                    skip_rules: &skip_rules,
                    profile: options.profile.map(guest_profile),
                };
                exports
                    .chaff_scrubber_scrub()
                    .scrubber()
                    .call_scan_documents(store, resource, texts, guest_options)
                    .map(|answer| match answer {
                        Ok(documents) => resolve(documents, table),
                        Err(e) => Err(Error::Options(OptionsError::from(e))),
                    })
            }
            Exports::V0_1_0(_) if !options.is_default() => {
                Ok(Err(Error::Options(OptionsError::Unsupported {
                    version: "0.1.0",
                })))
            }
            Exports::V0_1_0(exports) => exports
                .chaff_scrubber_scrub()
                .scrubber()
                .call_scan_batch(store, resource, texts)
                .map(|documents| {
                    Ok(documents
                        .into_iter()
                        .map(|removals| {
                            removals
                                .into_iter()
                                .map(|r| RawRemoval {
                                    rule: r.rule,
                                    category: r.category,
                                    start: r.start,
                                    end: r.end,
                                })
                                .collect()
                        })
                        .collect())
                }),
        };
        let raws = raws.map_err(|e| self.classify(0, e))??;
        if raws.len() != texts.len() {
            return Err(Error::InvalidOutcome {
                document: 0,
                problem: format!(
                    "{} results returned for a batch of {} documents",
                    raws.len(),
                    texts.len()
                ),
            });
        }
        raws.into_iter()
            .zip(texts)
            .enumerate()
            .map(|(i, (raw, text))| {
                apply(text, raw).map_err(|problem| Error::InvalidOutcome {
                    document: i,
                    problem,
                })
            })
            .collect()
    }
}

/// Names the rule of every span from the rule table; a span naming a rule
/// the table does not have is an invalid outcome of that document.
fn resolve(
    documents: Vec<Vec<current::guest::Span>>,
    table: &[RuleInfo],
) -> Result<Vec<Vec<RawRemoval>>, Error> {
    documents
        .into_iter()
        .enumerate()
        .map(|(document, spans)| {
            spans
                .into_iter()
                .map(|span| {
                    let rule =
                        table
                            .get(span.rule as usize)
                            .ok_or_else(|| Error::InvalidOutcome {
                                document,
                                problem: format!(
                                    "a span names rule {} of a table of {}",
                                    span.rule,
                                    table.len()
                                ),
                            })?;
                    Ok(RawRemoval {
                        rule: rule.id.clone(),
                        category: rule.category.clone(),
                        start: span.start,
                        end: span.end,
                    })
                })
                .collect()
        })
        .collect()
}

fn arm(store: &mut Store<WorkerState>, limits: &CallLimits) -> Result<(), Error> {
    store.set_epoch_deadline(limits.deadline_ticks);
    if let Some(fuel) = limits.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Error::Engine(format!("{e:#}")))?;
    }
    Ok(())
}

/// Why an instance could not be created. Instantiation runs no guest code
/// that could fail on its own, so anything but a limit of the host is
/// reported as what it is, never as a trap.
fn instantiation_error(state: &WorkerState, limits: &CallLimits, e: wasmtime::Error) -> Error {
    if e.downcast_ref::<Trap>().is_some() || state.memory_exceeded || state.host_refused.is_some() {
        return classify(state, limits, 0, e);
    }
    if let Some(pool) = e.downcast_ref::<wasmtime::PoolConcurrencyLimitError>() {
        return Error::PoolExhausted {
            document: 0,
            message: pool.to_string(),
        };
    }
    Error::HostResources {
        document: 0,
        message: format!("cannot create an instance: {e:#}{}", address_space_note()),
    }
}

/// Turns a failed call into the error users can act on: the host's own
/// limits (deadline, memory cap, fuel, output size, memory the operating
/// system refused) each by name, and only what is left as a trap.
fn classify(
    state: &WorkerState,
    limits: &CallLimits,
    document: usize,
    e: wasmtime::Error,
) -> Error {
    if state.memory_exceeded {
        return Error::MemoryExceeded {
            document,
            limit: limits.memory_cap,
        };
    }
    if let Some(refused) = &state.host_refused {
        return Error::HostResources {
            document,
            message: format!("{refused}{}", address_space_note()),
        };
    }
    match e.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => Error::Timeout {
            document,
            limit: limits.deadline,
        },
        Some(Trap::OutOfFuel) => Error::FuelExhausted {
            document,
            fuel: limits.fuel.unwrap_or(0),
        },
        Some(_) => Error::Trap {
            document,
            message: format!("{e:?}"),
        },
        None if e
            .downcast_ref::<wasmtime::PoolConcurrencyLimitError>()
            .is_some() =>
        {
            Error::PoolExhausted {
                document,
                message: format!("{e:#}"),
            }
        }
        // wasmtime's error for `max_output_bytes` (hostcall fuel) has no
        // public type; its message is stable across releases.
        None if format!("{e:#}").contains("fuel allocated for hostcalls") => {
            Error::OutputTooLarge {
                document,
                limit: limits.output_limit,
            }
        }
        None => Error::Trap {
            document,
            message: format!("{e:?}"),
        },
    }
}
