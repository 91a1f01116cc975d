//! `chaff`: remove boilerplate and spam from scraped article text.
//!
//! A thin command line over the `chaff` host library: it parses arguments,
//! reads inputs (plain text, JSONL, `.gz`/`.zst`), and prints what the
//! sandboxed component returns. Everything that touches the component goes
//! through the library's public API; what lives here is I/O, argument
//! parsing and reporting, which the library should not pull in. This file
//! dispatches the commands (`args.rs` defines them) and loads the component
//! and rules they share.

#![forbid(unsafe_code)]

mod args;
mod check;
mod explain;
mod guard;
mod input;
mod io;
mod jsonl;
mod learn;
mod progress;
mod report;
mod shard;
mod summary;
mod term;
mod text;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use args::{Cli, ColorChoice, Command, ExplainArgs, LearnArgs, PluginArgs, Profile, RulesArgs};
use chaff::{Cache, CallOptions, Limits, Plugin, PluginOptions, Rules, Scrubber};
use io::{Output, Source, WriteError};
use term::say;

/// Some documents or records could not be cleaned (each named on stderr),
/// an input could not be read to its end, or the output could not be
/// written; everything else was written.
const EXIT_DOCUMENT_ERRORS: u8 = 1;
/// Nothing was cleaned: bad arguments, rule file or component.
const EXIT_USAGE: u8 = 2;

fn learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    let settings = chaff_engine::LearnSettings {
        min_sites: args.min_sites,
        min_documents: args.min_documents,
        max_content_share: args.max_content_share,
        max_candidates: args.max_candidates,
        site_rules: args.url_field.is_some() && !args.no_site_rules,
        min_share: args.min_share,
        min_site_documents: args.min_site_documents,
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
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        progress: !args.quiet && std::io::stderr().is_terminal(),
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
        Command::Rules { list, rules } => {
            let text = if list {
                rule_list(&scrubber(&rules, &Limits::default())?)
            } else if rules.rules.is_some() {
                bail!("--rules goes with --list; the rule file itself is the file you named")
            } else {
                let plugin = load_plugin(&rules.plugin, &Limits::default(), &Rules::Builtin)?;
                plugin.profile_rules(builtin_profile(rules.profile))?
            };
            let mut stdout = Output::create(None)?;
            stdout.write_all(text.as_bytes())?;
            stdout.finish()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            rules,
            examples,
            profile,
            plugin,
        } => check::run(rules.as_deref(), examples, profile, &plugin),
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

/// The limits for a run with `jobs` threads cleaning at once.
fn limits(jobs: usize, max_input_bytes: usize) -> Limits {
    Limits {
        concurrency: jobs,
        max_input_bytes,
        ..Limits::default()
    }
}

/// The plugin for `args`; the embedded component's is pre-initialised for
/// `rules` (a snapshot from the cache, made on first use), so a run with
/// the same rules as the last starts with them compiled.
fn load_plugin(args: &PluginArgs, limits: &Limits, rules: &Rules) -> anyhow::Result<Plugin> {
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
        None => Plugin::load_for(chaff::EMBEDDED_COMPONENT, &options, rules)?,
    })
}

/// A rule file's text; not UTF-8 is an error that says where.
fn read_rules(path: &Path) -> anyhow::Result<String> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read rule file {}", path.display()))?;
    Ok(input::utf8(path.display().to_string(), bytes)?)
}

/// The library's name for a `--profile`.
fn builtin_profile(profile: Profile) -> chaff::Profile {
    match profile {
        Profile::Default => chaff::Profile::Extractor,
        Profile::Page => chaff::Profile::Page,
    }
}

/// `chaff rules --list`: one tab-separated line per rule.
fn rule_list(scrubber: &Scrubber) -> String {
    let mut out = String::from("id\tcategory\tkind\tdescription\n");
    for rule in scrubber.rule_table() {
        let description = rule.description.replace(['\t', '\n'], " ");
        out.push_str(&format!(
            "{}\t{}\t{}\t{description}\n",
            rule.id, rule.category, rule.kind
        ));
    }
    out
}

/// The call options of `chaff clean`: `--skip` names sorted into rule ids
/// and categories by the rule table (a name that is neither is refused
/// before anything is read), and the document's `--url`.
fn call_options(
    scrubber: &Scrubber,
    skip: &[String],
    url: Option<&str>,
) -> anyhow::Result<CallOptions> {
    let table = scrubber.rule_table();
    let mut options = CallOptions {
        url: url.map(str::to_string),
        ..CallOptions::default()
    };
    for name in skip {
        if table.iter().any(|r| &r.category == name) {
            options.skip_categories.push(name.clone());
        } else if table.iter().any(|r| &r.id == name) || table.is_empty() {
            // A 0.1.0 component has no table: the component judges.
            options.skip_rules.push(name.clone());
        } else {
            bail!("--skip {name}: no rule has that id or category (see `chaff rules --list`)");
        }
    }
    Ok(options)
}

fn scrubber(args: &RulesArgs, limits: &Limits) -> anyhow::Result<Scrubber> {
    let rules = match &args.rules {
        Some(path) => Rules::Text(read_rules(path)?),
        None => Rules::Profile(builtin_profile(args.profile)),
    };
    let plugin = load_plugin(&args.plugin, limits, &rules)?;
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
    let why = if args.why {
        if args.rules.plugin.component.is_some() {
            say!("chaff explain: --why shows what chaff's own engine sees, not the --component");
        }
        let engine = chaff_engine::Scrubber::from_rules(scrubber.rules())
            .context("the rules in chaff's own engine")?;
        Some(engine.line_reports(&text))
    } else {
        None
    };
    let mut stdout = Output::create(None)?;
    let shown = match &why {
        Some(reports) => explain::render_why(&text, &outcome, reports, color),
        None => explain::render(&source.name(), &text, &outcome, args.format, color),
    };
    stdout.write_all(shown.as_bytes())?;
    stdout.finish()?;
    Ok(ExitCode::SUCCESS)
}
