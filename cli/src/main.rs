//! `chaff`: remove boilerplate and spam from scraped article text.
//!
//! A thin command line over the `chaff` host library: it parses arguments,
//! reads inputs (plain text, JSONL, `.gz`/`.zst`), and prints what the
//! sandboxed component returns. Everything that touches the component goes
//! through the library's public API; what lives here is I/O, argument
//! parsing and reporting, which the library should not pull in.

mod explain;
mod guard;
mod input;
mod io;
mod jsonl;
mod learn;
mod progress;
mod record;
mod report;
mod shard;
mod summary;
mod term;
mod text;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use chaff::{Cache, Limits, Plugin, PluginOptions, Rules, Scrubber};
use io::{Output, Source, WriteError};
use term::say;

/// Some documents or records could not be cleaned (each named on stderr),
/// an input could not be read to its end, or the output could not be
/// written; everything else was written.
const EXIT_DOCUMENT_ERRORS: u8 = 1;
/// Nothing was cleaned: bad arguments, rule file or component.
const EXIT_USAGE: u8 = 2;

/// Most `--jobs`: each job keeps an instance of the component (tens of
/// megabytes) and its share of chunks in memory.
const MAX_JOBS: usize = 256;

#[derive(Parser)]
#[command(
    name = "chaff",
    version,
    about = "Remove boilerplate and spam from scraped article text",
    long_about = "Remove boilerplate and spam from scraped article text.\n\n\
        chaff applies pattern rules inside a WebAssembly sandbox and keeps every line of the \
        article itself: the output is always the input with whole lines or spans removed.",
    after_help = "Exit status: 0 everything cleaned (or the reader of the output went away, \
        as with `| head`); 1 some documents or records could not be cleaned, an input could \
        not be read to its end, or the output could not be written (each named on stderr, all \
        others written); 2 nothing was done (bad arguments, rules or component)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean text files or JSONL shards and write the result to stdout.
    #[command(after_help = "Examples:\n  \
        chaff clean article.txt\n  \
        curl -s https://example.com/a.txt | chaff clean\n  \
        chaff clean --report=removals.jsonl a.txt b.txt > clean.txt\n  \
        chaff clean --rules my-rules.toml article.txt\n  \
        chaff clean --profile page wet-record.txt\n  \
        chaff clean --jsonl shard.jsonl.zst --output clean.jsonl.zst\n  \
        chaff clean --jsonl --field doc.body --removals-field chaff --jobs 8 shard.jsonl.gz\n\n\
        Compressed inputs (.gz, .zst) are read transparently; --output compresses by its \
        extension.")]
    Clean(CleanArgs),
    /// Show what would be removed from a document, and by which rule.
    #[command(after_help = "Examples:\n  \
        chaff explain article.txt           # every line, removals marked with their rule\n  \
        chaff explain --format diff a.txt   # a unified diff from input to cleaned text\n  \
        chaff explain --rules mine.toml a.txt | less -R")]
    Explain(ExplainArgs),
    /// Print the built-in rule file, to copy and edit.
    #[command(after_help = "Example:\n  chaff rules > my-rules.toml")]
    Rules(PluginArgs),
    /// Learn rules from a corpus: lines that recur on many sites and are
    /// not article text there, written as a rule file to review.
    #[command(after_help = "Examples:\n  \
        chaff learn --jsonl --field text --url-field url sample.jsonl.zst -o learned.toml\n  \
        chaff learn crawl/*/*.txt -o learned.toml      # one directory per site\n\n\
        A line is proposed when it appears on at least --min-sites distinct sites (a site is \
        the host of --url-field, or a plain file's directory) and in --min-documents \
        documents, and reads as article content (prose, or a heading of prose, inside the \
        body the page profile finds) in at most --max-content-share of its occurrences. \
        Lines the built-in rules already remove are left out. Lines are compared folded: \
        case, numbers, punctuation and bullets do not matter. The defaults favour \
        precision; review the file anyway, then clean with `chaff clean --rules \
        learned.toml` (the file extends the built-in rules).\n\n\
        Memory: about 40 MB of sketches plus --max-candidates lines of at most 600 bytes \
        each, and one document at a time.")]
    Learn(LearnArgs),
    /// Check a rule file and report the first problem in it.
    #[command(after_help = "Example:\n  chaff check my-rules.toml")]
    Check {
        /// The rule file (TOML, or JSON).
        rules: PathBuf,
        #[command(flatten)]
        plugin: PluginArgs,
    },
}

#[derive(Args)]
struct PluginArgs {
    /// Load this component instead of the one built into chaff (any
    /// component implementing chaff:scrubber/scrub@0.1).
    #[arg(long, value_name = "PATH")]
    component: Option<PathBuf>,
    /// Compile the component afresh instead of using the on-disk cache.
    #[arg(long)]
    no_cache: bool,
}

#[derive(Args)]
struct RulesArgs {
    /// Rule file to use instead of the built-in rules (TOML, or JSON).
    /// Start it with `extends = "builtin"` to build on the built-in rules.
    #[arg(long, value_name = "FILE", conflicts_with = "profile")]
    rules: Option<PathBuf>,
    /// Built-in rule set for the kind of input: `default` for an
    /// extractor's output (trafilatura, readability, newspaper…): only
    /// junk, never an article line; `page` for full-page text (Common Crawl
    /// WET records, HTML-to-text dumps): keeps the article body and drops
    /// the rest of the page. A rule file gets the same with `extends =
    /// "builtin:page"`.
    #[arg(long, value_enum, default_value_t = Profile::Default)]
    profile: Profile,
    #[command(flatten)]
    plugin: PluginArgs,
}

/// The built-in rule sets `--profile` names.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Profile {
    /// Extractor output: conservative.
    Default,
    /// Full-page text.
    Page,
}

#[derive(Args)]
struct CleanArgs {
    /// Input files; `-` or none reads stdin. `.gz` and `.zst` are
    /// decompressed.
    files: Vec<PathBuf>,
    /// Write here instead of stdout; `.gz` and `.zst` are compressed.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write what was removed, one JSON object per line (source, rule,
    /// category, start, end, line, text): to FILE with `--report=FILE`, or to
    /// stderr with a bare `--report`. Plain-text mode only. With `--lossy`,
    /// offsets count in the converted text (each replaced sequence is the 3
    /// bytes of U+FFFD), which is the text the output was cut from.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true)]
    report: Option<Option<PathBuf>>,
    /// Inputs are JSON lines: clean one field of each record, keep the rest
    /// byte for byte.
    #[arg(long)]
    jsonl: bool,
    /// The field holding the text, as a dotted path for nested objects.
    /// Its first part cannot be the --removals-field.
    #[arg(long, default_value = "text", value_name = "PATH", requires = "jsonl")]
    field: String,
    /// Add the removals (rule, category, start, end; byte offsets into the
    /// field's text) to each record under this top-level field.
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    removals_field: Option<String>,
    /// What to do with a record that cannot be cleaned (malformed JSON,
    /// missing or non-string field, a limit hit): pass it through
    /// unchanged, skip it, or stop. Each is reported on stderr with its line.
    #[arg(long, value_enum, default_value_t = jsonl::OnError::Pass, requires = "jsonl")]
    on_error: jsonl::OnError,
    /// Worker threads for JSONL, 1 to 256 (default: all cores). Output
    /// order is input order whatever the number; more jobs than cores only
    /// cost memory (see the README's memory bound).
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Largest document (plain text) or JSONL record accepted, in bytes
    /// (suffixes K, M, G: powers of 1024). Reading stops there: a larger
    /// plain-text input is refused, a longer record is reported and passed
    /// through or skipped per --on-error without being held in memory.
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    max_input_bytes: usize,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Plain text only: replace invalid UTF-8 with U+FFFD (with a warning)
    /// instead of refusing the file. The output then differs from the input
    /// at those bytes.
    #[arg(long, conflicts_with = "jsonl")]
    lossy: bool,
    #[command(flatten)]
    rules: RulesArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct ExplainArgs {
    /// The document; `-` or none reads stdin.
    file: Option<PathBuf>,
    /// How to show the removals.
    #[arg(long, value_enum, default_value_t = explain::Format::Marked)]
    format: explain::Format,
    /// Colour the output: on a terminal (auto), always, or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    #[arg(long)]
    lossy: bool,
    /// Largest document accepted, in bytes (suffixes K, M, G).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    max_input_bytes: usize,
    #[command(flatten)]
    rules: RulesArgs,
}

#[derive(Args)]
struct LearnArgs {
    /// Input files; `-` or none reads stdin. `.gz` and `.zst` are
    /// decompressed.
    files: Vec<PathBuf>,
    /// Write the rule file here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Inputs are JSON lines, one document per record.
    #[arg(long)]
    jsonl: bool,
    /// The field holding the text, as a dotted path.
    #[arg(long, default_value = "text", value_name = "PATH", requires = "jsonl")]
    field: String,
    /// The field holding the document's URL: its host names the site.
    /// Without it, a site is a file.
    #[arg(long, value_name = "PATH", requires = "jsonl")]
    url_field: Option<String>,
    /// Distinct sites a line must appear on.
    #[arg(long, default_value_t = 5, value_name = "N")]
    min_sites: u32,
    /// Documents a line must appear in.
    #[arg(long, default_value_t = 10, value_name = "N")]
    min_documents: u32,
    /// Largest share of a line's occurrences that may read as article
    /// content.
    #[arg(long, default_value_t = 0.2, value_name = "SHARE")]
    max_content_share: f64,
    /// Most lines counted exactly (each up to about 600 bytes).
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    max_candidates: usize,
}

fn learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    let settings = chaff_engine::LearnSettings {
        min_sites: args.min_sites,
        min_documents: args.min_documents,
        max_content_share: args.max_content_share,
        max_candidates: args.max_candidates,
        ..chaff_engine::LearnSettings::default()
    };
    learn::check(&settings)?;
    let documents = learn::run(&learn::LearnJob {
        files: args.files,
        jsonl: args.jsonl,
        field: args.field,
        url_field: args.url_field,
        settings,
        output: args.output,
    })?;
    if documents == 0 {
        say!("chaff learn: no documents read");
        return Ok(ExitCode::from(EXIT_DOCUMENT_ERRORS));
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => failed(&e),
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Learn(args) => learn(args),
        Command::Clean(args) if args.jsonl => shard::clean(args),
        Command::Clean(args) => text::clean(args),
        Command::Explain(args) => explain(args),
        Command::Rules(plugin_args) => {
            let plugin = load_plugin(&plugin_args, &Limits::default())?;
            let rules = plugin.builtin_rules()?;
            let mut stdout = Output::create(None)?;
            stdout.write_all(rules.as_bytes())?;
            stdout.finish()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { rules, plugin } => {
            let plugin = load_plugin(&plugin, &Limits::default())?;
            let text = read_rules(&rules)?;
            Scrubber::new(&plugin, Rules::Text(text))
                .with_context(|| format!("{}", rules.display()))?;
            let mut stdout = Output::create(None)?;
            stdout.write_all(format!("{}: ok\n", rules.display()).as_bytes())?;
            stdout.finish()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The exit status for an error that ended the run, after saying what it
/// was: 0 for a closed pipe (the reader has what it wanted), 1 for an
/// output that could not be written once cleaning had begun, 2 otherwise.
fn failed(error: &anyhow::Error) -> ExitCode {
    match error.downcast_ref::<WriteError>() {
        Some(write) if write.is_broken_pipe() => ExitCode::SUCCESS,
        Some(_) => {
            say!("chaff: error: {error:#}");
            ExitCode::from(EXIT_DOCUMENT_ERRORS)
        }
        None => {
            say!("chaff: error: {error:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_JOBS).contains(&n) => Ok(n),
        _ => Err(format!("expected a number of threads from 1 to {MAX_JOBS}")),
    }
}

/// Bytes, with an optional K, M or G suffix (powers of 1024), from one
/// byte up to 4 GiB - 1 (offsets into a document are 32-bit).
fn parse_size(text: &str) -> Result<usize, String> {
    let upper = text.trim().to_ascii_uppercase();
    let digits = upper.trim_end_matches(['K', 'M', 'G', 'B', 'I']);
    let unit: u64 = match &upper[digits.len()..] {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown unit `{other}` (use K, M or G)")),
    };
    let bytes = digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("`{text}` is not a size in bytes"))?;
    if !(1..=u64::from(u32::MAX)).contains(&bytes) {
        return Err("expected from 1 byte to 4G - 1".into());
    }
    usize::try_from(bytes).map_err(|_| "too large for this machine".into())
}

/// The limits for a run with `jobs` threads cleaning at once.
fn limits(jobs: usize, max_input_bytes: usize) -> Limits {
    Limits {
        concurrency: jobs,
        max_input_bytes,
        ..Limits::default()
    }
}

fn load_plugin(args: &PluginArgs, limits: &Limits) -> anyhow::Result<Plugin> {
    let options = PluginOptions {
        cache: if args.no_cache {
            Cache::Off
        } else {
            Cache::User
        },
        limits: limits.clone(),
    };
    Ok(match &args.component {
        Some(path) => Plugin::from_file(path, &options)?,
        None => Plugin::load(chaff::EMBEDDED_COMPONENT, &options)?,
    })
}

/// A rule file's text; not UTF-8 is an error that says where.
fn read_rules(path: &Path) -> anyhow::Result<String> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read rule file {}", path.display()))?;
    Ok(input::utf8(path.display().to_string(), bytes)?)
}

fn scrubber(args: &RulesArgs, limits: &Limits) -> anyhow::Result<Scrubber> {
    let plugin = load_plugin(&args.plugin, limits)?;
    let rules = match (&args.rules, args.profile) {
        (Some(path), _) => Rules::Text(read_rules(path)?),
        (None, Profile::Default) => Rules::Builtin,
        (None, Profile::Page) => Rules::Text("version = 1\nextends = \"builtin:page\"\n".into()),
    };
    Scrubber::new(&plugin, rules).with_context(|| match (&args.rules, args.profile) {
        (Some(path), _) => format!("{}", path.display()),
        (None, Profile::Default) => "built-in rules".to_string(),
        (None, Profile::Page) => "built-in rules, page profile".to_string(),
    })
}

fn sources(files: &[PathBuf]) -> Vec<Source> {
    if files.is_empty() {
        vec![Source::Stdin]
    } else {
        files.iter().map(|p| Source::from_arg(p)).collect()
    }
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DOCUMENT_ERRORS)
    }
}

/// `chaff explain`: an unreadable or invalid document, or one the sandbox
/// could not clean, exits 1 like `clean` does.
fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let limits = limits(1, args.max_input_bytes);
    let scrubber = scrubber(&args.rules, &limits)?;
    let source = Source::from_arg(args.file.as_deref().unwrap_or(Path::new("-")));
    guard::refuse_clobbering(std::slice::from_ref(&source), None, None)?;
    let text = match input::read(&source, args.lossy, args.max_input_bytes) {
        Ok(text) => text,
        Err(e) => {
            say!("chaff: error: {e}");
            return Ok(exit_code(false));
        }
    };
    let outcome = match scrubber.clean(&text) {
        Ok(outcome) => outcome,
        Err(e) => {
            say!("chaff: error: {}: {e}", source.name());
            return Ok(exit_code(false));
        }
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut stdout = Output::create(None)?;
    let shown = explain::render(&source.name(), &text, &outcome, args.format, color);
    stdout.write_all(shown.as_bytes())?;
    stdout.finish()?;
    Ok(ExitCode::SUCCESS)
}
