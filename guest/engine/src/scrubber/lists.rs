//! Stage 2 of a pass: the `headline-list` rules (see [`crate::lists`]).

use super::Scrubber;
use crate::lines::Line;
use crate::lists::{list_run, remove_tail_run};

impl Scrubber {
    /// Stage 2: headings followed by at least `min_items` headline-shaped
    /// lines, and heading-less runs at the end of the document. A heading
    /// that a line rule already took (`widget.heading` takes a lone
    /// `Related Articles`) still heads its list.
    pub(super) fn apply_list_rules(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
    ) {
        for (rule, list) in &self.list_rules {
            let mut i = 0;
            while i < lines.len() {
                if !list.may_be_heading(&lines[i]) || !list.is_heading(lines[i].trimmed(text)) {
                    i += 1;
                    continue;
                }
                let run = list_run(text, lines, verdicts, list, i + 1);
                match run.last() {
                    Some(&last) if run.len() >= list.min_items => {
                        // The heading is reported under the earlier rule in
                        // the file, as every line claimed twice is.
                        if verdicts[i].is_some_and(|other| other > *rule) {
                            verdicts[i] = Some(*rule);
                        }
                        for verdict in &mut verdicts[i..=last] {
                            verdict.get_or_insert(*rule);
                        }
                        i = last + 1;
                    }
                    _ => i += 1,
                }
            }
            if let Some(tail_min_items) = list.tail_min_items {
                remove_tail_run(text, lines, verdicts, list, tail_min_items, *rule);
            }
        }
    }
}
