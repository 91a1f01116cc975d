//! The command line's arguments: what `chaff --help` shows, and the
//! parsers that turn option values into numbers (`--jobs`, `--max-input-bytes`)
//! with a message clap shows as a usage error.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{explain, jsonl};

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
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        chaff explain --why --profile page page.txt   # each line's class, place and features\n  \
        chaff explain --rules mine.toml a.txt | less -R")]
    Explain(ExplainArgs),
    /// Print the built-in rule file, to copy and edit, or (with --list)
    /// the rules in force: id, category, kind and description.
    #[command(after_help = "Examples:\n  \
        chaff rules > my-rules.toml\n  \
        chaff rules --profile page > my-page-rules.toml\n  \
        chaff rules --list --rules my-rules.toml")]
    Rules {
        /// One line per rule in force (tab-separated id, category, kind,
        /// description) instead of the rule file.
        #[arg(long)]
        list: bool,
        #[command(flatten)]
        rules: RulesArgs,
    },
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
        With --url-field, each site's own boilerplate is proposed too: a line on at least \
        --min-share of a site's pages (and --min-site-documents of them) becomes a rule \
        scoped to that site (`sites = [host]`), applied by `chaff clean --jsonl \
        --url-field` to that site's records only. --no-site-rules turns this off.\n\n\
        Documents are analysed on --jobs threads and counted in corpus order on one more, \
        so the rule file is the same for any --jobs. A progress bar shows on a terminal \
        (--quiet: none).\n\n\
        Memory is bounded, whatever the corpus size:\n  \
        peak <= 30 MB + S + (2*jobs + 3)*12*C + jobs*W\n  \
        S = 32 MiB of sketches (40 MiB with site rules) + --max-candidates * 700 bytes, \
        per exact table (two with site rules)\n  \
        C = max(4 MiB, largest record), a chunk of records; analysed, a chunk holds 32 \
        bytes and two short forms per distinct line (12*C for one-letter lines, about C/4 \
        on prose)\n  \
        W = one document D (at most 64 MiB; larger ones are skipped) + about 250 bytes per \
        line of it (its page-profile measurements)")]
    Learn(LearnArgs),
    /// Check a rule file and report the first problem in it; with
    /// --examples, also run every rule's `examples` (must be removed by
    /// it) and `keeps` (must stay) and report each that fails.
    #[command(after_help = "Examples:\n  \
        chaff check my-rules.toml\n  \
        chaff check --examples my-rules.toml\n  \
        chaff check --examples      # the built-in rules' own examples\n\n\
        Exit status: 0 the file is valid (and every example and keep holds); 1 some \
        examples or keeps fail; 2 the file is invalid.")]
    Check {
        /// The rule file (TOML, or JSON); the built-in rules of --profile
        /// when omitted.
        rules: Option<PathBuf>,
        /// Run the rules' examples and keeps (with the native engine, not
        /// a component).
        #[arg(long)]
        examples: bool,
        /// With no file: which built-in rules to check.
        #[arg(long, value_enum, default_value_t = Profile::Default)]
        profile: Profile,
        #[command(flatten)]
        plugin: PluginArgs,
    },
}

#[derive(Args)]
pub struct PluginArgs {
    /// Load this component instead of the one built into chaff (any
    /// component implementing chaff:scrubber/scrub@0.1).
    #[arg(long, value_name = "PATH")]
    pub component: Option<PathBuf>,
    /// Compile the component afresh instead of using the on-disk cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Rule file to use instead of the built-in rules (TOML, or JSON).
    /// Start it with `extends = "builtin"` to build on the built-in rules.
    #[arg(long, value_name = "FILE", conflicts_with = "profile")]
    pub rules: Option<PathBuf>,
    /// Built-in rule set for the kind of input: `default` for an
    /// extractor's output (trafilatura, readability, newspaper…): only
    /// junk, never an article line; `page` for full-page text (Common Crawl
    /// WET records, HTML-to-text dumps): keeps the article body and drops
    /// the rest of the page. A rule file gets the same with `extends =
    /// "builtin:page"`.
    #[arg(long, value_enum, default_value_t = Profile::Default)]
    pub profile: Profile,
    #[command(flatten)]
    pub plugin: PluginArgs,
}

/// The built-in rule sets `--profile` names.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// Extractor output: conservative.
    Default,
    /// Full-page text.
    Page,
}

#[derive(Args)]
pub struct CleanArgs {
    /// Input files; `-` or none reads stdin. `.gz` and `.zst` are
    /// decompressed.
    pub files: Vec<PathBuf>,
    /// Write here instead of stdout; `.gz` and `.zst` are compressed.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write what was removed, one JSON object per line (source, rule,
    /// category, start, end, line, text): to FILE with `--report=FILE`, or to
    /// stderr with a bare `--report`. Plain-text mode only. With `--lossy`,
    /// offsets count in the converted text (each replaced sequence is the 3
    /// bytes of U+FFFD), which is the text the output was cut from.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true)]
    pub report: Option<Option<PathBuf>>,
    /// Inputs are JSON lines: clean one field of each record, keep the rest
    /// byte for byte.
    #[arg(long)]
    pub jsonl: bool,
    /// The field holding the text, as a dotted path for nested objects.
    /// Its first part cannot be the --removals-field.
    #[arg(long, default_value = "text", value_name = "PATH", requires = "jsonl")]
    pub field: String,
    /// Add the removals (rule, category, start, end; byte offsets into the
    /// field's text) to each record under this top-level field.
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    pub removals_field: Option<String>,
    /// What to do with a record that cannot be cleaned (malformed JSON,
    /// missing or non-string field, a limit hit): pass it through
    /// unchanged, skip it, or stop. Each is reported on stderr with its line.
    #[arg(long, value_enum, default_value_t = jsonl::OnError::Pass, requires = "jsonl")]
    pub on_error: jsonl::OnError,
    /// Worker threads for JSONL, 1 to 256 (default: all cores). Output
    /// order is input order whatever the number; more jobs than cores only
    /// cost memory (see the README's memory bound).
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// Largest document (plain text) or JSONL record accepted, in bytes
    /// (suffixes K, M, G: powers of 1024). Reading stops there: a larger
    /// plain-text input is refused, a longer record is reported and passed
    /// through or skipped per --on-error without being held in memory.
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    pub max_input_bytes: usize,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// The document's URL or host, for rules scoped to sites (`sites` in a
    /// rule file). Plain text; with --jsonl use --url-field.
    #[arg(long, value_name = "URL", conflicts_with = "jsonl")]
    pub url: Option<String>,
    /// The field of each record holding its URL (a dotted path): rules
    /// scoped to that site apply to the record.
    #[arg(long, value_name = "PATH", requires = "jsonl")]
    pub url_field: Option<String>,
    /// Skip a rule (by id) or every rule of a category; repeat for more.
    /// A name that matches neither is an error.
    #[arg(long, value_name = "RULE|CATEGORY")]
    pub skip: Vec<String>,
    /// Plain text only: replace invalid UTF-8 with U+FFFD (with a warning)
    /// instead of refusing the file. The output then differs from the input
    /// at those bytes.
    #[arg(long, conflicts_with = "jsonl")]
    pub lossy: bool,
    #[command(flatten)]
    pub rules: RulesArgs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The document; `-` or none reads stdin.
    pub file: Option<PathBuf>,
    /// How to show the removals.
    #[arg(long, value_enum, default_value_t = explain::Format::Marked)]
    pub format: explain::Format,
    /// Show before each line what the content region saw in it: its class
    /// alone and in context (good, near-good, short, bad), where it lies
    /// (head, body, tail), its words, its share of function words and
    /// whether it ends like a sentence. Worked out by chaff's own engine
    /// with the same rules (not in the sandbox, as `check --examples`).
    #[arg(long, conflicts_with = "format")]
    pub why: bool,
    /// Colour the output: on a terminal (auto), always, or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
    /// Largest document accepted, in bytes (suffixes K, M, G).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    pub max_input_bytes: usize,
    #[command(flatten)]
    pub rules: RulesArgs,
}

#[derive(Args)]
pub struct LearnArgs {
    /// Input files; `-` or none reads stdin. `.gz` and `.zst` are
    /// decompressed.
    pub files: Vec<PathBuf>,
    /// Write the rule file here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Inputs are JSON lines, one document per record.
    #[arg(long)]
    pub jsonl: bool,
    /// The field holding the text, as a dotted path.
    #[arg(long, default_value = "text", value_name = "PATH", requires = "jsonl")]
    pub field: String,
    /// The field holding the document's URL: its host names the site.
    /// Without it, a site is a file.
    #[arg(long, value_name = "PATH", requires = "jsonl")]
    pub url_field: Option<String>,
    /// Distinct sites a line must appear on.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_sites: u32,
    /// Documents a line must appear in.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub min_documents: u32,
    /// Largest share of a line's occurrences that may read as article
    /// content.
    #[arg(long, default_value_t = 0.2, value_name = "SHARE")]
    pub max_content_share: f64,
    /// Most lines counted exactly (each up to about 600 bytes), in each
    /// of the cross-site and per-site tables.
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    pub max_candidates: usize,
    /// With --url-field: no per-site rules, only cross-site phrasings.
    #[arg(long)]
    pub no_site_rules: bool,
    /// Share of a site's pages a line must be on to be proposed as that
    /// site's boilerplate (a rule scoped to the site).
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub min_share: f64,
    /// Pages of one site a line must be on (and the site must have) to be
    /// proposed as its boilerplate.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub min_site_documents: u32,
    /// Threads analysing documents, 1 to 256 (default: all cores); one
    /// more counts them in corpus order, so the rule file is the same for
    /// any number.
    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
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
