//! `chaff explain`: show what would be removed, and by which rule.
//!
//! Two renderings. The marked one shows every line with its fate and rule.
//! The diff is a real unified diff from the input to the cleaned text, which
//! `patch` applies: line contents byte for byte (`\r` included), the
//! missing final newline marked as diff marks it, the file named as given,
//! and the rule ids only in the hunk header's free text, which `patch`
//! ignores.

use std::fmt::Write as _;

use super::term::sanitize;

/// How to show removals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Every line, removed ones marked with `-` and their rule id, inline
    /// cuts marked in place.
    Marked,
    /// A unified diff from the input to the cleaned text, which `patch`
    /// applies; the rules that removed each hunk's lines are named after
    /// its `@@` header.
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

impl LineFate<'_> {
    fn text(&self) -> &str {
        match self {
            LineFate::Kept(text) | LineFate::Removed { text, .. } | LineFate::Cut { text, .. } => {
                text
            }
        }
    }
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

/// The explanation of `outcome`, as text to print.
pub fn render(
    source: &str,
    input: &str,
    outcome: &chaff::Outcome,
    format: Format,
    color: bool,
) -> String {
    let style = Style { color };
    let fates = fates(input, outcome);
    match format {
        Format::Marked => marked(&fates, &style),
        Format::Diff => diff(source, input, outcome, &fates, &style),
    }
}

/// The marked explanation with, before each line, what the content
/// region saw in it (`reports`, one per line of `input`, from
/// [`chaff_engine::Scrubber::line_reports`]).
pub fn render_why(
    input: &str,
    outcome: &chaff::Outcome,
    reports: &[chaff_engine::LineReport],
    color: bool,
) -> String {
    let style = Style { color };
    let fates = fates(input, outcome);
    let language = reports
        .iter()
        .find_map(|r| r.language.as_deref())
        .unwrap_or("none detected");
    let mut out = format!(
        "# language: {}; before each line: its class alone→in context (`taken`: a rule \
         took it first), where it lies, w(ords), fw (share of function words), `.` if it \
         ends like a sentence\n",
        sanitize(language)
    );
    let columns: Vec<String> = (0..fates.len())
        .map(|i| reports.get(i).map_or_else(String::new, why_column))
        .collect();
    out.push_str(&marked_with(&fates, &style, &columns));
    out
}

/// `good`, `short→good`, … then the location and the features that
/// decided; blank for a blank line.
fn why_column(report: &chaff_engine::LineReport) -> String {
    let Some(f) = report.features else {
        return String::new();
    };
    // A line an earlier rule took has no class of its own: it counts
    // against the body run as junk.
    let classes = match (report.initial, report.class) {
        (None, _) => "taken".to_string(),
        (Some(alone), Some(context)) if alone != context => {
            format!("{}→{}", alone.name(), context.name())
        }
        (Some(alone), _) => alone.name().to_string(),
    };
    format!(
        "{classes:<15} {:<4} w{:<3} fw{:.2} {}",
        report.location.name(),
        f.words,
        f.function_word_share(),
        if f.terminal { '.' } else { ' ' }
    )
}

fn marked(fates: &[LineFate], style: &Style) -> String {
    marked_with(fates, style, &[])
}

/// The marked rendering; `columns[i]`, when given, goes before line `i`.
fn marked_with(fates: &[LineFate], style: &Style, columns: &[String]) -> String {
    let mut out = String::new();
    for (i, fate) in fates.iter().enumerate() {
        if let Some(column) = columns.get(i) {
            out.push_str(&style.paint("2", &format!("{column:<34} ")));
        }
        match fate {
            LineFate::Kept(text) => {
                let _ = writeln!(out, "  {}", body(text));
            }
            LineFate::Removed { text, rule } => {
                let _ = writeln!(
                    out,
                    "{} {}",
                    style.paint("31", &format!("- {}", body(text))),
                    style.paint("2", &format!("[{}]", sanitize(rule)))
                );
            }
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
                    line.push_str(&style.paint("2", &format!("{{{}}}", sanitize(rule))));
                    pos = end;
                }
                line.push_str(&text[pos.min(text.len())..]);
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// A run of changed input lines, `first..end`, and the text it becomes.
struct Change {
    first: usize,
    end: usize,
    new_text: String,
}

/// The changed runs: maximal runs of lines some removal touches, extended
/// while what is left of them does not end a line (a removal that took a
/// line feed joins the next line to it).
fn changes(input: &str, outcome: &chaff::Outcome, fates: &[LineFate]) -> Vec<Change> {
    let mut starts = Vec::with_capacity(fates.len() + 1);
    let mut offset = 0;
    for fate in fates {
        starts.push(offset);
        offset += fate.text().len();
    }
    starts.push(offset);
    let kept = |from: usize, to: usize| -> String {
        let mut text = String::new();
        let mut pos = from;
        for r in &outcome.removals {
            if r.end <= from || r.start >= to {
                continue;
            }
            text.push_str(&input[pos..r.start.max(pos)]);
            pos = r.end.min(to);
        }
        text.push_str(&input[pos.min(to)..to]);
        text
    };
    let mut changes = Vec::new();
    let mut i = 0;
    while i < fates.len() {
        if matches!(fates[i], LineFate::Kept(_)) {
            i += 1;
            continue;
        }
        let first = i;
        let mut end = i + 1;
        loop {
            while end < fates.len() && !matches!(fates[end], LineFate::Kept(_)) {
                end += 1;
            }
            let new_text = kept(starts[first], starts[end]);
            if end < fates.len() && !new_text.is_empty() && !new_text.ends_with('\n') {
                end += 1;
                continue;
            }
            changes.push(Change {
                first,
                end,
                new_text,
            });
            break;
        }
        i = end;
    }
    changes
}

/// Writes `text` as diff lines with `prefix`, marking a missing final
/// line feed as diff does.
fn diff_lines(out: &mut String, prefix: char, text: &str, style: &Style, code: &str) {
    for line in text.split_inclusive('\n') {
        let (content, ending) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, "\n\\ No newline at end of file\n"),
        };
        out.push_str(&style.paint(code, &format!("{prefix}{content}")));
        out.push_str(ending);
    }
}

/// A unified diff with three lines of context.
fn diff(
    source: &str,
    input: &str,
    outcome: &chaff::Outcome,
    fates: &[LineFate],
    style: &Style,
) -> String {
    let mut out = String::new();
    let changes = changes(input, outcome, fates);
    if changes.is_empty() {
        return out;
    }
    let name = sanitize(source);
    let _ = writeln!(out, "{}", style.paint("1", &format!("--- {name}")));
    let _ = writeln!(out, "{}", style.paint("1", &format!("+++ {name}")));
    // Output lines before each change, to number the new side.
    let mut k = 0;
    let mut new_line_before = 1usize;
    let mut old_line_before = 1usize;
    while k < changes.len() {
        // A hunk: changes whose context would touch or overlap.
        let mut last = k;
        while last + 1 < changes.len() && changes[last + 1].first - changes[last].end <= 2 * CONTEXT
        {
            last += 1;
        }
        let start = changes[k].first.saturating_sub(CONTEXT);
        let stop = (changes[last].end + CONTEXT).min(fates.len());
        // Kept lines between the previous hunk and this one.
        let old_start = start + 1;
        let new_start = new_line_before + (start + 1 - old_line_before);
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0, 0);
        let mut rules: Vec<&str> = Vec::new();
        let mut line = start;
        for change in &changes[k..=last] {
            for fate in &fates[line..change.first] {
                diff_lines(&mut body, ' ', fate.text(), style, "0");
                old_count += 1;
                new_count += 1;
            }
            for fate in &fates[change.first..change.end] {
                diff_lines(&mut body, '-', fate.text(), style, "31");
                old_count += 1;
                match fate {
                    LineFate::Removed { rule, .. } => rules.push(rule),
                    LineFate::Cut { cuts, .. } => rules.extend(cuts.iter().map(|c| c.2)),
                    LineFate::Kept(_) => {}
                }
            }
            diff_lines(&mut body, '+', &change.new_text, style, "32");
            new_count += change.new_text.split_inclusive('\n').count();
            line = change.end;
        }
        for fate in &fates[line..stop] {
            diff_lines(&mut body, ' ', fate.text(), style, "0");
            old_count += 1;
            new_count += 1;
        }
        rules.dedup();
        let mut unique: Vec<&str> = Vec::new();
        for rule in rules {
            if !unique.contains(&rule) {
                unique.push(rule);
            }
        }
        // An empty side starts at the line before it, as diff numbers it.
        let new_at = if new_count == 0 {
            new_start - 1
        } else {
            new_start
        };
        let old_at = if old_count == 0 {
            old_start - 1
        } else {
            old_start
        };
        let header = format!(
            "@@ -{old_at},{old_count} +{new_at},{new_count} @@ {}",
            sanitize(&unique.join(", "))
        );
        let _ = writeln!(out, "{}", style.paint("36", &header));
        out.push_str(&body);
        new_line_before = new_start + new_count;
        old_line_before = stop + 1;
        k = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(removals: &[(usize, usize, &str)], input: &str) -> chaff::Outcome {
        let removals: Vec<chaff::Removal> = removals
            .iter()
            .map(|&(start, end, rule)| chaff::Removal {
                rule: rule.into(),
                category: "c".into(),
                start,
                end,
            })
            .collect();
        let mut text = String::new();
        let mut pos = 0;
        for r in &removals {
            text.push_str(&input[pos..r.start]);
            pos = r.end;
        }
        text.push_str(&input[pos..]);
        chaff::Outcome { text, removals }
    }

    #[test]
    fn marks_removed_lines_and_cuts() {
        let input = "keep\nJUNK\nend spam\n";
        let o = outcome(&[(5, 10, "r.junk"), (13, 18, "r.spam")], input);
        assert_eq!(
            render("x", input, &o, Format::Marked, false),
            "  keep\n- JUNK [r.junk]\n~ end[- spam-]{r.spam}\n"
        );
    }

    #[test]
    fn diff_names_rules_only_in_the_hunk_header() {
        let input = "a\nJUNK\nb\n";
        let o = outcome(&[(2, 7, "r.junk")], input);
        assert_eq!(
            render("doc.txt", input, &o, Format::Diff, false),
            "--- doc.txt\n+++ doc.txt\n@@ -1,3 +1,2 @@ r.junk\n a\n-JUNK\n b\n"
        );
    }

    #[test]
    fn diff_keeps_carriage_returns_and_marks_a_missing_final_newline() {
        let input = "a\r\nJUNK\r\nb spam";
        let o = outcome(&[(3, 9, "r.junk"), (10, 15, "r.spam")], input);
        assert_eq!(
            render("d", input, &o, Format::Diff, false),
            "--- d\n+++ d\n@@ -1,3 +1,2 @@ r.junk, r.spam\n a\r\n-JUNK\r\n-b spam\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn control_characters_in_rule_ids_are_escaped() {
        let input = "a\nJUNK\n";
        let o = outcome(&[(2, 7, "evil\x1b[2J")], input);
        let marked = render("d", input, &o, Format::Marked, false);
        assert!(marked.contains("[evil\\u{1b}[2J]"), "{marked}");
        let diff = render("d", input, &o, Format::Diff, false);
        assert!(!diff.contains('\x1b'), "{diff}");
    }
}
