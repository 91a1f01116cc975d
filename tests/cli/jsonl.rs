//! JSONL promises under attack: no record lost or glued, no panic on any
//! combination of fields, memory bounded by the limits, and a run that
//! stops where it says it stops.

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::run::{chaff, command, scratch, stderr};

/// `n` records `{"id":i,"text":…}` with a line of junk in each text.
fn records(n: usize) -> String {
    (0..n)
        .map(|i| format!("{{\"id\":{i},\"text\":\"Record {i} of the story.\\nView\\n\"}}\n"))
        .collect()
}

#[test]
fn jsonl_removals_field_holding_the_text_field_is_refused_before_reading() {
    let input: String = (0..1000)
        .map(|i| format!("{{\"id\":{i},\"doc\":{{\"body\":\"Kept.\\nView\\n\"}}}}\n"))
        .collect();
    for (field, removals) in [("doc.body", "doc"), ("text", "text"), ("doc", "doc")] {
        let out = chaff(
            &[
                "clean",
                "--jsonl",
                "-q",
                "--field",
                field,
                "--removals-field",
                removals,
            ],
            input.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(2), "{field} / {removals}");
        assert!(out.stdout.is_empty(), "nothing written");
        let message = stderr(&out);
        assert!(
            message.contains("--removals-field") && !message.contains("panicked"),
            "{message}"
        );
    }
    // Every other combination is handled: a nested part may share the name.
    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "-q",
            "--field",
            "doc.body",
            "--removals-field",
            "body",
        ],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let output = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(output.lines().count(), 1000);
    assert!(
        output
            .lines()
            .all(|l| l.contains("\"body\":\"Kept.\\n\"") && l.ends_with("\"end\":11}]}")),
        "{}",
        output.lines().next().unwrap_or_default()
    );
}

#[test]
fn jsonl_jobs_far_above_the_cores_cleans_every_record() {
    // 100 chunks for 100 workers: each holds an instance at once, more
    // than the old fixed pool of 64 had.
    let input = records(256 * 100);
    let out = chaff(
        &["clean", "--jsonl", "-q", "--jobs", "100"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let output = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(output.lines().count(), 256 * 100);
    assert!(!output.contains("View"), "every record cleaned");
}

#[test]
fn jsonl_jobs_out_of_range_is_a_usage_error_not_a_panic() {
    for jobs in ["18446744073709551615", "0", "100000"] {
        let out = chaff(&["clean", "--jsonl", "--jobs", jobs], b"{\"text\":\"x\"}\n");
        assert_eq!(out.status.code(), Some(2), "--jobs {jobs}");
        let message = stderr(&out);
        assert!(
            message.contains("--jobs") && !message.contains("panicked"),
            "{message}"
        );
    }
}

#[test]
fn jsonl_record_longer_than_the_limit_is_streamed_through_per_on_error() {
    let long_text = "A long line of the record. ".repeat(200_000); // 5.4 MB
    let long = format!("{{\"id\":1,\"text\":\"{long_text}\\nView\\n\"}}\n");
    let input = format!(
        "{{\"id\":0,\"text\":\"Kept.\\nView\\n\"}}\n{long}{{\"id\":2,\"text\":\"Kept.\\nView\\n\"}}"
    );
    let cleaned = "{\"id\":0,\"text\":\"Kept.\\n\"}\n";
    let last = "{\"id\":2,\"text\":\"Kept.\\n\"}";

    let out = chaff(
        &["clean", "--jsonl", "-q", "--max-input-bytes", "1M"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("<stdin>:2: the record is longer than the input limit of 1048576 bytes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        format!("{cleaned}{long}{last}"),
        "passed through byte for byte, in its place"
    );

    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "-q",
            "--max-input-bytes",
            "1M",
            "--on-error",
            "skip",
        ],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        format!("{cleaned}{last}")
    );

    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "-q",
            "--max-input-bytes",
            "1M",
            "--on-error",
            "fail",
        ],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout.clone()).expect("utf-8"),
        cleaned
    );
    assert!(stderr(&out).contains("stopped at <stdin>:2"));
}

#[test]
fn jsonl_a_long_record_is_not_held_in_memory() {
    // 600 MB in one record, read under a 1 GiB address-space limit: held
    // whole it would not fit next to the runtime; streamed it passes.
    let dir = scratch("jsonl-long-record");
    let path = dir.join("long.jsonl");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        file.write_all(b"{\"id\":0,\"text\":\"Kept.\\nView\\n\"}\n{\"id\":1,\"text\":\"")
            .expect("write");
        let block = "x".repeat(1 << 20);
        for _ in 0..600 {
            file.write_all(block.as_bytes()).expect("write");
        }
        file.write_all(b"\"}\n{\"id\":2,\"text\":\"Kept.\\nView\\n\"}\n")
            .expect("write");
    }
    let script = format!(
        "ulimit -v 1048576; exec \"$CHAFF\" clean --jsonl -q --jobs 2 '{}' | wc -c",
        path.display()
    );
    let out = crate::run::run(&mut crate::run::shell(&script), b"");
    let written: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("byte count");
    let expected = std::fs::metadata(&path).expect("size").len() - 2 * "View\\n".len() as u64;
    assert_eq!(written, expected, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("long.jsonl:2: the record is longer than"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_inputs_without_a_final_newline_are_not_glued_together() {
    let dir = scratch("jsonl-glue");
    let a = dir.join("a.jsonl");
    let b = dir.join("b.jsonl");
    std::fs::write(&a, "{\"id\":0,\"text\":\"A.\\nView\\n\"}").expect("write");
    std::fs::write(&b, "{\"id\":1,\"text\":\"B.\\n\"}\n").expect("write");
    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "-q",
            a.to_str().expect("path"),
            b.to_str().expect("path"),
            a.to_str().expect("path"),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        "{\"id\":0,\"text\":\"A.\\n\"}\n{\"id\":1,\"text\":\"B.\\n\"}\n{\"id\":0,\"text\":\"A.\\n\"}",
        "a record never runs into the next input's first"
    );
}

#[test]
fn jsonl_accepts_a_byte_order_mark_at_the_start() {
    let out = chaff(
        &["clean", "--jsonl", "-q"],
        b"\xef\xbb\xbf{\"text\":\"Kept.\\nView\\n\"}\n{\"text\":\"\\ufeffx\"}\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        "{\"text\":\"Kept.\\n\"}\n{\"text\":\"\\ufeffx\"}\n",
        "the mark is not part of the first record; escapes inside records stay"
    );
}

#[test]
fn jsonl_empty_input_exits_1() {
    for input in [&b""[..], b"\xef\xbb\xbf"] {
        let out = chaff(&["clean", "--jsonl", "-q"], input);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("<stdin>: the input is empty"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn jsonl_on_error_fail_stops_at_the_failing_record_without_waiting_for_more_input() {
    let mut child = command()
        .args(["clean", "--jsonl", "-q", "--on-error", "fail"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(b"{\"text\":\"Kept.\\nView\\n\"}\n{\"text\":\n")
        .expect("write");
    stdin.flush().expect("flush");
    // The producer goes quiet but keeps the pipe open.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chaff waited for more input after the failing record"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    assert_eq!(status.code(), Some(1));
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read");
    assert_eq!(stdout, "{\"text\":\"Kept.\\n\"}\n");
    let mut messages = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut messages)
        .expect("read");
    assert!(messages.contains("stopped at <stdin>:2"), "{messages}");
}

#[test]
fn jsonl_a_zstd_bomb_is_stopped_by_the_limit_while_decompressing() {
    // 1 GiB of one record compresses to a few kilobytes; decompressed
    // whole it would not fit under the address-space limit.
    let dir = scratch("jsonl-bomb");
    let path = dir.join("bomb.jsonl.zst");
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut encoder = zstd::Encoder::new(file, 3).expect("zstd");
        encoder.write_all(b"{\"text\":\"").expect("write");
        let block = vec![b'a'; 1 << 20];
        for _ in 0..1024 {
            encoder.write_all(&block).expect("write");
        }
        encoder.write_all(b"\"}\n").expect("write");
        encoder.finish().expect("finish");
    }
    let path = path.to_str().expect("path").to_string();
    for mode in ["--jsonl", "--lossy"] {
        let script = format!(
            "ulimit -v 1048576; exec \"$CHAFF\" clean {mode} -q --on-error skip \
             --max-input-bytes 64M '{path}' > /dev/null"
        );
        let out = crate::run::run(&mut crate::run::shell(&script), b"");
        assert_eq!(out.status.code(), Some(1), "{mode}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("longer than the input limit")
                || message.contains("larger than the input limit"),
            "{mode}: {message}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
