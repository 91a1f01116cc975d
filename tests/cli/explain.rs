//! `chaff explain`: exit statuses like `clean`, a diff `patch` applies, and
//! nothing from a component printed raw to a terminal.

use std::process::Command;

use crate::run::{chaff, hostile_component, scratch, stderr};

#[test]
fn explain_exits_1_on_unreadable_or_invalid_input() {
    for (args, input, needle) in [
        (vec!["explain", "/nonexistent/doc.txt"], &b""[..], "cannot"),
        (
            vec!["explain"],
            b"bad \xff byte\n",
            "invalid UTF-8 at byte 4",
        ),
        (vec!["explain"], b"", "the input is empty"),
    ] {
        let out = chaff(&args, input);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{}", stderr(&out));
    }
}

/// Applies `chaff explain --format diff` to a copy of `input` with `patch`
/// and returns the result.
fn patched(name: &str, input: &[u8], extra: &[&str]) -> (Vec<u8>, String) {
    let dir = scratch(&format!("explain-patch-{name}"));
    let file = dir.join(name);
    std::fs::write(&file, input).expect("write");
    let file_arg = file.to_str().expect("path");
    let mut args = vec!["explain", "--format", "diff", "--color", "never"];
    args.extend(extra);
    args.push(file_arg);
    let out = chaff(&args, b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let diff = String::from_utf8(out.stdout).expect("utf-8 diff");
    let diff_file = dir.join("changes.diff");
    std::fs::write(&diff_file, &diff).expect("write diff");
    let status = Command::new("patch")
        .arg("--quiet")
        .arg(&file)
        .arg("-i")
        .arg(&diff_file)
        .status()
        .expect("patch runs");
    assert!(status.success(), "patch refused the diff:\n{diff}");
    (std::fs::read(&file).expect("read"), diff)
}

#[test]
fn explain_diff_applies_with_patch_and_names_rules_in_hunk_headers() {
    let crlf = crate::fixture("junk_kinds.txt").replace('\n', "\r\n");
    let no_final_newline = "Kept line.\nView\nniceWork! (48213)";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "junk_kinds.txt",
            crate::fixture("junk_kinds.txt").into_bytes(),
        ),
        (
            "headline_lists.txt",
            crate::fixture("headline_lists.txt").into_bytes(),
        ),
        ("crlf.txt", crlf.into_bytes()),
        ("no-final-newline.txt", no_final_newline.as_bytes().to_vec()),
        ("everything-goes.txt", b"View\n".to_vec()),
    ];
    for (name, input) in cases {
        let cleaned = chaff(&["clean"], &input).stdout;
        let (result, diff) = patched(name, &input, &[]);
        assert_eq!(
            String::from_utf8_lossy(&result),
            String::from_utf8_lossy(&cleaned),
            "{name}: patch + diff = chaff clean\n{diff}"
        );
        for line in diff.lines() {
            if line.starts_with('-') && !line.starts_with("---") {
                assert!(
                    !line.contains(" # "),
                    "{name}: no rule ids on - lines: {line}"
                );
            }
        }
        assert!(
            diff.lines()
                .any(|l| l.starts_with("@@ ") && l.ends_with(|c: char| c.is_alphanumeric())),
            "{name}: rule ids after the hunk header\n{diff}"
        );
    }
    // The file as given, absolute paths included, is the diff's file name.
    let (_, diff) = patched("abs.txt", b"Kept.\nView\n", &[]);
    assert!(diff.starts_with("--- /"), "{diff}");
    assert!(!diff.contains("a//"), "{diff}");
}

#[test]
fn control_characters_from_a_component_are_escaped_on_the_terminal() {
    let component = hostile_component();
    let doc = "ESCAPE the first line\nkept line\n";
    for format in ["marked", "diff"] {
        let out = chaff(
            &[
                "explain",
                "--component",
                component,
                "--format",
                format,
                "--color",
                "never",
            ],
            doc.as_bytes(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let shown = String::from_utf8(out.stdout).expect("utf-8");
        assert!(
            !shown.contains('\x1b') && !shown.contains('\u{9b}'),
            "{format}: {shown:?}"
        );
        assert!(
            shown.contains("hostile\\u{1b}]0;owned"),
            "{format}: {shown}"
        );
    }
    // The removal report, which is JSON on stderr.
    let out = chaff(
        &["clean", "--report", "--component", component],
        doc.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stderr(&out);
    assert!(
        !report.contains('\x1b') && !report.contains('\u{9b}'),
        "{report:?}"
    );
    let record: serde_json::Value =
        serde_json::from_str(report.lines().next().expect("a line")).expect("still JSON");
    assert!(
        record["rule"].as_str().expect("rule").contains('\u{9b}'),
        "same values"
    );
    // Categories in the JSONL summary, and a rule error's text.
    let out = chaff(
        &["clean", "--jsonl", "--component", component],
        b"{\"text\":\"ESCAPE first\\nkept\\n\"}\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains('\x1b'), "{:?}", stderr(&out));
    assert!(stderr(&out).contains("test\\u{1b}"), "{}", stderr(&out));
    let dir = scratch("escape-rules");
    let rules = dir.join("rules.toml");
    std::fs::write(&rules, "refuse-escape").expect("write");
    let out = chaff(
        &[
            "check",
            "--component",
            component,
            rules.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        !message.contains('\x1b') && !message.contains('\u{202e}'),
        "{message:?}"
    );
    assert!(message.contains("refused\\u{1b}"), "{message}");
}

/// `--why` puts before each line what the content region saw: the
/// article's lines read as good prose in the body, the related links after
/// it as short lines that context made bad, in the tail, and the lines a
/// rule took first as taken; every line of the input is there once.
#[test]
fn explain_why_shows_each_lines_class_place_and_features() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/region/full_page.txt"
    ))
    .expect("fixture");
    let out = chaff(
        &["explain", "--why", "--profile", "page", "--color", "never"],
        page.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = shown.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("# language: en;")),
        "{shown}"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), page.lines().count(), "{shown}");
    let row = |needle: &str| {
        *rows
            .iter()
            .find(|r| r.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle:?} in\n{shown}"))
    };
    let body = row("The town council voted on Tuesday");
    assert!(
        body.starts_with("good ") && body.contains(" body w38 "),
        "{body}"
    );
    assert!(!body.contains(" - "), "kept: {body}");
    let teaser = row("Bus timetable changes");
    assert!(
        teaser.starts_with("short→bad ") && teaser.contains(" tail "),
        "{teaser}"
    );
    assert!(teaser.ends_with("[region.outside-body]"), "{teaser}");
    let share = row("Facebook | Twitter");
    assert!(
        share.starts_with("taken ") && share.ends_with("[share.network-row]"),
        "{share}"
    );
}

#[test]
fn explain_why_and_a_diff_do_not_go_together() {
    let out = chaff(&["explain", "--why", "--format", "diff"], b"Some text.\n");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
