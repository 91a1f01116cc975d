//! `chaff check`: a rule file is valid in the component that will run it,
//! and, with `--examples`, every rule removes its `examples` and leaves its
//! `keeps` (run with the native engine, which the component is built from).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chaff::{Limits, Rules, Scrubber};
use chaff_engine::RuleSet;

use super::args::{PluginArgs, Profile};
use super::io::Output;
use super::term::say;
use super::{EXIT_DOCUMENT_ERRORS, builtin_profile, load_plugin, read_rules};

pub fn run(
    file: Option<&Path>,
    examples: bool,
    profile: Profile,
    plugin_args: &PluginArgs,
) -> anyhow::Result<ExitCode> {
    let (name, text) = match file {
        Some(path) => (path.display().to_string(), Some(read_rules(path)?)),
        None => (
            format!(
                "built-in rules ({})",
                builtin_profile(profile).extends_name()
            ),
            None,
        ),
    };
    // Valid where it will run: compiled inside the component (no snapshot
    // for a file being checked: it compiles once either way).
    let plugin = load_plugin(plugin_args, &Limits::default(), &Rules::Builtin)?;
    let rules = match &text {
        Some(text) => Rules::Text(text.clone()),
        None => Rules::Profile(builtin_profile(profile)),
    };
    Scrubber::new(&plugin, rules).with_context(|| name.clone())?;
    let mut stdout = Output::create(None)?;
    if !examples {
        stdout.write_all(format!("{name}: ok\n").as_bytes())?;
        stdout.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    if plugin_args.component.is_some() {
        say!("chaff check: examples run with chaff's own engine, not the --component");
    }
    let set = match &text {
        Some(text) => RuleSet::parse(text),
        None => RuleSet::named(builtin_profile(profile).extends_name()),
    }
    .with_context(|| name.clone())?;
    let failures = chaff_engine::check_examples(&set).with_context(|| name.clone())?;
    for failure in &failures {
        say!("chaff: {name}: {failure}");
    }
    let checked: usize = set
        .examples()
        .map(|r| r.examples.len() + r.keeps.len())
        .sum();
    stdout.write_all(
        format!(
            "{name}: {checked} examples and keeps of {} rules checked, {} failed\n",
            set.len(),
            failures.len()
        )
        .as_bytes(),
    )?;
    stdout.finish()?;
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DOCUMENT_ERRORS)
    })
}
