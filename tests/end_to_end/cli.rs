//! The `chaff` binary as users run it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::fixture;

fn chaff(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chaff"))
        .args(args)
        .env(
            "CHAFF_CACHE_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chaff-cli-cache"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn chaff");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("chaff runs")
}

fn fixture_path(name: &str) -> String {
    format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn cleans_stdin_to_stdout() {
    let out = chaff(&["clean"], fixture("junk_kinds.txt").as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        fixture("junk_kinds.clean.txt")
    );
}

#[test]
fn cleans_several_files_in_order() {
    let out = chaff(
        &[
            "clean",
            &fixture_path("headline_lists.txt"),
            &fixture_path("traps.txt"),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = fixture("headline_lists.clean.txt") + &fixture("traps.txt");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn report_lists_each_removal_as_json() {
    let input = fixture("junk_kinds.txt");
    let out = chaff(&["clean", "--report"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("report line is JSON"))
        .collect();
    assert!(lines.len() >= 10, "{lines:?}");
    for record in &lines {
        let start = record["start"].as_u64().expect("start") as usize;
        let end = record["end"].as_u64().expect("end") as usize;
        assert_eq!(record["text"].as_str(), Some(&input[start..end]));
        assert_eq!(record["source"], "<stdin>");
        let line = record["line"].as_u64().expect("line") as usize;
        assert_eq!(line, input[..start].matches('\n').count() + 1);
    }
    let spam = lines
        .iter()
        .find(|r| r["category"] == "spam")
        .expect("spam removal");
    assert_eq!(spam["rule"], "spam.exclaim-count");
}

#[test]
fn report_to_a_file_never_overwrites_an_input() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let copy = dir.join("report-guard.txt");
    std::fs::write(&copy, "Some text.\n").expect("write");
    let report = format!("--report={}", copy.display());
    let out = chaff(&["clean", &report, copy.to_str().expect("utf-8 path")], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&copy).expect("read"),
        "Some text.\n"
    );
}

#[test]
fn invalid_utf8_is_a_clear_error_that_says_where() {
    let out = chaff(&["clean"], b"fine line\nbad \xff byte\n");
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("invalid UTF-8 at byte 14 (line 2, column 5)"),
        "{message}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let bad = dir.join("not-utf8.txt");
    std::fs::write(&bad, b"\xfe\xff").expect("write");
    let out = chaff(
        &[
            "clean",
            bad.to_str().expect("utf-8 path"),
            &fixture_path("traps.txt"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not-utf8.txt: invalid UTF-8 at byte 0"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), fixture("traps.txt"));
}

#[test]
fn empty_input_is_a_clear_error() {
    let out = chaff(&["clean"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the input is empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_rule_file_is_a_clear_error_naming_the_rule() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let rules = dir.join("broken-rules.toml");
    std::fs::write(
        &rules,
        "version = 1\n\n[[rule]]\nid = \"mine.empty\"\ncategory = \"spam\"\nkind = \"phrases\"\nmatch = \"whole\"\nphrases = []\n",
    )
    .expect("write");
    let rules = rules.to_str().expect("utf-8 path");
    for args in [vec!["clean", "--rules", rules], vec!["check", rules]] {
        let out = chaff(&args, b"text\n");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let message = stderr(&out);
        assert!(
            message.contains("mine.empty") && message.contains("phrases"),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn a_syntax_error_in_rules_gives_line_and_column() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let rules = dir.join("syntax-error.toml");
    std::fs::write(&rules, "version = 1\n[[rule]\nid = \"x\"\n").expect("write");
    let out = chaff(&["check", rules.to_str().expect("utf-8 path")], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
}

#[test]
fn rules_prints_the_builtin_rule_file_and_it_checks_clean() {
    let out = chaff(&["rules"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("id = \"read-more.prefix\""));
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("builtin-copy.toml");
    std::fs::write(&path, &text).expect("write");
    let out = chaff(&["check", path.to_str().expect("utf-8 path")], b"");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_file_that_is_not_a_component_is_refused_clearly() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-a-component.wasm");
    std::fs::write(&path, b"definitely not wasm").expect("write");
    let out = chaff(
        &["clean", "--component", path.to_str().expect("utf-8 path")],
        b"x\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot load the component"),
        "{}",
        stderr(&out)
    );
}
