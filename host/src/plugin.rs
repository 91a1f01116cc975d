//! A compiled chaff component, ready to be instantiated many times.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use wasmtime::component::Linker;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::Error;
use crate::bindings::PluginPre;
use crate::cache::{self, Cache, LoadReport};
use crate::limits::Limits;
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
    pub(crate) pre: PluginPre<WorkerState>,
    pub(crate) limits: Limits,
    pub(crate) load_report: LoadReport,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("limits", &self.inner.limits)
            .field("load_report", &self.inner.load_report)
            .finish_non_exhaustive()
    }
}

impl Plugin {
    /// The embedded component, default limits, the user's cache directory.
    pub fn embedded() -> Result<Plugin, Error> {
        Plugin::load(EMBEDDED_COMPONENT, &PluginOptions::default())
    }

    /// Any component file that implements `chaff:scrubber/scrub@0.1`.
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
        let engine = engine(&limits)?;
        let (component, load_report) = cache::load(&engine, bytes, &options.cache)
            .map_err(|e| Error::Load(format!("{e:#}")))?;
        let linker: Linker<WorkerState> = Linker::new(&engine);
        let instance_pre = linker
            .instantiate_pre(&component)
            .map_err(|e| Error::Incompatible(format!("{e:#}")))?;
        let pre =
            PluginPre::new(instance_pre).map_err(|e| Error::Incompatible(format!("{e:#}")))?;
        start_epoch_ticker(&engine, limits.tick)?;
        Ok(Plugin {
            inner: Arc::new(PluginInner {
                engine,
                pre,
                limits,
                load_report,
            }),
        })
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// How the compiled component was obtained and how long it took.
    pub fn load_report(&self) -> &LoadReport {
        &self.inner.load_report
    }

    /// The component's built-in rule file, as text.
    pub fn builtin_rules(&self) -> Result<String, Error> {
        let mut worker = crate::worker::Worker::bare(&self.inner)?;
        worker.builtin_rules()
    }
}

/// The engine configuration: epochs for deadlines, optional fuel, and the
/// pooling allocator when the operating system grants its address space.
fn engine(limits: &Limits) -> Result<Engine, Error> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    config.consume_fuel(limits.fuel.is_some());
    if limits.pooling {
        let mut pool = PoolingAllocationConfig::default();
        let slots =
            u32::try_from(limits.max_idle_instances.saturating_mul(4).max(64)).unwrap_or(1024);
        pool.total_component_instances(slots)
            .total_core_instances(slots)
            .total_memories(slots)
            .total_tables(slots)
            .max_memory_size(limits.memory_bytes);
        let mut pooled = config.clone();
        pooled.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        if let Ok(engine) = Engine::new(&pooled) {
            return Ok(engine);
        }
    }
    Engine::new(&config).map_err(|e| Error::Engine(format!("{e:#}")))
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
