//! The sandbox: one owner for the wasmtime engine, the linked component,
//! the epoch ticker, the limits and the instance slots, handing out
//! workers (instances) to the scrubbers above it.
//!
//! Dependencies run one way: scrubber → plugin → sandbox → worker →
//! contract → state. Nothing below knows what is above it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::Error;
use crate::allocation::{self, Allocation};
use crate::cache::{Cache, LoadReport};
use crate::contract::ContractPre;
use crate::limits::Limits;
use crate::slots::Slots;
use crate::snapshot;
use crate::state::WorkerState;
use crate::wizen::Preload;
use crate::worker::{RuleSource, Worker};

/// A compiled component with its engine, ready to instantiate.
pub(crate) struct Sandbox {
    engine: Engine,
    pre: ContractPre,
    limits: Limits,
    load_report: LoadReport,
    allocation: Allocation,
    /// Instances alive (busy or idle), across every scrubber.
    slots: Arc<Slots>,
}

/// Idle instances of one rule set, kept for the next call.
pub(crate) type IdleWorkers = Mutex<Vec<Worker>>;

impl Sandbox {
    /// Compiles (or loads from `cache`) the component in `bytes`, or its
    /// snapshot pre-initialised with `preload`'s rules, checks which
    /// release of the contract it implements and starts the ticker.
    pub(crate) fn load(
        bytes: &[u8],
        limits: &Limits,
        cache: &Cache,
        preload: &Preload,
    ) -> Result<Sandbox, Error> {
        let limits = limits.clone();
        let (engine, allocation) = allocation::engine(&limits)?;
        // Before anything runs in the engine: making a snapshot runs the
        // component, under the deadline.
        start_epoch_ticker(&engine, limits.tick)?;
        let prepared = snapshot::prepare(&engine, bytes, cache, &limits, preload)
            .map_err(|e| Error::Load(format!("{e:#}{}", allocation::address_space_note())))?;
        let linker: Linker<WorkerState> = Linker::new(&engine);
        let instance_pre = linker
            .instantiate_pre(&prepared.component)
            .map_err(|e| Error::Incompatible(format!("{e:#}")))?;
        let pre = ContractPre::new(instance_pre)?;
        let load_report = prepared.report;
        Ok(Sandbox {
            engine,
            pre,
            slots: Slots::new(limits.max_instances(), limits.max_idle_instances),
            limits,
            load_report,
            allocation,
        })
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    pub(crate) fn allocation(&self) -> Allocation {
        self.allocation
    }

    pub(crate) fn load_report(&self) -> &LoadReport {
        &self.load_report
    }

    pub(crate) fn contract_version(&self) -> &'static str {
        self.pre.version()
    }

    /// A fresh instance without rules, waiting for a slot if none is free.
    pub(crate) fn bare_worker(&self) -> Result<Worker, Error> {
        let permit = self.slots.acquire();
        Worker::bare(&self.engine, &self.pre, &self.limits, permit)
    }

    /// A fresh instance with the rules of `source`, waiting for a slot.
    pub(crate) fn new_worker(&self, source: &RuleSource) -> Result<Worker, Error> {
        self.bare_worker()?.load_rules(source)
    }

    /// An idle instance from `idle`, or a new one with the rules of `source`
    /// when a slot is free; otherwise waits until either turns up.
    pub(crate) fn take_worker(
        &self,
        idle: &IdleWorkers,
        source: &RuleSource,
    ) -> Result<Worker, Error> {
        loop {
            let seen = self.slots.generation();
            if let Some(worker) = lock(idle).pop() {
                self.slots.unpark();
                return Ok(worker);
            }
            if let Some(permit) = self.slots.try_acquire() {
                return Worker::bare(&self.engine, &self.pre, &self.limits, permit)?
                    .load_rules(source);
            }
            self.slots.wait_after(seen);
        }
    }

    /// Keeps `worker` in `idle` for the next call when it may serve one and
    /// the idle budget allows; otherwise drops it, freeing its slot.
    pub(crate) fn give_back(&self, idle: &IdleWorkers, worker: Worker) {
        if worker.reusable() && self.slots.try_park() {
            lock(idle).push(worker);
        }
    }

    /// Drops every idle instance of `idle` (its scrubber is going away).
    pub(crate) fn release(&self, idle: &mut IdleWorkers) {
        let workers = idle.get_mut().unwrap_or_else(PoisonError::into_inner);
        for _ in workers.drain(..) {
            self.slots.unpark();
        }
    }
}

fn lock(idle: &IdleWorkers) -> MutexGuard<'_, Vec<Worker>> {
    idle.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One thread per engine advances the epoch every `tick`; it holds only a
/// weak reference, so it ends when the engine is dropped.
fn start_epoch_ticker(engine: &Engine, tick: Duration) -> Result<(), Error> {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("chaff-epoch-ticker".into())
        .spawn(move || {
            loop {
                std::thread::sleep(tick);
                match weak.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => break,
                }
            }
        })
        .map(drop)
        .map_err(|e| Error::Engine(format!("cannot start the deadline ticker thread: {e}")))
}
