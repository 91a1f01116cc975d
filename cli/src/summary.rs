//! The one-line summary printed at the end of a run.

use std::collections::BTreeMap;
use std::fmt;

/// Counts for a run (or one chunk of it).
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub documents: u64,
    pub errors: u64,
    pub skipped: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Lines (whole or partly) removed, by category.
    pub removed_lines: BTreeMap<String, u64>,
}

impl Summary {
    /// Counts lines a JSONL record lost, by category.
    pub fn add_removed_lines(&mut self, removed: &chaff_jsonl::RemovedLines) {
        for (category, lines) in removed {
            *self.removed_lines.entry(category.clone()).or_default() += lines;
        }
    }

    pub fn merge(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.errors += other.errors;
        self.skipped += other.skipped;
        for (category, n) in &other.removed_lines {
            *self.removed_lines.entry(category.clone()).or_default() += n;
        }
    }
}

/// `1.2 MB`-style sizes for people.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: u64 = self.removed_lines.values().sum();
        write!(
            f,
            "{} documents, {} in, {} out, {} lines removed",
            self.documents,
            human_bytes(self.bytes_in),
            human_bytes(self.bytes_out),
            total
        )?;
        if total > 0 {
            let parts: Vec<String> = self
                .removed_lines
                .iter()
                .map(|(category, n)| format!("{category} {n}"))
                .collect();
            write!(f, " ({})", parts.join(", "))?;
        }
        if self.errors > 0 {
            write!(f, ", {} errors", self.errors)?;
            if self.skipped > 0 {
                write!(f, " ({} records skipped)", self.skipped)?;
            }
        }
        Ok(())
    }
}
