//! `chaff clean --jsonl`: each input streamed through the JSONL pipeline,
//! one after another, into one output.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::args::CleanArgs;
use super::io::{self, Output};
use super::term::say;
use super::{call_options, exit_code, guard, jsonl, limits, progress, scrubber, sources, summary};
use chaff_jsonl::FieldPath;

pub fn clean(args: CleanArgs) -> anyhow::Result<ExitCode> {
    if args.report.is_some() {
        anyhow::bail!("--report is for plain text; with --jsonl use --removals-field NAME");
    }
    let field = FieldPath::parse(&args.field).map_err(anyhow::Error::msg)?;
    if let Some(name) = &args.removals_field {
        field
            .check_removals_field(name)
            .map_err(anyhow::Error::msg)?;
    }
    let sources = sources(&args.files);
    guard::refuse_clobbering(&sources, args.output.as_deref(), None)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let scrubber = scrubber(&args.rules, &limits(jobs, args.max_input_bytes))?;
    let url_field = args
        .url_field
        .as_deref()
        .map(FieldPath::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let settings = Arc::new(jsonl::Settings {
        options: call_options(&scrubber, &args.skip, None)?,
        url_field,
        field,
        removals_field: args.removals_field.clone(),
        on_error: args.on_error,
        jobs,
        max_record_bytes: args.max_input_bytes,
    });
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let mut output = Output::create(args.output.as_deref())?;
    let mut total = summary::Summary::default();
    let mut ok = true;
    for source in &sources {
        let name = source.name();
        let read = Arc::new(AtomicU64::new(0));
        let reader = match io::open(source, Arc::clone(&read)) {
            Ok(reader) => reader,
            Err(e) => {
                say!("chaff: error: {e:#}");
                ok = false;
                continue;
            }
        };
        // The previous input's last record had no line feed: give it one,
        // or it would run into this input's first record.
        if output.ends_mid_line() {
            output.write_all(b"\n")?;
        }
        let bar = progress::Bar::new(show_progress, source.len(), &name);
        let tick = |documents: u64, _bytes: u64| bar.update(documents, &read);
        let ended = jsonl::run(&scrubber, reader, &name, &mut output, &settings, &tick)?;
        bar.finish();
        total.merge(&ended.summary);
        total.bytes_in += ended.summary.bytes_in;
        total.bytes_out += ended.summary.bytes_out;
        if ended.summary.errors > 0 {
            ok = false;
        }
        if let Some(error) = &ended.read_error {
            say!("chaff: error: {error}");
            ok = false;
        } else if ended.summary.bytes_in == 0
            && ended.summary.errors == 0
            && ended.stopped_at.is_none()
        {
            say!("chaff: error: {name}: the input is empty; there is nothing to clean");
            ok = false;
        }
        if let Some(line) = ended.stopped_at {
            say!("chaff: stopped at {name}:{line} (--on-error fail)");
            output.finish()?;
            if !args.quiet {
                say!("chaff: {total}");
            }
            return Ok(exit_code(false));
        }
    }
    output.finish()?;
    if !args.quiet {
        say!("chaff: {total}");
    }
    Ok(exit_code(ok))
}
