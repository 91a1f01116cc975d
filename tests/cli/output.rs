//! Where output goes: never over an input, never half-written, failures
//! named with exit status 1, a closed pipe a quiet success, and no panic
//! whatever happens to stdout or stderr.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::run::{chaff, command, fixture_path, run, scratch, shell, stderr};

const TEXT: &str = "Kept line of the article.\nView\n";

#[test]
fn output_that_is_a_hard_link_to_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("output-hard-link");
    let input = dir.join("in.txt");
    let link = dir.join("link.txt");
    std::fs::write(&input, TEXT).expect("write");
    std::fs::hard_link(&input, &link).expect("link");
    for jsonl in [false, true] {
        let mut args = vec!["clean", input.to_str().expect("path")];
        args.extend(["-o", link.to_str().expect("path")]);
        if jsonl {
            args.push("--jsonl");
        }
        let out = chaff(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("is also an input"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&input).expect("read"), TEXT);
    }
}

#[test]
fn output_that_is_stdin_is_refused_and_the_input_kept() {
    let dir = scratch("output-is-stdin");
    let input = dir.join("in.jsonl");
    let record = "{\"text\":\"Kept.\\nView\\n\"}\n";
    std::fs::write(&input, record).expect("write");
    for args in [
        vec!["clean", "--jsonl", "-o"],
        vec!["clean", "-o"],
        vec!["clean", "--report=placeholder", "-o"],
    ] {
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if args[1].starts_with("--report") {
            args[1] = format!("--report={}", dir.join("report.jsonl").display());
        }
        args.push(input.to_str().expect("path").into());
        let out = command()
            .args(&args)
            .stdin(File::open(&input).expect("open"))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("also an input (<stdin>)"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&input).expect("read"), record);
    }
    // Appending stdout to the input would read its own output.
    let script = format!(
        "exec \"$CHAFF\" clean --jsonl < '{0}' >> '{0}'",
        input.display()
    );
    let out = run(&mut shell(&script), b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&input).expect("read"), record);
}

#[test]
fn an_interrupted_run_leaves_the_old_output_file_intact() {
    let dir = scratch("output-interrupted");
    let output = dir.join("out.jsonl");
    std::fs::write(&output, "previous contents\n").expect("write");
    let mut child = command()
        .args(["clean", "--jsonl", "-q", "-o"])
        .arg(&output)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    for _ in 0..2000 {
        stdin
            .write_all(b"{\"text\":\"Kept.\\nView\\n\"}\n")
            .expect("write");
    }
    stdin.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(500));
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert_eq!(
        std::fs::read_to_string(&output).expect("read"),
        "previous contents\n",
        "an interrupted run never leaves a half-written -o file"
    );
    // A run that ends writes the whole output, and only its temporary
    // file is left behind by the killed one (hidden, named for its pid).
    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "-q",
            "-o",
            output.to_str().expect("path"),
        ],
        b"{\"text\":\"Kept.\\nView\\n\"}\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&output).expect("read"),
        "{\"text\":\"Kept.\\n\"}\n"
    );
}

#[test]
fn report_and_output_in_one_file_is_refused() {
    let dir = scratch("report-is-output");
    let both = dir.join("both.txt");
    let report = format!("--report={}", both.display());
    let same = format!("--report={}/./both.txt", dir.display());
    for report in [&report, &same] {
        let out = chaff(
            &["clean", report.as_str(), "-o", both.to_str().expect("path")],
            TEXT.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("--report and --output name the same file"),
            "{}",
            stderr(&out)
        );
        assert!(!both.exists());
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_status_0() {
    let dir = scratch("broken-pipe");
    let big = dir.join("big.txt");
    std::fs::write(
        &big,
        "A line of the article that goes on.\n".repeat(400_000),
    )
    .expect("write");
    let jsonl = dir.join("big.jsonl");
    std::fs::write(
        &jsonl,
        "{\"text\":\"A line of the article.\\nView\\n\"}\n".repeat(200_000),
    )
    .expect("write");
    for args in [
        vec!["clean", big.to_str().expect("path")],
        vec!["clean", "--jsonl", "-q", jsonl.to_str().expect("path")],
    ] {
        let mut child = command()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("read");
        // Dropping the reader closes the pipe, as `| head -1` does.
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "quietly");
        assert!(!first.is_empty());
    }
}

#[test]
fn a_full_disk_after_output_started_exits_1_naming_the_file() {
    for args in [
        vec!["clean", "-o", "/dev/full"],
        vec!["clean", "--jsonl", "-q", "-o", "/dev/full"],
        vec!["clean", "--report=/dev/full"],
    ] {
        let input: &[u8] = if args.contains(&"--jsonl") {
            b"{\"text\":\"Kept.\\nView\\n\"}\n"
        } else {
            TEXT.as_bytes()
        };
        let out = chaff(&args, input);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("/dev/full") && message.contains("No space left"),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn no_panic_when_stdout_or_stderr_is_closed_or_full() {
    let rules = fixture_path("../../examples/rules/phrases.toml");
    let junk = fixture_path("junk_kinds.txt");
    for (script, expected) in [
        // A closed stderr descriptor: messages and the report are dropped.
        (
            format!("exec \"$CHAFF\" clean --report '{junk}' > /dev/null 2>&-"),
            0,
        ),
        ("printf '' | exec \"$CHAFF\" clean 2>&-".to_string(), 1),
        // A full stdout.
        (format!("exec \"$CHAFF\" check '{rules}' > /dev/full"), 1),
        ("exec \"$CHAFF\" rules > /dev/full".to_string(), 1),
        (format!("exec \"$CHAFF\" explain '{junk}' > /dev/full"), 1),
    ] {
        let out = run(&mut shell(&script), b"");
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{script}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "{script}: {}",
            stderr(&out)
        );
    }
    // stderr a pipe whose reader has gone: the report's reader went away
    // like `| head` (0); a message that cannot be shown changes nothing
    // else (1 for the missing file, with everything else written).
    let record = b"{\"text\":\"Kept.\\nView\\n\"}\n{\"text\":1}\n";
    for (args, input, expected) in [
        (vec!["clean", "--report", junk.as_str()], &b""[..], 0),
        (vec!["clean", "/nonexistent", junk.as_str()], &b""[..], 1),
        (vec!["clean", "--jsonl"], &record[..], 1),
    ] {
        let mut child = command()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stderr.take());
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(input).expect("write");
        drop(stdin);
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(expected), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}: the output is written");
    }
}

#[test]
fn plain_input_larger_than_the_limit_stops_with_a_clear_error() {
    let started = Instant::now();
    let out = chaff(&["clean", "/dev/zero", &fixture_path("traps.txt")], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/dev/zero: larger than the input limit of 268435456 bytes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        crate::fixture("traps.txt"),
        "the other inputs are still cleaned"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    let out = chaff(&["clean", "--max-input-bytes", "10"], b"eleven bytes");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("larger than the input limit of 10 bytes"));
}

#[test]
fn lossy_report_offsets_count_in_the_converted_text() {
    let input = b"bad \xff byte\nView\n";
    let out = chaff(&["clean", "--lossy", "--report"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let converted = String::from_utf8_lossy(input).into_owned();
    let report = stderr(&out);
    let line = report
        .lines()
        .find(|l| l.starts_with('{'))
        .expect("a report line");
    let record: serde_json::Value = serde_json::from_str(line).expect("json");
    let (start, end) = (
        record["start"].as_u64().expect("start") as usize,
        record["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(
        &converted[start..end],
        "View\n",
        "offsets into the converted text"
    );
    assert_eq!(
        (start, end),
        (13, 18),
        "U+FFFD counts 3 bytes, the bad byte 1"
    );
    assert!(
        report.contains("report offsets count the replacement"),
        "{report}"
    );
}

#[test]
fn output_to_dev_stdout_redirected_to_a_file_keeps_the_shells_output() {
    let dir = scratch("output-dev-stdout");
    let log = dir.join("log.txt");
    let script = format!(
        "{{ echo before; printf 'Kept.\\nView\\n' | \"$CHAFF\" clean -o /dev/stdout; echo after; }} > '{}'",
        log.display()
    );
    let out = run(&mut shell(&script), b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&log).expect("read"),
        "before\nKept.\nafter\n",
        "written where the shell is, not over or under it"
    );
}
