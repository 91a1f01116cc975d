//! The on-disk cache of compiled components.
//!
//! Compiling the component with Cranelift takes far longer than anything
//! else a CLI start does, so the compiled artefact is kept on disk and
//! memory-mapped on the next start. `Component::deserialize` trusts its
//! input, so the cache only ever loads files this program wrote itself,
//! named by a SHA-256 of the engine's compatibility hash and of the
//! component's bytes, written atomically (temporary file, then rename).

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// Where compiled components are cached.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cache {
    /// `$CHAFF_CACHE_DIR`, else `$XDG_CACHE_HOME/chaff`, else
    /// `$HOME/.cache/chaff`; no caching when none of them is set.
    #[default]
    User,
    /// This directory.
    Dir(PathBuf),
    /// Compile every time.
    Off,
}

impl Cache {
    /// The directory this setting resolves to, if any.
    pub fn dir(&self) -> Option<PathBuf> {
        match self {
            Cache::Off => None,
            Cache::Dir(dir) => Some(dir.clone()),
            Cache::User => {
                let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
                var("CHAFF_CACHE_DIR")
                    .map(PathBuf::from)
                    .or_else(|| var("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("chaff")))
                    .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache").join("chaff")))
            }
        }
    }
}

/// How the component came to be ready, for people measuring start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheStatus {
    /// Loaded from the cache file.
    Hit(PathBuf),
    /// Compiled, then written to the cache file.
    Stored(PathBuf),
    /// Compiled; caching is off.
    Off,
    /// Compiled; the cache could not be used (the reason), which never stops
    /// chaff from working.
    Unusable(String),
}

/// What loading the component took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// Whether the compiled artefact came from the cache.
    pub cache: CacheStatus,
    /// Time spent compiling or deserialising.
    pub elapsed: Duration,
}

/// Feeds `std::hash::Hash` values into SHA-256.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

fn cache_key(engine: &Engine, bytes: &[u8]) -> String {
    use std::hash::Hash;
    let mut hasher = ShaHasher(Sha256::new());
    hasher.write(b"chaff-compiled-component-v1\0");
    engine.precompile_compatibility_hash().hash(&mut hasher);
    hasher.write(&Sha256::digest(bytes));
    let digest = hasher.0.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Loads the compiled component from `cache`, compiling (and storing) it
/// when it is not there.
pub(crate) fn load(
    engine: &Engine,
    bytes: &[u8],
    cache: &Cache,
) -> Result<(Component, LoadReport), wasmtime::Error> {
    let started = Instant::now();
    let Some(dir) = cache.dir() else {
        let component = Component::new(engine, bytes)?;
        return Ok((component, report(CacheStatus::Off, started)));
    };
    let path = dir.join(format!("{}.cwasm", cache_key(engine, bytes)));
    if path.is_file() {
        // SAFETY: the file name is a SHA-256 over the exact engine
        // configuration and component bytes, and only `store` below writes
        // such files (atomically), so this is an artefact this program
        // produced from these bytes. A truncated or foreign file fails the
        // header checks and we fall through to compiling.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok((component, report(CacheStatus::Hit(path), started)));
        }
    }
    let compiled = engine.precompile_component(bytes)?;
    // SAFETY: `compiled` was produced a moment ago by this engine.
    let component = unsafe { Component::deserialize(engine, &compiled)? };
    let status = match store(&dir, &path, &compiled) {
        Ok(()) => CacheStatus::Stored(path),
        Err(e) => CacheStatus::Unusable(format!("{}: {e}", dir.display())),
    };
    Ok((component, report(status, started)))
}

fn report(cache: CacheStatus, started: Instant) -> LoadReport {
    LoadReport {
        cache,
        elapsed: started.elapsed(),
    }
}

fn store(dir: &Path, path: &Path, compiled: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        std::process::id(),
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    std::fs::write(&temporary, compiled)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
