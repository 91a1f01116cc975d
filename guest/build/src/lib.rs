//! Builds guest components from build scripts.
//!
//! Used by `host/build.rs` (the chaff component) and by the test-component
//! crate (hostile components for the sandbox tests). A guest crate is
//! compiled by a nested `cargo build` for `wasm32-unknown-unknown` in its own
//! target directory (so it never waits on the outer build's lock), then
//! wrapped into a component with `wit-component`. A core module that imports
//! nothing becomes a component that imports nothing: no WASI, no adapter.

#![forbid(unsafe_code)]

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The target every guest is built for.
pub const GUEST_TARGET: &str = "wasm32-unknown-unknown";

/// The workspace root, given the manifest directory of a crate one level
/// below it (`host/`) or two (`tests/components/`).
pub fn workspace_root(manifest_dir: &Path) -> Result<PathBuf, String> {
    manifest_dir
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("no workspace root above {}", manifest_dir.display()))
}

/// Where guests are built: `<target>/guest`, next to the outer build.
pub fn guest_target_dir(root: &Path) -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("guest")
}

/// Builds `package` (a `cdylib` using wit-bindgen) and returns the bytes of
/// the component.
pub fn build_component(root: &Path, package: &str) -> Result<Vec<u8>, String> {
    build_component_with_features(root, package, &[])
}

/// [`build_component`] with cargo features of the guest switched on.
pub fn build_component_with_features(
    root: &Path,
    package: &str,
    features: &[&str],
) -> Result<Vec<u8>, String> {
    let target_dir = guest_target_dir(root);
    let core = build_core_module(root, package, features, &target_dir)?;
    componentize(&core)
}

/// Tells cargo to rebuild when the guest sources or the contract change.
pub fn rerun_if_guest_changes(root: &Path, paths: &[&str]) {
    for watched in paths.iter().chain(&["wit", "Cargo.lock", "Cargo.toml"]) {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
}

/// `cargo build` the guest for wasm, with the outer build's flags removed.
fn build_core_module(
    root: &Path,
    package: &str,
    features: &[&str],
    target_dir: &Path,
) -> Result<PathBuf, String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "--locked", "--package", package])
        .args(["--target", GUEST_TARGET, "--profile", "guest"])
        .args(if features.is_empty() {
            Vec::new()
        } else {
            vec!["--features".to_string(), features.join(",")]
        })
        .arg("--target-dir")
        .arg(target_dir);
    // Flags meant for the host build (coverage, sanitizers, clippy's
    // wrapper) must not leak into the wasm build.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_MAKEFLAGS",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        cmd.env_remove(var);
    }
    // SIMD128 is supported by every runtime chaff targets (wasmtime, Node,
    // wasmtime-py); memchr, aho-corasick and regex use it for their scans.
    cmd.env("CARGO_ENCODED_RUSTFLAGS", "-Ctarget-feature=+simd128");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run cargo to build {package}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "building {package} for {GUEST_TARGET} failed ({status}); is the target installed? \
             (`bash scripts/setup-toolchain.sh` installs the pinned toolchain with it)"
        ));
    }
    Ok(target_dir
        .join(GUEST_TARGET)
        .join("guest")
        .join(format!("{}.wasm", package.replace('-', "_"))))
}

/// Wraps the core module into a component using the WIT that wit-bindgen
/// embedded in it.
fn componentize(core: &Path) -> Result<Vec<u8>, String> {
    let module = fs::read(core).map_err(|e| format!("cannot read {}: {e}", core.display()))?;
    wit_component::ComponentEncoder::default()
        .module(&module)
        .and_then(|encoder| encoder.validate(true).encode())
        .map_err(|e| format!("cannot turn {} into a component: {e:#}", core.display()))
}
