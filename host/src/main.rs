//! `chaff`: remove boilerplate and spam from scraped article text.
//!
//! A thin command line over the `chaff` host library: it parses arguments,
//! reads inputs, and prints what the sandboxed component returns.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(e) => cli::failed(&e),
    }
}
