//! One `chaff::Plugin` per process per (limits, cache), shared by every
//! `Scrubber` made with them: one wasmtime engine, one instance pool and one
//! ticker thread, however many scrubbers a program makes.
//!
//! Fork-aware. A child made by `fork()` (multiprocessing's default start
//! method on Linux before Python 3.14, PySpark's worker daemon) inherits
//! the parent's plugins without their ticker threads, and with whatever
//! locks other threads held at that instant. So every entry records the
//! process that built it; in another process the inherited plugins are
//! leaked (never touched, never dropped: dropping one would join a thread
//! that does not exist in the child) and fresh ones are built.

use std::sync::{Mutex, PoisonError};

use chaff::{Cache, Limits, Plugin, PluginOptions};

struct Registry {
    pid: u32,
    plugins: Vec<(Limits, Cache, Plugin)>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// The process's plugin for these limits and cache, loading it (from the
/// compile cache, or compiling) on first use.
pub fn plugin(limits: &Limits, cache: &Cache) -> Result<Plugin, chaff::Error> {
    let pid = std::process::id();
    let mut guard = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    let registry = guard.get_or_insert_with(|| Registry {
        pid,
        plugins: Vec::new(),
    });
    if registry.pid != pid {
        std::mem::forget(std::mem::take(&mut registry.plugins));
        registry.pid = pid;
    }
    if let Some((_, _, plugin)) = registry
        .plugins
        .iter()
        .find(|(l, c, _)| l == limits && c == cache)
    {
        return Ok(plugin.clone());
    }
    let options = PluginOptions {
        limits: limits.clone(),
        cache: cache.clone(),
    };
    let plugin = Plugin::load(chaff::EMBEDDED_COMPONENT, &options)?;
    registry
        .plugins
        .push((limits.clone(), cache.clone(), plugin.clone()));
    Ok(plugin)
}
