//! Builds `tests/hostile-guest` into a component for the sandbox tests.

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
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?).join("hostile.wasm");
    let root = chaff_guest_build::workspace_root(&manifest_dir)?;
    chaff_guest_build::rerun_if_guest_changes(&root, &["tests/hostile-guest"]);
    let component = chaff_guest_build::build_component(&root, "chaff-hostile-guest")?;
    fs::write(&out, &component).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    // Also leave a copy for the Node and Python tests of the sandbox.
    let public = chaff_guest_build::guest_target_dir(&root).join("hostile.wasm");
    fs::write(&public, &component)
        .map_err(|e| format!("cannot write {}: {e}", public.display()))?;
    // The same component built against the first release of the contract.
    let old = chaff_guest_build::build_component_with_features(
        &root,
        "chaff-hostile-guest",
        &["contract-0-1-0"],
    )?;
    let out = out.with_file_name("hostile-0.1.0.wasm");
    fs::write(&out, &old).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let public = public.with_file_name("hostile-0.1.0.wasm");
    fs::write(&public, &old).map_err(|e| format!("cannot write {}: {e}", public.display()))
}
