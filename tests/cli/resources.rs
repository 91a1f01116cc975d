//! The `chaff` binary under an address-space limit (`ulimit -v`): it
//! starts and cleans under 4 GiB, and below what instances need it names
//! the limit; it never reports the component trapping, never panics.

use crate::run::{fixture_path, run, shell, stderr};

#[test]
fn chaff_starts_and_cleans_under_a_4_gib_address_space_limit() {
    let script = format!(
        "ulimit -v 4194304; exec \"$CHAFF\" clean '{}'",
        fixture_path("junk_kinds.txt")
    );
    let out = run(&mut shell(&script), b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        crate::fixture("junk_kinds.clean.txt")
    );
    let script = format!(
        "ulimit -v 4194304; exec \"$CHAFF\" clean --jsonl -q --jobs 8 '{}'",
        fixture_path("../../examples/article.txt")
    );
    let out = run(&mut shell(&script), b"");
    assert!(!stderr(&out).contains("trapped"), "{}", stderr(&out));
}

#[test]
fn too_little_address_space_is_named_not_called_a_trap() {
    // Somewhere between "chaff cannot start" and "chaff runs" lies a limit
    // under which instances cannot be made; wherever that is on this
    // machine, the message must say so.
    let mut named = Vec::new();
    for mebibytes in (32..=128).step_by(8) {
        let script = format!(
            "ulimit -v {}; exec \"$CHAFF\" clean '{}'",
            mebibytes * 1024,
            fixture_path("traps.txt")
        );
        let out = run(&mut shell(&script), b"");
        let message = stderr(&out);
        assert!(!message.contains("trapped"), "{mebibytes} MiB: {message}");
        assert!(!message.contains("panicked"), "{mebibytes} MiB: {message}");
        if out.status.code() == Some(2) && message.contains("address-space limit") {
            named.push(mebibytes);
        }
    }
    assert!(!named.is_empty(), "no limit made chaff name the cause");
}
