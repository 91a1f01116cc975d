//! One instance of the component in its own store, with the limits applied
//! to every call and the rule set compiled inside it.

use wasmtime::component::ResourceAny;
use wasmtime::{ResourceLimiter, Store, Trap};

use crate::allocation::address_space_note;
use crate::bindings::{self, guest};
use crate::outcome::{Outcome, apply};
use crate::plugin::PluginInner;
use crate::slots::Permit;
use crate::{Error, RuleError};

/// Instances whose memory grew past this are not reused: a store never
/// shrinks, and one giant document should not pin its memory for good.
const RECYCLE_ABOVE_BYTES: usize = 64 << 20;

/// Most capacity the batch copy buffers keep between calls.
const KEEP_BATCH_BUFFER_BYTES: usize = 4 << 20;

/// Per-store data: the memory cap and what the component asked for.
pub(crate) struct WorkerState {
    memory_cap: usize,
    memory_high: usize,
    memory_exceeded: bool,
    /// The operating system refused a growth the cap allowed (address
    /// space or memory exhausted): the host's limit, not the component's.
    host_refused: Option<String>,
}

impl ResourceLimiter for WorkerState {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_cap {
            // An error (rather than `Ok(false)`) traps at once, so a guest
            // cannot catch the failure and carry on in a degraded state.
            self.memory_exceeded = true;
            return Err(wasmtime::Error::msg("memory cap exceeded"));
        }
        self.memory_high = self.memory_high.max(desired);
        Ok(true)
    }

    fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        // Trap at once, as for the cap, and remember why: the guest would
        // otherwise abort on a failed allocation and look like a bug.
        self.host_refused = Some(format!("{error:#}"));
        Err(error)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1 << 20)
    }
}

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
    bindings: bindings::Plugin,
    scrubber: Option<ResourceAny>,
    limits: CallLimits,
    /// Owned copies of a batch's documents, as the bindings take them; kept
    /// between calls so a batch does not allocate (and fault in) fresh
    /// memory for every document. Batches carry about a megabyte, so this
    /// stays small.
    batch_buffers: Vec<String>,
    _permit: Permit,
}

impl Worker {
    /// A fresh instance with no rule set loaded, in the slot `permit` holds.
    pub(crate) fn bare(plugin: &PluginInner, permit: Permit) -> Result<Worker, Error> {
        let limits = CallLimits {
            fuel: plugin.limits.fuel,
            deadline_ticks: plugin.limits.deadline_ticks(),
            deadline: plugin.limits.deadline,
            memory_cap: plugin.limits.memory_bytes,
            output_limit: plugin.limits.max_output_bytes,
        };
        let mut store = Store::new(
            &plugin.engine,
            WorkerState {
                memory_cap: limits.memory_cap,
                memory_high: 0,
                memory_exceeded: false,
                host_refused: None,
            },
        );
        store.limiter(|state| state);
        store.set_hostcall_fuel(plugin.limits.max_output_bytes);
        store.epoch_deadline_trap();
        arm(&mut store, &limits)?;
        match plugin.pre.instantiate(&mut store) {
            Ok(bindings) => Ok(Worker {
                store,
                bindings,
                scrubber: None,
                limits,
                batch_buffers: Vec::new(),
                _permit: permit,
            }),
            Err(e) => Err(instantiation_error(store.data(), &limits, e)),
        }
    }

    /// A fresh instance with `rules` compiled inside it.
    pub(crate) fn with_rules(
        plugin: &PluginInner,
        rules: &str,
        permit: Permit,
    ) -> Result<Worker, Error> {
        let mut worker = Worker::bare(plugin, permit)?;
        worker.arm()?;
        let scrub = worker.bindings.chaff_scrubber_scrub();
        let made = scrub.scrubber().call_from_rules(&mut worker.store, rules);
        match made {
            Ok(Ok(resource)) => {
                worker.scrubber = Some(resource);
                Ok(worker)
            }
            Ok(Err(rule_error)) => Err(Error::Rules(RuleError::from(rule_error))),
            Err(e) => Err(worker.classify(0, e)),
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

    pub(crate) fn builtin_rules(&mut self) -> Result<String, Error> {
        self.arm()?;
        let scrub = self.bindings.chaff_scrubber_scrub();
        scrub
            .call_builtin_rules(&mut self.store)
            .map_err(|e| self.classify(0, e))
    }

    fn resource(&self) -> Result<ResourceAny, Error> {
        self.scrubber.ok_or_else(|| Error::Trap {
            document: 0,
            message: "internal: instance has no rule set".into(),
        })
    }

    /// Cleans one document: the component reports the spans, the host cuts.
    pub(crate) fn clean(&mut self, text: &str) -> Result<Outcome, Error> {
        let resource = self.resource()?;
        self.arm()?;
        let scrub = self.bindings.chaff_scrubber_scrub();
        let raw = scrub
            .scrubber()
            .call_scan(&mut self.store, resource, text)
            .map_err(|e| self.classify(0, e))?;
        apply(text, raw).map_err(|problem| Error::InvalidOutcome {
            document: 0,
            problem,
        })
    }

    /// Cleans many documents in one call.
    pub(crate) fn clean_batch(&mut self, texts: &[&str]) -> Result<Vec<Outcome>, Error> {
        let resource = self.resource()?;
        self.arm()?;
        if self.batch_buffers.len() < texts.len() {
            self.batch_buffers.resize_with(texts.len(), String::new);
        }
        for (buffer, text) in self.batch_buffers.iter_mut().zip(texts) {
            buffer.clear();
            buffer.push_str(text);
        }
        let owned = &self.batch_buffers[..texts.len()];
        let scrub = self.bindings.chaff_scrubber_scrub();
        let raws: Vec<Vec<guest::Removal>> = scrub
            .scrubber()
            .call_scan_batch(&mut self.store, resource, owned)
            .map_err(|e| self.classify(0, e))?;
        if self
            .batch_buffers
            .iter()
            .map(String::capacity)
            .sum::<usize>()
            > KEEP_BATCH_BUFFER_BYTES
        {
            self.batch_buffers = Vec::new();
        }
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
