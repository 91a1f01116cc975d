//! A compiled chaff component, ready to be instantiated many times.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::Error;
use crate::allocation::{self, Allocation};
use crate::cache::{self, Cache, LoadReport};
use crate::contract::ContractPre;
use crate::limits::Limits;
use crate::slots::Slots;
use crate::worker::WorkerState;

/// The component built from `guest/` and carried inside this crate, so that
/// a program using chaff is one binary with nothing to install.
pub const EMBEDDED_COMPONENT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/chaff.wasm"));

/// Settings for [`Plugin::load`].
#[derive(Debug, Clone, Default)]
pub struct PluginOptions {
    /// Limits applied to every call into the component.
    pub limits: Limits,
    /// Where the compiled component is cached.
    pub cache: Cache,
}

/// A chaff component compiled once per process and shared by every
/// [`Scrubber`](crate::Scrubber) and thread that uses it.
///
/// Cloning is cheap (a reference count). Dropping the last clone stops the
/// epoch ticker thread.
#[derive(Clone)]
pub struct Plugin {
    pub(crate) inner: Arc<PluginInner>,
}

pub(crate) struct PluginInner {
    pub(crate) engine: Engine,
    pub(crate) pre: ContractPre,
    pub(crate) limits: Limits,
    pub(crate) load_report: LoadReport,
    pub(crate) allocation: Allocation,
    /// Instances alive (busy or idle), across every scrubber of the plugin.
    pub(crate) slots: Arc<Slots>,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("limits", &self.inner.limits)
            .field("load_report", &self.inner.load_report)
            .field("allocation", &self.inner.allocation)
            .finish_non_exhaustive()
    }
}

impl Plugin {
    /// The embedded component, default limits, the user's cache directory.
    pub fn embedded() -> Result<Plugin, Error> {
        Plugin::load(EMBEDDED_COMPONENT, &PluginOptions::default())
    }

    /// Any component file that implements `chaff:scrubber/scrub@0.1.x`.
    pub fn from_file(path: impl AsRef<Path>, options: &PluginOptions) -> Result<Plugin, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Plugin::load(&bytes, options)
    }

    /// Compiles (or loads from the cache) the component in `bytes` and checks
    /// that it implements the contract.
    pub fn load(bytes: &[u8], options: &PluginOptions) -> Result<Plugin, Error> {
        let limits = options.limits.clone();
        let (engine, allocation) = allocation::engine(&limits)?;
        let (component, load_report) = cache::load(&engine, bytes, &options.cache)
            .map_err(|e| Error::Load(format!("{e:#}")))?;
        let linker: Linker<WorkerState> = Linker::new(&engine);
        let instance_pre = linker
            .instantiate_pre(&component)
            .map_err(|e| Error::Incompatible(format!("{e:#}")))?;
        let pre = ContractPre::new(instance_pre)?;
        start_epoch_ticker(&engine, limits.tick)?;
        Ok(Plugin {
            inner: Arc::new(PluginInner {
                engine,
                pre,
                slots: Slots::new(limits.max_instances(), limits.max_idle_instances),
                limits,
                load_report,
                allocation,
            }),
        })
    }

    /// The release of the contract the component implements (`0.1.1`, or
    /// `0.1.0` for components built against the first release).
    pub fn contract_version(&self) -> &'static str {
        self.inner.pre.version()
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// How the engine allocates instance memory (pooling, or on demand
    /// under an address-space limit).
    pub fn allocation(&self) -> Allocation {
        self.inner.allocation
    }

    /// How the compiled component was obtained and how long it took.
    pub fn load_report(&self) -> &LoadReport {
        &self.inner.load_report
    }

    /// The component's built-in rule file, as text.
    pub fn builtin_rules(&self) -> Result<String, Error> {
        let permit = self.inner.slots.acquire();
        let mut worker = crate::worker::Worker::bare(&self.inner, permit)?;
        worker.profile_rules(crate::Profile::Extractor)
    }
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
