//! A compiled chaff component, ready to be instantiated many times.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use crate::Error;
use crate::allocation::Allocation;
use crate::cache::{Cache, LoadReport};
use crate::limits::Limits;
use crate::options::{Profile, Rules};
use crate::sandbox::Sandbox;
use crate::wizen::Preload;

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
/// A plugin owns a wasmtime engine, an instance pool and a ticker thread,
/// so build one and clone it: cloning is cheap (a reference count), and
/// [`Plugin::embedded`] hands out clones of one shared plugin. Dropping
/// the last clone stops the ticker thread.
#[derive(Clone)]
pub struct Plugin {
    sandbox: Arc<Sandbox>,
}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("contract_version", &self.contract_version())
            .field("limits", self.limits())
            .field("load_report", self.load_report())
            .field("allocation", &self.allocation())
            .finish_non_exhaustive()
    }
}

impl Plugin {
    /// The embedded component with default limits and the user's cache
    /// directory: built on first use, then shared by every caller in the
    /// process (one engine, one pool, one ticker thread).
    pub fn embedded() -> Result<Plugin, Error> {
        static SHARED: Mutex<Option<Plugin>> = Mutex::new(None);
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(plugin) = shared.as_ref() {
            return Ok(plugin.clone());
        }
        let plugin = Plugin::load(EMBEDDED_COMPONENT, &PluginOptions::default())?;
        *shared = Some(plugin.clone());
        Ok(plugin)
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
    /// that it implements the contract. Each call builds a new engine and
    /// pool: load once per process and clone.
    ///
    /// With a cache, the plugin runs a snapshot of the component with the
    /// built-in rules already compiled (made on first use and cached),
    /// so a scrubber of built-in rules gets instances with their rules
    /// ready; see [`Plugin::load_for`] for a rule file.
    pub fn load(bytes: &[u8], options: &PluginOptions) -> Result<Plugin, Error> {
        Plugin::load_for(bytes, options, &Rules::Builtin)
    }

    /// [`Plugin::load`], with the snapshot pre-initialised for `rules` as
    /// well: a [`Scrubber`](crate::Scrubber) of exactly these rules then
    /// starts every instance with them compiled. The first use of a rule
    /// file makes its snapshot (a second or so), later loads read it from
    /// the cache. Rules that do not compile are reported by
    /// `Scrubber::new`, as without a snapshot.
    pub fn load_for(bytes: &[u8], options: &PluginOptions, rules: &Rules) -> Result<Plugin, Error> {
        let preload = match rules {
            Rules::Builtin => Preload::Profile(Profile::Extractor),
            Rules::Profile(profile) => Preload::Profile(*profile),
            Rules::Text(text) => Preload::Text(text.clone()),
        };
        Ok(Plugin {
            sandbox: Arc::new(Sandbox::load(
                bytes,
                &options.limits,
                &options.cache,
                &preload,
            )?),
        })
    }

    pub(crate) fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// The release of the contract the component implements (`0.1.1`, or
    /// `0.1.0` for components built against the first release).
    pub fn contract_version(&self) -> &'static str {
        self.sandbox.contract_version()
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        self.sandbox.limits()
    }

    /// How the engine allocates instance memory (pooling, or on demand
    /// under an address-space limit).
    pub fn allocation(&self) -> Allocation {
        self.sandbox.allocation()
    }

    /// How the compiled component was obtained and how long it took.
    pub fn load_report(&self) -> &LoadReport {
        self.sandbox.load_report()
    }

    /// The component's built-in rule file, as text.
    pub fn builtin_rules(&self) -> Result<String, Error> {
        self.profile_rules(Profile::Extractor)
    }

    /// A built-in profile's rule file, as text.
    pub fn profile_rules(&self, profile: Profile) -> Result<String, Error> {
        self.sandbox.bare_worker()?.profile_rules(profile)
    }
}
