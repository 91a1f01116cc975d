//! Command-line parsing and the commands.

mod input;
mod report;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use chaff::{Cache, Plugin, PluginOptions, Rules, Scrubber};
use input::Source;

/// Some documents could not be cleaned (bad input, limits); the others were.
pub const EXIT_DOCUMENT_ERRORS: u8 = 1;
/// Nothing was cleaned: bad arguments, rule file or component.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "chaff",
    version,
    about = "Remove boilerplate and spam from scraped article text",
    long_about = "Remove boilerplate and spam from scraped article text.\n\n\
        chaff applies pattern rules inside a WebAssembly sandbox and keeps every line of the \
        article itself: the output is always the input with whole lines or spans removed.",
    after_help = "Exit status: 0 all documents cleaned; 1 some documents could not be \
        cleaned (each named on stderr); 2 nothing was done (bad arguments, rules or component)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean files (or stdin) and write the cleaned text to stdout.
    #[command(after_help = "Examples:\n  \
        chaff clean article.txt\n  \
        curl -s https://example.com/a.txt | chaff clean\n  \
        chaff clean --report removals.jsonl a.txt b.txt > clean.txt\n  \
        chaff clean --rules my-rules.toml article.txt")]
    Clean(CleanArgs),
    /// Print the built-in rule file, to copy and edit.
    #[command(after_help = "Example:\n  chaff rules > my-rules.toml")]
    Rules(PluginArgs),
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
struct CleanArgs {
    /// Input files; `-` or none reads stdin.
    files: Vec<PathBuf>,
    /// Rule file to use instead of the built-in rules (TOML, or JSON).
    /// Start it with `extends = "builtin"` to build on the built-in rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Also write what was removed, one JSON object per line (source, rule,
    /// category, start, end, line, text): to FILE with `--report=FILE`, or to
    /// stderr with a bare `--report`.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true)]
    report: Option<Option<PathBuf>>,
    #[command(flatten)]
    plugin: PluginArgs,
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Clean(args) => clean(args),
        Command::Rules(plugin_args) => {
            let plugin = load_plugin(&plugin_args)?;
            let rules = plugin.builtin_rules()?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(rules.as_bytes())?;
            stdout.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { rules, plugin } => {
            let plugin = load_plugin(&plugin)?;
            let text = read_rules(&rules)?;
            Scrubber::new(&plugin, Rules::Text(text))
                .with_context(|| format!("{}", rules.display()))?;
            println!("{}: ok", rules.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_plugin(args: &PluginArgs) -> anyhow::Result<Plugin> {
    let options = PluginOptions {
        cache: if args.no_cache {
            Cache::Off
        } else {
            Cache::User
        },
        ..PluginOptions::default()
    };
    Ok(match &args.component {
        Some(path) => Plugin::from_file(path, &options)?,
        None => Plugin::load(chaff::EMBEDDED_COMPONENT, &options)?,
    })
}

fn read_rules(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read rule file {}", path.display()))
}

fn clean(args: CleanArgs) -> anyhow::Result<ExitCode> {
    let plugin = load_plugin(&args.plugin)?;
    let rules = match &args.rules {
        Some(path) => Rules::Text(read_rules(path)?),
        None => Rules::Builtin,
    };
    let scrubber = Scrubber::new(&plugin, rules).with_context(|| match &args.rules {
        Some(path) => format!("{}", path.display()),
        None => "built-in rules".to_string(),
    })?;

    if let Some(Some(report_path)) = &args.report {
        let same = |input: &PathBuf| match (input.canonicalize(), report_path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if let Some(input) = args.files.iter().find(|f| same(f)) {
            anyhow::bail!(
                "the report file {} is also an input; refusing to overwrite it",
                input.display()
            );
        }
    }
    let mut report: Option<Box<dyn Write>> = match &args.report {
        None => None,
        Some(None) => Some(Box::new(std::io::stderr())),
        Some(Some(path)) => Some(Box::new(BufWriter::new(
            File::create(path)
                .with_context(|| format!("cannot create report {}", path.display()))?,
        ))),
    };
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|p| Source::from_arg(p)).collect()
    };

    let mut stdout = BufWriter::new(std::io::stdout().lock());
    let mut failures = 0usize;
    for source in &sources {
        let name = source.name();
        let text = match input::read(source) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("chaff: error: {e}");
                failures += 1;
                continue;
            }
        };
        match scrubber.clean(&text) {
            Ok(outcome) => {
                stdout.write_all(outcome.text.as_bytes())?;
                if let Some(out) = report.as_mut() {
                    report::write(out, &name, &text, &outcome)?;
                }
            }
            Err(e) => {
                eprintln!("chaff: error: {name}: {e}");
                failures += 1;
            }
        }
    }
    stdout.flush()?;
    if let Some(out) = report.as_mut() {
        out.flush()?;
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DOCUMENT_ERRORS)
    })
}
