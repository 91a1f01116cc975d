//! Which compiled component a plugin runs: a pre-initialised snapshot from
//! the cache when there is one (made and stored on first use), else the
//! component as it was given.
//!
//! A snapshot is the component with one rule set (a built-in profile or a
//! rule file) already compiled in its memory ([`crate::wizen`]), so an
//! instance of it has its rules ready as soon as it exists. It is kept in
//! the cache directory beside the compiled component, named by a SHA-256 of
//! that component's name (wasmtime release, engine, component bytes) and
//! the rules, and protected like every cache file: an HMAC under the
//! user's key over its name and contents, checked on the bytes that are
//! then deserialised. Anything that goes wrong (no cache, a file that fails
//! the check, a component wizer cannot handle, rules that do not compile)
//! leaves the plugin on the plain component: slower to start, same results.

use std::time::Instant;

use wasmtime::Engine;
use wasmtime::component::{Component, Linker};

use crate::bindings::current;
use crate::cache::{self, Artefact, Cache, CacheDir, CacheStatus, LoadReport};
use crate::limits::Limits;
use crate::options::Profile;
use crate::state::WorkerState;
use crate::wizen::{self, Preload};

/// The component a plugin runs (a snapshot or the plain component; the
/// report says which).
pub(crate) struct Prepared {
    pub(crate) component: Component,
    pub(crate) report: LoadReport,
}

/// The snapshot of `bytes` for `preload` (or, for a rule file that it
/// cannot be made for, the built-in rules'), else the plain component.
pub(crate) fn prepare(
    engine: &Engine,
    bytes: &[u8],
    cache: &Cache,
    limits: &Limits,
    preload: &Preload,
) -> Result<Prepared, wasmtime::Error> {
    let started = Instant::now();
    let dir = match CacheDir::open(cache) {
        Ok(Some(dir)) => dir,
        Ok(None) => return plain(engine, bytes, cache, CacheStatus::Off),
        Err(reason) => return plain(engine, bytes, cache, CacheStatus::Unusable(reason)),
    };
    let mut wanted = vec![preload.clone()];
    if let Preload::Text(_) = preload {
        wanted.push(Preload::Profile(Profile::Extractor));
    }
    let names: Vec<String> = wanted
        .iter()
        .map(|p| cache::snapshot_key(engine, bytes, &p.identity()))
        .collect();
    let mut plain_component: Option<(Component, LoadReport)> = None;
    let mut problems = Vec::new();
    for (preload, name) in wanted.iter().zip(&names) {
        // A warm start: the snapshot is there and passes the check.
        match dir.load_checked(engine, name, Artefact::Snapshot) {
            Ok(Some((component, path))) if implements_current(engine, &component) => {
                return Ok(Prepared {
                    component,
                    report: LoadReport {
                        cache: CacheStatus::Hit(path.clone()),
                        elapsed: started.elapsed(),
                        snapshot: CacheStatus::Hit(path),
                    },
                });
            }
            Ok(_) => {}
            // A good file that cannot be loaded here (too little address
            // space, say): making it again would fail the same way.
            Err(e) => {
                let reason = CacheStatus::Unusable(format!("cannot load the snapshot: {e:#}"));
                return plain(engine, bytes, cache, reason);
            }
        }
        // First use: the plain component, then a snapshot made from it.
        let (component, report) = match plain_component.take() {
            Some(loaded) => loaded,
            None => cache::load(engine, bytes, cache)?,
        };
        if !implements_current(engine, &component) {
            // A 0.1.0 component (or none at all: the caller says so) has
            // no `from-builtin` to pre-initialise.
            let reason = "the component does not implement 0.1.1".to_string();
            return Ok(plain_report(
                component,
                report,
                CacheStatus::Unusable(reason),
            ));
        }
        let made = wizen::snapshot(engine, bytes, preload, limits, |instrumented| {
            cache::load(engine, instrumented, cache).map(|(component, _)| component)
        })
        .map_err(|e| e.to_string())
        .and_then(|snapshot| {
            dir.compile_and_store(engine, name, Artefact::Snapshot, &snapshot)
                .map_err(|e| format!("cannot compile the snapshot: {e:#}"))
        });
        match made {
            // A snapshot that could not be stored is not used either: its
            // memory image would have to be copied into a file of its own
            // (which failed writes suggest may fail too), and the next
            // start would make it again anyway.
            Ok((_, CacheStatus::Unusable(why))) => {
                problems.push(format!("cannot store the snapshot: {why}"));
            }
            Ok((snapshot, status)) if implements_current(engine, &snapshot) => {
                return Ok(Prepared {
                    component: snapshot,
                    report: LoadReport {
                        cache: report.cache,
                        elapsed: started.elapsed(),
                        snapshot: status,
                    },
                });
            }
            Ok(_) => problems.push("the snapshot lost the contract's exports".to_string()),
            Err(problem) => problems.push(problem),
        }
        plain_component = Some((component, report));
    }
    let reason = CacheStatus::Unusable(problems.join("; "));
    match plain_component {
        Some((component, report)) => Ok(plain_report(component, report, reason)),
        None => plain(engine, bytes, cache, reason),
    }
}

/// The plain component, loaded through the compile cache.
fn plain(
    engine: &Engine,
    bytes: &[u8],
    cache: &Cache,
    snapshot: CacheStatus,
) -> Result<Prepared, wasmtime::Error> {
    let (component, report) = cache::load(engine, bytes, cache)?;
    Ok(plain_report(component, report, snapshot))
}

fn plain_report(component: Component, report: LoadReport, snapshot: CacheStatus) -> Prepared {
    Prepared {
        component,
        report: LoadReport { snapshot, ..report },
    }
}

/// Whether `component` links as a 0.1.1 plugin that imports nothing.
fn implements_current(engine: &Engine, component: &Component) -> bool {
    Linker::<WorkerState>::new(engine)
        .instantiate_pre(component)
        .is_ok_and(|pre| current::PluginPre::new(pre).is_ok())
}
