//! Builds the chaff component and hands it to the host crate, which embeds it.
//!
//! The guest (`guest/component`) is compiled for `wasm32-unknown-unknown` by a
//! nested `cargo build` in its own target directory (so it never waits on
//! the outer build's lock), then wrapped into a component with
//! `wit-component`. Because the core module imports nothing, neither does
//! the component: no WASI, no adapter.
//!
//! Set `CHAFF_COMPONENT=/path/to/chaff.wasm` to embed a prebuilt component
//! instead (packagers, offline builds).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let root = manifest_dir
        .parent()
        .ok_or("host/ has no parent directory")?
        .to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let out = out_dir.join("chaff.wasm");

    println!("cargo:rerun-if-env-changed=CHAFF_COMPONENT");
    if let Ok(prebuilt) = env::var("CHAFF_COMPONENT") {
        println!("cargo:rerun-if-changed={prebuilt}");
        fs::copy(&prebuilt, &out)
            .map_err(|e| format!("cannot copy CHAFF_COMPONENT={prebuilt}: {e}"))?;
        return Ok(());
    }
    for watched in ["guest", "wit", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("guest");
    let core = build_guest(&root, &target_dir)?;
    let component = componentize(&core)?;
    fs::write(&out, &component).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    // Also leave a copy where people and the other-runtime examples look for it.
    let public = target_dir.join("chaff.wasm");
    fs::write(&public, &component)
        .map_err(|e| format!("cannot write {}: {e}", public.display()))?;
    Ok(())
}

/// `cargo build` the guest for wasm, with the outer build's flags removed.
fn build_guest(root: &Path, target_dir: &Path) -> Result<PathBuf, String> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "--locked", "--package", "chaff-component"])
        .args(["--target", "wasm32-unknown-unknown", "--profile", "guest"])
        .arg("--target-dir")
        .arg(target_dir);
    // Flags meant for the host build (coverage, sanitizers, clippy's wrapper)
    // must not leak into the wasm build.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run cargo to build the guest: {e}"))?;
    if !status.success() {
        return Err(format!(
            "building the guest component failed ({status}); is the wasm32-unknown-unknown target \
             installed? (`rustup target add wasm32-unknown-unknown`)"
        ));
    }
    Ok(target_dir
        .join("wasm32-unknown-unknown")
        .join("guest")
        .join("chaff_component.wasm"))
}

/// Wrap the core module into a component using the WIT embedded by wit-bindgen.
fn componentize(core: &Path) -> Result<Vec<u8>, String> {
    let module = fs::read(core).map_err(|e| format!("cannot read {}: {e}", core.display()))?;
    wit_component::ComponentEncoder::default()
        .module(&module)
        .and_then(|encoder| encoder.validate(true).encode())
        .map_err(|e| format!("cannot turn {} into a component: {e:#}", core.display()))
}
