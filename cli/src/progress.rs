//! The progress bar for long runs: on stderr, only on a terminal.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar over `len` input bytes when the size is known (with ETA), a
    /// spinner with rates otherwise; nothing when `show` is false.
    pub fn new(show: bool, len: Option<u64>, name: &str) -> Bar {
        if !show {
            return Bar(None);
        }
        let bar = match len {
            Some(len) => ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{prefix} {spinner} {bytes} {binary_bytes_per_sec} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_prefix(super::term::sanitize(name).into_owned());
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar(Some(bar))
    }

    pub fn update(&self, documents: u64, read: &AtomicU64) {
        if let Some(bar) = &self.0 {
            bar.set_position(read.load(Ordering::Relaxed));
            let per_second = documents as f64 / bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{documents} docs ({per_second:.0}/s)"));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
