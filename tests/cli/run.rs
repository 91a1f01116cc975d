//! Running the real `chaff` binary from tests.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// `chaff` with the tests' cache directory, nothing else set.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chaff"));
    command.env(
        "CHAFF_CACHE_DIR",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chaff-cli-cache"),
    );
    command
}

/// Runs `chaff args` with `stdin` as its input and collects everything.
pub fn chaff(args: &[&str], stdin: &[u8]) -> Output {
    run(command().args(args), stdin)
}

/// Runs `command` with `stdin` as its input and collects everything.
pub fn run(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn chaff");
    let mut input = child.stdin.take().expect("stdin");
    std::thread::scope(|scope| {
        // Fed from its own thread, so a large input and a large output
        // cannot each wait for the other to be read. chaff may exit before
        // reading stdin (e.g. on a bad argument).
        scope.spawn(move || {
            let _ = input.write_all(stdin);
        });
        child.wait_with_output().expect("chaff runs")
    })
}

/// `sh -c SCRIPT` with `$CHAFF` naming the binary, for what only a shell
/// sets up (closed descriptors, ulimits, ignored signals).
pub fn shell(script: &str) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .env("CHAFF", env!("CARGO_BIN_EXE_chaff"))
        .env(
            "CHAFF_CACHE_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chaff-cli-cache"),
        );
    command
}

pub fn fixture_path(name: &str) -> String {
    format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh, empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("scratch")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// The hostile test component as a file, for `--component`.
pub fn hostile_component() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile.wasm");
        std::fs::write(&path, chaff_test_components::HOSTILE).expect("write hostile.wasm");
        path.to_str().expect("utf-8 path").to_string()
    })
}
