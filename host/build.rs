//! Builds the chaff component (`guest/component`) and hands it to the host
//! crate, which embeds it; see `chaff-guest-build` for how.
//!
//! Set `CHAFF_COMPONENT=/path/to/chaff.wasm` to embed a prebuilt component
//! instead (packagers, offline builds).

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?).join("chaff.wasm");

    let root = chaff_guest_build::workspace_root(&manifest_dir)?;
    // The wasmtime release, for the compiled-component cache's file names.
    let lock = root.join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let wasmtime = locked_version(&lock, "wasmtime")?;
    println!("cargo:rustc-env=CHAFF_WASMTIME_VERSION={wasmtime}");

    println!("cargo:rerun-if-env-changed=CHAFF_COMPONENT");
    if let Ok(prebuilt) = env::var("CHAFF_COMPONENT") {
        println!("cargo:rerun-if-changed={prebuilt}");
        fs::copy(&prebuilt, &out)
            .map_err(|e| format!("cannot copy CHAFF_COMPONENT={prebuilt}: {e}"))?;
        return Ok(());
    }
    chaff_guest_build::rerun_if_guest_changes(&root, &["guest/engine", "guest/component"]);
    let component = chaff_guest_build::build_component(&root, "chaff-component")?;
    fs::write(&out, &component).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    // Also leave a copy where people and the other-runtime examples look.
    let public = chaff_guest_build::guest_target_dir(&root).join("chaff.wasm");
    fs::write(&public, &component)
        .map_err(|e| format!("cannot write {}: {e}", public.display()))?;
    Ok(())
}

/// The version of `package` in `Cargo.lock` (one version of it is locked).
fn locked_version(lock: &std::path::Path, package: &str) -> Result<String, String> {
    let text =
        fs::read_to_string(lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let name = format!("name = \"{package}\"");
    let mut lines = text.lines();
    let mut versions = Vec::new();
    while let Some(line) = lines.next() {
        if line.trim() == name
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            versions.push(version.trim_matches('"').to_string());
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        _ => Err(format!(
            "expected one version of {package} in {}, found {versions:?}",
            lock.display()
        )),
    }
}
