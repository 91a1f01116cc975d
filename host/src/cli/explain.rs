//! `chaff explain`: show what would be removed, and by which rule.

use std::io::Write;

/// How to show removals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Every line, removed ones marked with `-` and their rule id, inline
    /// cuts marked in place.
    Marked,
    /// A unified diff from the input to the cleaned text.
    Diff,
}

/// One input line and what happened to it.
enum LineFate<'a> {
    Kept(&'a str),
    Removed {
        text: &'a str,
        rule: &'a str,
    },
    /// Spans cut inside a kept line: `(start, end, rule)` relative to it.
    Cut {
        text: &'a str,
        cuts: Vec<(usize, usize, &'a str)>,
    },
}

fn fates<'a>(input: &'a str, outcome: &'a chaff::Outcome) -> Vec<LineFate<'a>> {
    let mut fates = Vec::new();
    let mut removals = outcome.removals.iter().peekable();
    let mut line_start = 0;
    for line in input.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let mut cuts = Vec::new();
        let mut whole: Option<&str> = None;
        while let Some(r) = removals.peek() {
            if r.start >= line_end {
                break;
            }
            if r.start <= line_start && r.end >= line_end {
                whole = Some(&r.rule);
            } else {
                let start = r.start.max(line_start) - line_start;
                let end = r.end.min(line_end) - line_start;
                cuts.push((start, end, r.rule.as_str()));
            }
            if r.end > line_end {
                break; // the removal goes on into the next line
            }
            removals.next();
        }
        fates.push(match (whole, cuts.is_empty()) {
            (Some(rule), _) => LineFate::Removed { text: line, rule },
            (None, true) => LineFate::Kept(line),
            (None, false) => LineFate::Cut { text: line, cuts },
        });
        line_start = line_end;
    }
    fates
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn body(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

pub fn write(
    out: &mut dyn Write,
    source: &str,
    input: &str,
    outcome: &chaff::Outcome,
    format: Format,
    color: bool,
) -> std::io::Result<()> {
    let style = Style { color };
    let fates = fates(input, outcome);
    match format {
        Format::Marked => write_marked(out, &fates, &style),
        Format::Diff => write_diff(out, source, &fates, &style),
    }
}

fn write_marked(out: &mut dyn Write, fates: &[LineFate], style: &Style) -> std::io::Result<()> {
    for fate in fates {
        match fate {
            LineFate::Kept(text) => writeln!(out, "  {}", body(text))?,
            LineFate::Removed { text, rule } => writeln!(
                out,
                "{} {}",
                style.paint("31", &format!("- {}", body(text))),
                style.paint("2", &format!("[{rule}]"))
            )?,
            LineFate::Cut { text, cuts } => {
                let text = body(text);
                let mut line = String::from("~ ");
                let mut pos = 0;
                for &(start, end, rule) in cuts {
                    let end = end.min(text.len());
                    if start >= end {
                        continue;
                    }
                    line.push_str(&text[pos..start]);
                    line.push_str(&style.paint("31", &format!("[-{}-]", &text[start..end])));
                    line.push_str(&style.paint("2", &format!("{{{rule}}}")));
                    pos = end;
                }
                line.push_str(&text[pos.min(text.len())..]);
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// A unified diff with three lines of context.
fn write_diff(
    out: &mut dyn Write,
    source: &str,
    fates: &[LineFate],
    style: &Style,
) -> std::io::Result<()> {
    const CONTEXT: usize = 3;
    let changed: Vec<bool> = fates
        .iter()
        .map(|f| !matches!(f, LineFate::Kept(_)))
        .collect();
    if !changed.contains(&true) {
        return Ok(());
    }
    writeln!(out, "{}", style.paint("1", &format!("--- a/{source}")))?;
    writeln!(
        out,
        "{}",
        style.paint("1", &format!("+++ b/{source} (cleaned)"))
    )?;
    let mut i = 0;
    // Line numbers before each line, in the input and in the output.
    let mut old_line = vec![1usize; fates.len() + 1];
    let mut new_line = vec![1usize; fates.len() + 1];
    for (k, fate) in fates.iter().enumerate() {
        old_line[k + 1] = old_line[k] + 1;
        new_line[k + 1] = new_line[k] + usize::from(!matches!(fate, LineFate::Removed { .. }));
    }
    while i < fates.len() {
        if !changed[i] {
            i += 1;
            continue;
        }
        let start = i.saturating_sub(CONTEXT);
        let mut end = i;
        // Extend the hunk while changes are within 2×CONTEXT of each other.
        while end < fates.len() {
            if changed[end] {
                end += 1;
                continue;
            }
            let next_change = (end..fates.len().min(end + 2 * CONTEXT + 1)).find(|&k| changed[k]);
            match next_change {
                Some(k) => end = k,
                None => break,
            }
        }
        let stop = (end + CONTEXT).min(fates.len());
        let old_count = stop - start;
        let new_count = new_line[stop] - new_line[start];
        writeln!(
            out,
            "{}",
            style.paint(
                "36",
                &format!(
                    "@@ -{},{} +{},{} @@",
                    old_line[start], old_count, new_line[start], new_count
                )
            )
        )?;
        for fate in &fates[start..stop] {
            match fate {
                LineFate::Kept(text) => writeln!(out, " {}", body(text))?,
                LineFate::Removed { text, rule } => writeln!(
                    out,
                    "{} {}",
                    style.paint("31", &format!("-{}", body(text))),
                    style.paint("2", &format!("# {rule}"))
                )?,
                LineFate::Cut { text, cuts } => {
                    let text = body(text);
                    let mut kept = String::new();
                    let mut pos = 0;
                    for &(s, e, _) in cuts {
                        kept.push_str(&text[pos.min(text.len())..s.min(text.len())]);
                        pos = e;
                    }
                    kept.push_str(&text[pos.min(text.len())..]);
                    let rules: Vec<&str> = cuts.iter().map(|c| c.2).collect();
                    writeln!(
                        out,
                        "{} {}",
                        style.paint("31", &format!("-{text}")),
                        style.paint("2", &format!("# {}", rules.join(", ")))
                    )?;
                    writeln!(out, "{}", style.paint("32", &format!("+{kept}")))?;
                }
            }
        }
        i = stop;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(removals: &[(usize, usize, &str)], text: &str) -> chaff::Outcome {
        chaff::Outcome {
            text: text.into(),
            removals: removals
                .iter()
                .map(|&(start, end, rule)| chaff::Removal {
                    rule: rule.into(),
                    category: "c".into(),
                    start,
                    end,
                })
                .collect(),
        }
    }

    #[test]
    fn marks_removed_lines_and_cuts() {
        let input = "keep\nJUNK\nend spam\n";
        let o = outcome(&[(5, 10, "r.junk"), (13, 18, "r.spam")], "keep\nend\n");
        let mut out = Vec::new();
        write(&mut out, "x", input, &o, Format::Marked, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "  keep\n- JUNK [r.junk]\n~ end[- spam-]{r.spam}\n"
        );
    }

    #[test]
    fn diff_has_a_header_and_a_hunk() {
        let input = "a\nJUNK\nb\n";
        let o = outcome(&[(2, 7, "r.junk")], "a\nb\n");
        let mut out = Vec::new();
        write(&mut out, "doc.txt", input, &o, Format::Diff, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "--- a/doc.txt\n+++ b/doc.txt (cleaned)\n@@ -1,3 +1,2 @@\n a\n-JUNK # r.junk\n b\n"
        );
    }
}
