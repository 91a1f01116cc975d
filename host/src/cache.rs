//! The on-disk cache of compiled components.
//!
//! Compiling the component with Cranelift takes far longer than anything
//! else a CLI start does, so the compiled artefact is kept on disk and
//! loaded on the next start. `Component::deserialize` trusts its input
//! completely (the artefact is machine code), so a file's name is not
//! enough: a compiled file copied under another component's name would run
//! as that component, outside every guarantee of the sandbox.
//!
//! So each artefact is bound to its source: beside it (`NAME.cwasm.tag`,
//! `NAME.snapshot.tag`) lies a MAC (keyed BLAKE3), under a per-user secret
//! key, of its name (a SHA-256 of the wasmtime release, the engine's
//! compatibility hash and the component's bytes, and for a snapshot its
//! rules) and of its contents. The key lives in the cache directory as
//! `key`, a regular file of 32 random bytes that must belong to the
//! current user and be readable by no one else. A file that fails the
//! check (copied, renamed, truncated, written by someone without the key)
//! is never deserialised: the component is compiled afresh and the file
//! replaced.
//!
//! Where the directory is private (the user's own, writable by no one
//! else) the artefact is checked through a read-only mapping and then
//! mapped by wasmtime, so its memory image is mapped copy-on-write from the
//! file instead of being read and copied (a snapshot is megabytes). Only
//! someone who can write that directory (the user, root) could swap the
//! file between the check and the mapping, and they can read the key
//! anyway. Elsewhere the file is read once and the bytes checked are the
//! bytes deserialised.
//!
//! Trust assumption: whoever can read the key (the user, root) can forge an
//! artefact; the cache is as trusted as the user's own account.

use std::fs::{self, File, OpenOptions};
use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use self::mapped_file as mapped;
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
    /// Time spent compiling or deserialising (and, on a first run,
    /// pre-initialising).
    pub elapsed: Duration,
    /// Whether instances start from a pre-initialised snapshot (rules
    /// compiled in) and where it came from: `Hit` or `Stored` with its
    /// file, `Off` without a cache, `Unusable` with the reason none is
    /// used (instances then compile their rules, as plain components do).
    pub snapshot: CacheStatus,
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

/// The wasmtime release this crate was built with, from `Cargo.lock`
/// (`build.rs`).
pub(crate) const WASMTIME_VERSION: &str = env!("CHAFF_WASMTIME_VERSION");

/// The cache file's name for `bytes` compiled by `engine`.
fn cache_key(engine: &Engine, bytes: &[u8]) -> String {
    key_for(
        WASMTIME_VERSION,
        &engine.precompile_compatibility_hash(),
        bytes,
    )
}

/// A SHA-256 of the wasmtime release, the engine's compatibility hash (its
/// target, compiler flags, tunables and wasm features) and the component.
/// wasmtime's own hash includes its version too, and its artefact header
/// checks the major release; naming the release here keeps an artefact of
/// another wasmtime build (50.0.0 and 50.0.1 alike) from ever being read.
fn key_for(wasmtime_version: &str, compatibility: &impl std::hash::Hash, bytes: &[u8]) -> String {
    let mut hasher = ShaHasher(Sha256::new());
    hasher.write(b"chaff-compiled-component-v4\0");
    hasher.write(wasmtime_version.as_bytes());
    hasher.write(b"\0");
    compatibility.hash(&mut hasher);
    hasher.write(&Sha256::digest(bytes));
    let digest = hasher.0.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The name of a snapshot of `bytes` compiled by `engine`, pre-initialised
/// with the rules `what` describes: the same inputs as a compiled
/// component's name, in another domain, plus the rules.
pub(crate) fn snapshot_key(engine: &Engine, bytes: &[u8], what: &[u8]) -> String {
    let mut hasher = ShaHasher(Sha256::new());
    hasher.write(b"chaff-snapshot-v1\0");
    hasher.write(cache_key(engine, bytes).as_bytes());
    hasher.write(&Sha256::digest(what));
    let digest = hasher.0.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first bytes of a tag file, before the tag.
const MAGIC: &[u8; 16] = b"chaff-tag-v3\0\0\0\0";

/// Length of the secret key and of the tag.
const KEY_BYTES: usize = 32;

/// Loads the compiled component from `cache`, compiling (and storing) it
/// when it is not there or does not pass the check.
pub(crate) fn load(
    engine: &Engine,
    bytes: &[u8],
    cache: &Cache,
) -> Result<(Component, LoadReport), wasmtime::Error> {
    let started = Instant::now();
    let dir = match CacheDir::open(cache) {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            let component = Component::new(engine, bytes)?;
            return Ok((component, report(CacheStatus::Off, started)));
        }
        Err(reason) => {
            let component = Component::new(engine, bytes)?;
            return Ok((component, report(CacheStatus::Unusable(reason), started)));
        }
    };
    let name = cache_key(engine, bytes);
    // A good file that wasmtime cannot load (memory or address space
    // refused) is an error: compiling needs far more of both.
    if let Some((component, path)) = dir.load_checked(engine, &name, Artefact::Component)? {
        return Ok((component, report(CacheStatus::Hit(path), started)));
    }
    let (component, status) = dir.compile_and_store(engine, &name, Artefact::Component, bytes)?;
    Ok((component, report(status, started)))
}

/// What a cache file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Artefact {
    /// A component compiled as it was given.
    Component,
    /// A pre-initialised component (rules compiled in), compiled.
    Snapshot,
}

/// A usable cache directory and the user's secret key in it: where
/// compiled components and snapshots are read and written, each file
/// checked against its name before it is deserialised.
pub(crate) struct CacheDir {
    dir: PathBuf,
    key: [u8; KEY_BYTES],
    /// The directory belongs to the user and no one else may write it, so
    /// files in it can be checked and then mapped by name.
    private: bool,
}

impl CacheDir {
    /// The directory `cache` names, with its key (made when missing);
    /// `Ok(None)` when caching is off, `Err` (the reason) when the
    /// directory or key cannot be used.
    pub(crate) fn open(cache: &Cache) -> Result<Option<CacheDir>, String> {
        let Some(dir) = cache.dir() else {
            return Ok(None);
        };
        match secret_key(&dir) {
            Ok(key) => Ok(Some(CacheDir {
                private: private_dir(&dir),
                dir,
                key,
            })),
            Err(e) => Err(format!("{}: {e}", dir.display())),
        }
    }

    /// The file a compiled artefact named `name` is kept in: `.cwasm` for
    /// a compiled component, `.snapshot` for a pre-initialised one; its
    /// tag is the same name with `.tag` added.
    pub(crate) fn path(&self, name: &str, kind: Artefact) -> PathBuf {
        let extension = match kind {
            Artefact::Component => "cwasm",
            Artefact::Snapshot => "snapshot",
        };
        self.dir.join(format!("{name}.{extension}"))
    }

    /// The compiled component named `name`, if its file is there and
    /// carries the right tag for that name (`Ok(None)`: missing, or fails
    /// the check). `Err` for a file that cannot be mapped or read, or a
    /// good one wasmtime cannot load (memory or address space refused, say),
    /// which compiling afresh would not get past either.
    #[expect(
        unsafe_code,
        reason = "`Component::deserialize` runs native code from bytes; see the SAFETY comments"
    )]
    pub(crate) fn load_checked(
        &self,
        engine: &Engine,
        name: &str,
        kind: Artefact,
    ) -> Result<Option<(Component, PathBuf)>, wasmtime::Error> {
        let path = self.path(name, kind);
        let Some(tag) = read_tag(&tag_path(&path)) else {
            return Ok(None);
        };
        if self.private && mapped::matches(&path, |bytes| tag == mac(&self.key, name, bytes))? {
            // SAFETY: the file carries a valid tag under the user's secret
            // key for exactly this name (engine configuration and the bytes
            // it was compiled from), so it is an artefact this program
            // compiled from those bytes. The directory is private: only
            // whoever can read the key could replace the file since the
            // check. A stale artefact from another wasmtime build fails the
            // header checks.
            let component = unsafe { Component::deserialize_file(engine, &path) }?;
            return Ok(Some((component, path)));
        }
        let file = match fs::read(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(wasmtime::Error::msg(format!("{}: {e}", path.display()))),
        };
        if tag != mac(&self.key, name, &file) {
            return Ok(None);
        }
        // SAFETY: as above, and `file` is the very buffer that was checked.
        let component = unsafe { Component::deserialize(engine, &file) }?;
        Ok(Some((component, path)))
    }

    /// Compiles the component in `bytes` and stores it under `name`; a
    /// failed write is reported in the status, never as an error.
    #[expect(
        unsafe_code,
        reason = "`Component::deserialize` of an artefact compiled a moment ago"
    )]
    pub(crate) fn compile_and_store(
        &self,
        engine: &Engine,
        name: &str,
        kind: Artefact,
        bytes: &[u8],
    ) -> Result<(Component, CacheStatus), wasmtime::Error> {
        let compiled = engine.precompile_component(bytes)?;
        // SAFETY: `compiled` was produced a moment ago by this engine.
        let component = unsafe { Component::deserialize(engine, &compiled)? };
        let tag = mac(&self.key, name, &compiled);
        let path = self.path(name, kind);
        // The artefact first: a reader that finds the new tag beside the
        // old artefact (or the reverse) fails the check and compiles.
        let written = store(&self.dir, &path, &[&compiled])
            .and_then(|()| store(&self.dir, &tag_path(&path), &[MAGIC, &tag]));
        let status = match written {
            Ok(()) => CacheStatus::Stored(path),
            Err(e) => CacheStatus::Unusable(format!("{}: {e}", self.dir.display())),
        };
        Ok((component, status))
    }
}

/// Where the tag of the artefact at `path` is kept.
fn tag_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".tag");
    PathBuf::from(name)
}

/// The tag in a tag file, if it is one.
fn read_tag(path: &Path) -> Option<[u8; KEY_BYTES]> {
    let file = fs::read(path).ok()?;
    file.strip_prefix(MAGIC.as_slice())?.try_into().ok()
}

fn report(cache: CacheStatus, started: Instant) -> LoadReport {
    LoadReport {
        cache,
        elapsed: started.elapsed(),
        snapshot: CacheStatus::Off,
    }
}

/// The MAC of an artefact named `name`: keyed BLAKE3 under the user's key
/// over the name (fixed-length hex) and the contents.
fn mac(key: &[u8; KEY_BYTES], name: &str, artefact: &[u8]) -> [u8; KEY_BYTES] {
    let mut hasher = blake3::Hasher::new_keyed(key);
    hasher.update(name.as_bytes());
    hasher.update(&[0]);
    hasher.update(artefact);
    *hasher.finalize().as_bytes()
}

/// Writes `parts` to `path` atomically: a temporary file in the same
/// directory, then a rename. The temporary file is removed whatever fails.
fn store(dir: &Path, path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        std::process::id(),
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    let written = write_new(&temporary, parts).and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Creates `path` (which must not exist), readable by the user only.
fn write_new(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    for part in parts {
        file.write_all(part)?;
    }
    file.flush()
}

/// The user's secret key in `dir` (created, with the directory, when
/// missing). Refused unless it is a regular file of the right length that
/// belongs to the current user and that no one else can read.
fn secret_key(dir: &Path) -> std::io::Result<[u8; KEY_BYTES]> {
    create_private_dir(dir)?;
    let path = dir.join("key");
    match read_key(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        other => return other,
    }
    let temporary = dir.join(format!(".key.{}.tmp", std::process::id()));
    let created = write_new(&temporary, &[&random_key()?]).and_then(|()| {
        // A hard link, unlike a rename, never replaces a key another
        // process made in the meantime: the first one wins for everybody.
        match fs::hard_link(&temporary, &path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
            _ => Ok(()),
        }
    });
    let _ = fs::remove_file(&temporary);
    created?;
    read_key(&path)
}

fn read_key(path: &Path) -> std::io::Result<[u8; KEY_BYTES]> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options.open(path)?;
    check_private(&file, path)?;
    let mut key = [0u8; KEY_BYTES];
    let mut extra = [0u8; 1];
    file.read_exact(&mut key)?;
    if file.read(&mut extra)? != 0 {
        return Err(refused(path, "is longer than a key"));
    }
    Ok(key)
}

fn refused(path: &Path, why: &str) -> std::io::Error {
    std::io::Error::other(format!("{} {why}; not using the cache", path.display()))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
#[expect(unsafe_code, reason = "libc::geteuid, to compare a file's owner")]
fn check_private(file: &File, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(refused(path, "is not a regular file"));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    if metadata.uid() != unsafe { libc::geteuid() } {
        return Err(refused(path, "belongs to another user"));
    }
    if metadata.mode() & 0o077 != 0 {
        return Err(refused(path, "can be read or written by other users"));
    }
    Ok(())
}

/// Whether `dir` belongs to the current user and no one else may write
/// in it (so no one else can replace a file in it).
#[cfg(unix)]
#[expect(unsafe_code, reason = "libc::geteuid, to compare a directory's owner")]
fn private_dir(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(dir).is_ok_and(|metadata| {
        // SAFETY: geteuid has no preconditions and cannot fail.
        metadata.is_dir()
            && metadata.uid() == unsafe { libc::geteuid() }
            && metadata.mode() & 0o022 == 0
    })
}

#[cfg(not(unix))]
fn private_dir(_dir: &Path) -> bool {
    false
}

#[cfg(not(unix))]
fn check_private(file: &File, path: &Path) -> std::io::Result<()> {
    if !file.metadata()?.is_file() {
        return Err(refused(path, "is not a regular file"));
    }
    Ok(())
}

#[cfg(unix)]
fn random_key() -> std::io::Result<[u8; KEY_BYTES]> {
    let mut key = [0u8; KEY_BYTES];
    File::open("/dev/urandom")?.read_exact(&mut key)?;
    Ok(key)
}

#[cfg(not(unix))]
fn random_key() -> std::io::Result<[u8; KEY_BYTES]> {
    use std::hash::{BuildHasher, RandomState};
    // The standard library seeds `RandomState` from the OS's generator.
    let mut key = [0u8; KEY_BYTES];
    for (i, chunk) in key.chunks_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(i);
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_binds_the_artefact_to_its_name_key_and_contents() {
        let key = [7u8; KEY_BYTES];
        let tag = mac(&key, "name", b"artefact");
        assert_eq!(tag, mac(&key, "name", b"artefact"));
        assert_ne!(tag, mac(&key, "other-name", b"artefact"), "renamed");
        assert_ne!(
            tag,
            mac(&[8u8; KEY_BYTES], "name", b"artefact"),
            "other key"
        );
        assert_ne!(tag, mac(&key, "name", b"artefacT"), "changed");
        assert_ne!(tag, mac(&key, "name", b"artef"), "truncated");
        assert_ne!(
            tag,
            mac(&key, "nam", b"eartefact"),
            "name and contents apart"
        );
    }

    #[test]
    fn a_tag_file_holds_exactly_a_tag() {
        let dir = std::env::temp_dir().join(format!("chaff-tag-test-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("a.cwasm.tag");
        let tag = [3u8; KEY_BYTES];
        fs::write(&path, [MAGIC.as_slice(), &tag].concat()).expect("write");
        assert_eq!(read_tag(&path), Some(tag));
        fs::write(&path, [MAGIC.as_slice(), &tag[..31]].concat()).expect("write");
        assert_eq!(read_tag(&path), None, "short");
        fs::write(&path, [b"other-magic-....".as_slice(), &tag].concat()).expect("write");
        assert_eq!(read_tag(&path), None, "not a tag file");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_cache_key_names_the_wasmtime_release() {
        assert!(
            WASMTIME_VERSION.split('.').count() == 3
                && WASMTIME_VERSION
                    .split('.')
                    .all(|part| part.parse::<u32>().is_ok()),
            "{WASMTIME_VERSION}"
        );
        let key = key_for(WASMTIME_VERSION, &"engine", b"component");
        assert_eq!(key, key_for(WASMTIME_VERSION, &"engine", b"component"));
        assert_ne!(key, key_for("49.0.0", &"engine", b"component"), "release");
        assert_ne!(
            key,
            key_for(WASMTIME_VERSION, &"other", b"component"),
            "engine"
        );
        assert_ne!(
            key,
            key_for(WASMTIME_VERSION, &"engine", b"other"),
            "component"
        );
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("chaff-store-test-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("dir");
        // The target is a directory, so the rename fails after the write.
        let target = dir.join("occupied.cwasm");
        fs::create_dir_all(target.join("inside")).expect("dir");
        assert!(store(&dir, &target, &[b"bytes"]).is_err());
        let left: Vec<_> = fs::read_dir(&dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}

/// Reading a cache file through a read-only mapping, to check it without
/// copying it (the kernel's page cache serves both the check and the
/// mapping wasmtime makes afterwards).
mod mapped_file {
    use std::fs::File;
    use std::path::Path;

    /// Whether `check` accepts the contents of the file at `path`; `false`
    /// when it is missing or empty, an error when it cannot be opened or
    /// mapped (so that a lack of memory is not taken for a bad file).
    #[cfg(unix)]
    #[expect(unsafe_code, reason = "mmap of a file, which std does not wrap")]
    pub(super) fn matches(
        path: &Path,
        check: impl FnOnce(&[u8]) -> bool,
    ) -> Result<bool, wasmtime::Error> {
        use std::os::fd::AsRawFd;
        let failed = |e: std::io::Error| wasmtime::Error::msg(format!("{}: {e}", path.display()));
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(failed(e)),
        };
        let len = file.metadata().map_err(failed)?.len();
        let Ok(len) = usize::try_from(len) else {
            return Ok(false);
        };
        if len == 0 {
            return Ok(false);
        }
        // SAFETY: a fresh read-only private mapping of an open file, with
        // no address hint; the result is checked for MAP_FAILED.
        let address = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                0,
            )
        };
        if address == libc::MAP_FAILED {
            return Err(failed(std::io::Error::last_os_error()));
        }
        // SAFETY: `address` maps `len` readable bytes until the munmap
        // below, and nothing in this process writes to it. The file is in
        // the user's private cache directory, written only by rename, so
        // it does not shrink under the mapping.
        let bytes = unsafe { std::slice::from_raw_parts(address.cast::<u8>(), len) };
        let accepted = check(bytes);
        // SAFETY: unmaps exactly the mapping made above; `bytes` is not
        // used after this.
        unsafe { libc::munmap(address, len) };
        Ok(accepted)
    }

    #[cfg(not(unix))]
    pub(super) fn matches(
        _path: &Path,
        _check: impl FnOnce(&[u8]) -> bool,
    ) -> Result<bool, wasmtime::Error> {
        Ok(false)
    }
}
