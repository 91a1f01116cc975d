//! `chaff clean` on plain text: each input read whole (up to the limit),
//! cleaned, and written out in order.

use std::process::ExitCode;

use super::args::CleanArgs;
use super::io::{Output, WriteError};
use super::term::say;
use super::{call_options, exit_code, guard, input, limits, report, scrubber, sources};

pub fn clean(args: CleanArgs) -> anyhow::Result<ExitCode> {
    let sources = sources(&args.files);
    let report_path = args.report.as_ref().and_then(|r| r.as_deref());
    guard::refuse_clobbering(&sources, args.output.as_deref(), report_path)?;
    let scrubber = scrubber(&args.rules, &limits(1, args.max_input_bytes))?;
    let options = call_options(&scrubber, &args.skip, args.url.as_deref())?;
    let mut report = match &args.report {
        None => None,
        Some(None) => Some(Output::stderr()),
        Some(Some(path)) => Some(Output::create(Some(path))?),
    };
    let mut output = Output::create(args.output.as_deref())?;
    let mut failures = 0usize;
    // A report that cannot be written (a closed stderr) does not stop the
    // cleaning; it makes the exit status 1 at the end.
    let mut report_failure: Option<WriteError> = None;
    for source in &sources {
        let name = source.name();
        let text = match input::read(source, args.lossy, args.max_input_bytes) {
            Ok(text) => text,
            Err(e) => {
                say!("chaff: error: {e}");
                failures += 1;
                continue;
            }
        };
        match scrubber.clean_with(&text, &options) {
            Ok(outcome) => {
                output.write_all(outcome.text.as_bytes())?;
                if let Some(out) = report.as_mut()
                    && let Err(e) = report::write(out, &name, &text, &outcome)
                {
                    report_failure = Some(e);
                    report = None;
                }
            }
            Err(e) => {
                say!("chaff: error: {name}: {e}");
                failures += 1;
            }
        }
    }
    output.finish()?;
    if let Some(out) = report
        && let Err(e) = out.finish()
    {
        report_failure = Some(e);
    }
    if let Some(e) = report_failure {
        if e.is_broken_pipe() {
            return Ok(exit_code(failures == 0));
        }
        say!("chaff: error: {e}");
        failures += 1;
    }
    Ok(exit_code(failures == 0))
}
