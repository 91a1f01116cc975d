//! `chaff learn` end to end: a corpus of several sites, each page with its
//! site's header, a share bar and newsletter line every site uses, and an
//! article of its own in which one phrase ("In brief") legitimately heads
//! a paragraph on every site. Learning proposes the shared widget lines and
//! nothing from the articles; cleaning with the learned file removes them
//! and keeps every article line. Each site's own tagline becomes a rule
//! scoped to that site.

use std::path::PathBuf;

use crate::run::chaff;

const SITES: [&str; 6] = ["alder", "beech", "cherry", "damson", "elder", "fig"];
const SUBJECTS: [&str; 4] = ["the bridge", "the school", "the market", "the library"];

fn page(site: &str, subject: &str) -> String {
    format!(
        "{site} Daily | Local | Weather\n\
         Council approves money for {subject} in {site}\n\
         The council of {site} agreed on Tuesday to pay for the repair of {subject}, after a long debate about the cost of the work and about who should carry it out, and said the work would start in the spring.\n\
         In brief\n\
         The repair of {subject} in {site} will take about a year, and the council will publish the names of the firms that bid for the work once the contract has been signed by both sides.\n\
         Share this page with a friend\n\
         Tap here to hear the morning briefing\n\
         © {site} Daily Media Group\n\
         The {site} Daily, independent local news for everyone\n"
    )
}

fn corpus() -> String {
    let mut out = String::new();
    for site in SITES {
        for subject in SUBJECTS {
            let record = serde_json::json!({
                "url": format!("https://www.{site}-daily.example/news/{}", subject.replace(' ', "-")),
                "text": page(site, subject),
            });
            out.push_str(&record.to_string());
            out.push('\n');
        }
    }
    out
}

fn learned() -> String {
    let out = chaff(
        &[
            "learn",
            "--jsonl",
            "--url-field",
            "url",
            "--min-sites",
            "4",
            "--min-documents",
            "8",
        ],
        corpus().as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 rule file")
}

#[test]
fn learn_proposes_the_shared_widget_lines_and_no_article_line() {
    let rules = learned();
    assert!(
        rules.contains("\"share this page with a friend\""),
        "{rules}"
    );
    assert!(
        rules.contains("\"tap here to hear the morning briefing\""),
        "{rules}"
    );
    // A heading every site uses inside its articles is content.
    assert!(!rules.contains("\"in brief\""), "{rules}");
    // No sentence of an article, no site's own header.
    assert!(!rules.contains("council"), "{rules}");
    assert!(!rules.contains("daily local weather"), "{rules}");
}

#[test]
fn the_learned_file_is_valid_and_cleaning_with_it_keeps_every_article_line() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("learn-e2e");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let rules_path = dir.join("learned.toml");
    std::fs::write(&rules_path, learned()).expect("write rules");
    let rules = rules_path.to_str().expect("utf-8 path");
    let check = chaff(&["check", rules], b"");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // A page of a site the learner never saw.
    let input = page("grove", "the harbour");
    let out = chaff(&["clean", "--rules", rules], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cleaned = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = input.lines().collect();
    // The headline, the article's paragraphs and its "In brief" heading.
    for line in &lines[1..5] {
        assert!(cleaned.contains(line), "{line:?} lost from {cleaned:?}");
    }
    // The widget lines learned from other sites.
    for line in &lines[5..7] {
        assert!(!cleaned.contains(line), "{line:?} kept in {cleaned:?}");
    }
}

#[test]
fn thresholds_above_the_corpus_propose_nothing() {
    let out = chaff(
        &["learn", "--jsonl", "--url-field", "url", "--min-sites", "7"],
        corpus().as_bytes(),
    );
    assert!(out.status.success());
    let rules = String::from_utf8_lossy(&out.stdout);
    assert!(!rules.contains("[[rule]]"), "{rules}");
    assert!(rules.contains("0 proposed"), "{rules}");
}

#[test]
fn a_single_site_threshold_is_refused() {
    let out = chaff(&["learn", "--min-sites", "1"], b"text\n");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_sites_own_line_becomes_a_rule_for_that_site_only() {
    let out = chaff(
        &[
            "learn",
            "--jsonl",
            "--url-field",
            "url",
            "--min-sites",
            "4",
            "--min-documents",
            "8",
            "--min-site-documents",
            "3",
        ],
        corpus().as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rules = String::from_utf8(out.stdout).expect("utf-8 rule file");
    assert!(
        rules.contains("id = \"learned.site.alder-daily_example\""),
        "{rules}"
    );
    assert!(
        rules.contains("sites = [\"alder-daily.example\"]"),
        "{rules}"
    );
    assert!(
        rules.contains("\"the alder daily independent local news for everyone\""),
        "{rules}"
    );
    assert!(!rules.contains("council"), "{rules}");

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("learn-sites");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let rules_path = dir.join("learned.toml");
    std::fs::write(&rules_path, &rules).expect("write rules");
    let text = page("alder", "the harbour");
    let record = |url: &str| format!("{}\n", serde_json::json!({"url": url, "text": text}));
    let input = format!(
        "{}{}",
        record("https://alder-daily.example/new"),
        record("https://beech-daily.example/copied")
    );
    let out = chaff(
        &[
            "clean",
            "--jsonl",
            "--url-field",
            "url",
            "--rules",
            rules_path.to_str().expect("utf-8 path"),
        ],
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let tagline = "The alder Daily, independent local news for everyone";
    assert!(!lines[0]["text"].as_str().expect("text").contains(tagline));
    assert!(lines[1]["text"].as_str().expect("text").contains(tagline));
}

/// Many chunks' worth of records (the reader sends 256 records a chunk),
/// with pages of a site spread through the corpus, lines shared by some
/// sites and not others, and a few records that cannot be read.
fn long_corpus() -> String {
    let mut out = String::new();
    for n in 0..1500 {
        let site = SITES[n % SITES.len()];
        let subject = SUBJECTS[(n / 7) % SUBJECTS.len()];
        let mut text = page(site, subject);
        if n % 3 == 0 {
            text.push_str("Listen to this article\n");
        }
        if n % (5 + n % 4) == 0 {
            text.push_str(&format!("Most read in {}\n", SITES[n % 4]));
        }
        let k = (n % 40) as u8;
        let suffix = format!("{}{}", char::from(b'a' + k / 6), char::from(b'a' + k % 6));
        let host = format!("www.{site}-{suffix}.example");
        text.push_str(&format!("Write to the {suffix} newsroom\n"));
        let record = serde_json::json!({"url": format!("https://{host}/{n}"), "text": text});
        out.push_str(&record.to_string());
        out.push('\n');
        if n % 400 == 17 {
            out.push_str("{\"url\": \"https://broken.example/\", \"text\": 5}\n");
            out.push_str("not json at all\n");
        }
    }
    out
}

#[test]
fn any_number_of_jobs_writes_the_same_rule_file_and_messages_as_one() {
    let corpus = long_corpus();
    let learn = |jobs: &str| {
        let out = chaff(
            &[
                "learn",
                "--jsonl",
                "--url-field",
                "url",
                "--min-sites",
                "6",
                "--min-site-documents",
                "4",
                "--jobs",
                jobs,
            ],
            corpus.as_bytes(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).expect("utf-8 rule file"),
            String::from_utf8(out.stderr).expect("utf-8 messages"),
        )
    };
    let (one, one_said) = learn("1");
    assert!(one.contains("\"listen to this article\""), "{one}");
    assert!(one.contains("learned.site."), "{one}");
    assert!(
        one_said.contains("<stdin>: 8 records skipped"),
        "{one_said}"
    );
    for jobs in ["2", "3", "8"] {
        let (many, many_said) = learn(jobs);
        assert_eq!(one, many, "--jobs {jobs} learned something else");
        assert_eq!(one_said, many_said, "--jobs {jobs} said something else");
    }
}

#[test]
fn learn_jobs_out_of_range_is_a_usage_error() {
    for jobs in ["0", "257", "many"] {
        let out = chaff(&["learn", "--jobs", jobs], b"text\n");
        assert_eq!(out.status.code(), Some(2), "--jobs {jobs}");
    }
}

#[test]
fn plain_files_learn_with_a_directory_a_site_and_any_number_of_jobs() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("learn-files");
    let _ = std::fs::remove_dir_all(&dir);
    let mut files = Vec::new();
    for site in SITES {
        let site_dir = dir.join(format!("{site}-daily"));
        std::fs::create_dir_all(&site_dir).expect("site dir");
        for subject in SUBJECTS {
            let path = site_dir.join(format!("{}.txt", subject.replace(' ', "-")));
            std::fs::write(&path, page(site, subject)).expect("page");
            files.push(path.to_str().expect("utf-8 path").to_string());
        }
    }
    let learn = |jobs: &str| {
        let mut args = vec![
            "learn",
            "--min-sites",
            "4",
            "--min-documents",
            "8",
            "-j",
            jobs,
        ];
        args.extend(files.iter().map(String::as_str));
        let out = chaff(&args, b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 rule file")
    };
    let one = learn("1");
    assert!(one.contains("from 24 documents on 6 sites"), "{one}");
    assert!(one.contains("\"share this page with a friend\""), "{one}");
    assert!(!one.contains("council"), "{one}");
    assert_eq!(learn("3"), one);
}

#[test]
fn compressed_shards_learn_what_the_plain_shard_does() {
    use std::io::Write;

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("learn-compressed");
    std::fs::create_dir_all(&dir).expect("dir");
    let corpus = long_corpus();
    let plain = dir.join("shard.jsonl");
    std::fs::write(&plain, &corpus).expect("plain");
    let gz = dir.join("shard.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(corpus.as_bytes()).expect("gzip");
    std::fs::write(&gz, encoder.finish().expect("gzip")).expect("gz");
    let zst = dir.join("shard.jsonl.zst");
    std::fs::write(&zst, zstd::encode_all(corpus.as_bytes(), 3).expect("zstd")).expect("zst");
    let learn = |path: &PathBuf| {
        let path = path.to_str().expect("utf-8 path");
        let out = chaff(
            &["learn", "--jsonl", "--url-field", "url", "-j", "2", path],
            b"",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 rule file")
    };
    let expected = learn(&plain);
    assert!(
        expected.contains("\"listen to this article\""),
        "{expected}"
    );
    assert_eq!(learn(&gz), expected);
    assert_eq!(learn(&zst), expected);
}
