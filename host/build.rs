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

    println!("cargo:rerun-if-env-changed=CHAFF_COMPONENT");
    if let Ok(prebuilt) = env::var("CHAFF_COMPONENT") {
        println!("cargo:rerun-if-changed={prebuilt}");
        fs::copy(&prebuilt, &out)
            .map_err(|e| format!("cannot copy CHAFF_COMPONENT={prebuilt}: {e}"))?;
        return Ok(());
    }
    let root = chaff_guest_build::workspace_root(&manifest_dir)?;
    chaff_guest_build::rerun_if_guest_changes(&root, &["guest/engine", "guest/component"]);
    let component = chaff_guest_build::build_component(&root, "chaff-component")?;
    fs::write(&out, &component).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    // Also leave a copy where people and the other-runtime examples look.
    let public = chaff_guest_build::guest_target_dir(&root).join("chaff.wasm");
    fs::write(&public, &component)
        .map_err(|e| format!("cannot write {}: {e}", public.display()))?;
    Ok(())
}
