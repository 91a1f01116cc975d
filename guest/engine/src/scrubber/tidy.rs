//! Blank lines stranded by removals.

use crate::lines::Line;

/// Stage 3: blank lines go with the removals that strand them.
///
/// Blank lines between two removed lines join the removal before them. Then,
/// for each removed block: at the end of the document the blank lines before
/// it go too; at the start, or with blank lines on both sides, the blank
/// lines after it go. Elsewhere, blank lines stay as the article had them.
pub(super) fn tidy_blank_lines(lines: &[Line], verdicts: &mut [Option<usize>]) {
    let blank = |i: usize| lines[i].is_blank();

    let mut previous: Option<(usize, usize)> = None;
    for i in 0..lines.len() {
        match verdicts[i] {
            Some(rule) => {
                if let Some((at, prev_rule)) = previous {
                    for verdict in &mut verdicts[at + 1..i] {
                        *verdict = Some(prev_rule);
                    }
                }
                previous = Some((i, rule));
            }
            None if blank(i) => {}
            None => previous = None,
        }
    }

    let mut i = 0;
    while i < lines.len() {
        let Some(first_rule) = verdicts[i] else {
            i += 1;
            continue;
        };
        let first = i;
        while i < lines.len() && verdicts[i].is_some() {
            i += 1;
        }
        let last_rule = verdicts[i - 1].unwrap_or(first_rule);
        let mut before = first;
        while before > 0 && verdicts[before - 1].is_none() && blank(before - 1) {
            before -= 1;
        }
        let mut after = i;
        while after < lines.len() && verdicts[after].is_none() && blank(after) {
            after += 1;
        }
        let at_start = before == 0;
        let at_end = after == lines.len();
        if at_end {
            for verdict in &mut verdicts[before..first] {
                *verdict = Some(first_rule);
            }
        }
        if at_end || at_start || (before < first && after > i) {
            for verdict in &mut verdicts[i..after] {
                *verdict = Some(last_rule);
            }
        }
        i = after.max(i);
    }
}
