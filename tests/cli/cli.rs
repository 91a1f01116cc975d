//! The `chaff` binary as users run it.

use std::io::Write;
use std::path::PathBuf;

use crate::fixture;
use crate::run::{chaff, fixture_path, stderr};

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

/// A JSONL shard of `n` records built from the fixtures, with a few records
/// that cannot be cleaned mixed in. Returns the shard and, per line, whether
/// it is a good record.
fn shard(n: usize) -> (String, Vec<bool>) {
    let docs = [
        fixture("junk_kinds.txt"),
        fixture("headline_lists.txt"),
        fixture("traps.txt"),
    ];
    let mut out = String::new();
    let mut good = Vec::new();
    for i in 0..n {
        match i % 50 {
            7 => {
                out.push_str(&format!("{{\"id\":{i},\"text\":"));
                good.push(false); // truncated JSON
            }
            13 => {
                out.push_str(&format!("{{\"id\":{i},\"body\":\"no text field\"}}"));
                good.push(false);
            }
            29 => {
                out.push_str(&format!("{{\"id\":{i},\"text\":[\"not\",\"a string\"]}}"));
                good.push(false);
            }
            _ => {
                let text = serde_json::to_string(&docs[i % docs.len()]).expect("json");
                out.push_str(&format!("{{\"id\":{i},\"meta\":{{\"score\":1.50e0,\"tag\":\"\\u00e9\"}},\"text\":{text}}}"));
                good.push(true);
            }
        }
        out.push('\n');
    }
    (out, good)
}

fn ids(output: &str) -> Vec<u64> {
    output
        .lines()
        .map(|l| {
            let digits: String = l
                .trim_start_matches("{\"id\":")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().expect("record starts with its id")
        })
        .collect()
}

#[test]
fn jsonl_cleans_the_field_keeps_everything_else_and_every_record_once_in_order() {
    let (input, good) = shard(400);
    for jobs in ["1", "4"] {
        let out = chaff(
            &["clean", "--jsonl", "--jobs", jobs, "--quiet"],
            input.as_bytes(),
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "bad records make the exit status 1"
        );
        let output = String::from_utf8(out.stdout.clone()).expect("utf-8");
        assert_eq!(ids(&output), (0..400).collect::<Vec<u64>>(), "jobs={jobs}");
        for ((line_in, line_out), good) in input.lines().zip(output.lines()).zip(&good) {
            if !good {
                assert_eq!(line_in, line_out, "bad records pass through unchanged");
                continue;
            }
            let before: serde_json::Value = serde_json::from_str(line_in).expect("json");
            let after: serde_json::Value = serde_json::from_str(line_out).expect("json");
            let cleaned = crate::builtin()
                .clean(before["text"].as_str().expect("text"))
                .expect("clean");
            assert_eq!(after["text"].as_str(), Some(cleaned.text.as_str()));
            let prefix = line_in.split("\"text\":").next().expect("prefix");
            assert!(
                line_out.starts_with(prefix),
                "other fields are byte-identical"
            );
        }
        let messages = stderr(&out);
        assert!(messages.contains("<stdin>:8: malformed JSON"), "{messages}");
        assert!(
            messages.contains("<stdin>:14: no field `text`"),
            "{messages}"
        );
        assert!(
            messages.contains("<stdin>:30: field `text` is an array, not a string"),
            "{messages}"
        );
    }
}

#[test]
fn jsonl_on_error_skip_and_fail() {
    let (input, good) = shard(60);
    let out = chaff(
        &["clean", "--jsonl", "--on-error", "skip", "-q"],
        input.as_bytes(),
    );
    let kept = ids(&String::from_utf8(out.stdout).expect("utf-8"));
    let expected: Vec<u64> = (0..60).filter(|&i| good[i as usize]).collect();
    assert_eq!(kept, expected);

    let out = chaff(
        &["clean", "--jsonl", "--on-error", "fail", "-q"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        ids(&String::from_utf8(out.stdout.clone()).expect("utf-8")),
        (0..7).collect::<Vec<u64>>()
    );
    assert!(
        stderr(&out).contains("stopped at <stdin>:8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn jsonl_nested_field_removals_field_and_line_endings() {
    let input = "{\"doc\":{\"body\":\"Kept.\\nView\\n\"},\"n\":1}\r\n{\"doc\":{\"body\":\"x\"}}";
    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "--field",
            "doc.body",
            "--removals-field",
            "chaff",
            "-q",
        ],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        "{\"doc\":{\"body\":\"Kept.\\n\"},\"n\":1,\"chaff\":[{\"rule\":\"ui.lone-words\",\"category\":\"ui\",\"start\":6,\"end\":11}]}\r\n{\"doc\":{\"body\":\"x\"},\"chaff\":[]}"
    );
}

#[test]
fn jsonl_reads_and_writes_gzip_and_zstd() {
    use std::io::Read;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let (input, _) = shard(120);
    let plain = chaff(&["clean", "--jsonl", "-q", "--jobs", "2"], input.as_bytes()).stdout;

    let gz_in = dir.join("shard-in.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(input.as_bytes()).expect("gzip");
    std::fs::write(&gz_in, encoder.finish().expect("gzip")).expect("write");
    let zst_out = dir.join("shard-out.jsonl.zst");
    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "-q",
            gz_in.to_str().expect("path"),
            "-o",
            zst_out.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut decoded = Vec::new();
    zstd::Decoder::new(std::fs::File::open(&zst_out).expect("open"))
        .expect("zstd")
        .read_to_end(&mut decoded)
        .expect("read");
    assert_eq!(decoded, plain);
}

#[test]
fn a_truncated_gzip_shard_keeps_what_was_read_and_says_so() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let (input, _) = shard(300);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(input.as_bytes()).expect("gzip");
    let gz = encoder.finish().expect("gzip");
    let truncated = dir.join("truncated.jsonl.gz");
    std::fs::write(&truncated, &gz[..gz.len() / 2]).expect("write");
    let out = chaff(
        &["clean", "--jsonl", "-q", truncated.to_str().expect("path")],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("truncated.jsonl.gz: cannot read past line"),
        "{}",
        stderr(&out)
    );
    let output = String::from_utf8(out.stdout.clone()).expect("utf-8");
    let got = ids(&output);
    assert!(!got.is_empty() && got.len() < 300);
    assert_eq!(
        got,
        (0..got.len() as u64).collect::<Vec<u64>>(),
        "a prefix, in order"
    );
    assert!(output.ends_with('\n'), "no truncated record");
}

#[test]
fn explain_marks_removals_with_their_rule() {
    let out = chaff(
        &["explain", "--color", "never"],
        fixture("junk_kinds.txt").as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("- niceWork! (48213) [spam.exclaim-count]"),
        "{text}"
    );
    assert!(
        text.contains("  Boats will return to the northern berths"),
        "{text}"
    );
    let out = chaff(
        &["explain", "--format", "diff", "--color", "never"],
        fixture("junk_kinds.txt").as_bytes(),
    );
    let diff = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        diff.starts_with("--- <stdin>\n+++ <stdin>\n@@ -1,"),
        "{diff}"
    );
    assert!(
        diff.contains("\n-Read More: Council approves new parking rules for the seafront\n"),
        "{diff}"
    );
    assert!(
        diff.lines()
            .any(|l| l.starts_with("@@ ") && l.contains("read-more.prefix")),
        "rule ids in hunk headers: {diff}"
    );
}

#[test]
fn jsonl_lone_surrogates_and_invalid_utf8_are_reported_and_passed_through() {
    let mut input = b"{\"text\":\"\\ud800 lone\"}\n{\"text\":\"ok\\nView\\n\"}\n".to_vec();
    input.extend_from_slice(b"{\"text\":\"bad \xff byte\"}\n");
    let out = chaff(&["clean", "--jsonl", "-q"], &input);
    assert_eq!(out.status.code(), Some(1));
    let messages = stderr(&out);
    assert!(
        messages.contains("<stdin>:1: field `text` is not a valid string"),
        "{messages}"
    );
    assert!(
        messages.contains("<stdin>:3: not valid UTF-8 at byte 13"),
        "{messages}"
    );
    let mut expected = b"{\"text\":\"\\ud800 lone\"}\n{\"text\":\"ok\\n\"}\n".to_vec();
    expected.extend_from_slice(b"{\"text\":\"bad \xff byte\"}\n");
    assert_eq!(
        out.stdout, expected,
        "every record comes out, bad ones unchanged"
    );
}

#[test]
fn lossy_replaces_invalid_utf8_with_a_warning() {
    let out = chaff(&["clean", "--lossy"], b"fine line\nbad \xff byte\nView\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "fine line\nbad \u{fffd} byte\n"
    );
    assert!(
        stderr(&out).contains("invalid UTF-8 from byte 14 (line 2, column 5) replaced"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_rule_file_that_is_not_utf8_gets_a_position() {
    let dir = crate::run::scratch("rules-not-utf8");
    let rules = dir.join("latin1.toml");
    std::fs::write(&rules, b"version = 1\n# caf\xe9\n").expect("write");
    let out = chaff(&["check", rules.to_str().expect("utf-8 path")], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid UTF-8 at byte 17 (line 2, column 6)"),
        "{}",
        stderr(&out)
    );
}
