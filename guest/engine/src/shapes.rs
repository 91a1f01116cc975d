//! Line shapes: junk told by what a line looks like, not by what it says.
//!
//! A `line-shape` rule names one shape and, usually, where it may be
//! removed (`at`): a navigation row is junk anywhere, a lone label only
//! before or after the article body. Each shape is a test on the line's
//! [`LineFeatures`], so it holds in every language.

use serde::Deserialize;

use crate::features::LineFeatures;
use crate::lines::Line;

/// The shapes a `line-shape` rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Two or more separators (`|`, `·`, `•`, `»`, `›`, `>`, ` / `) between
    /// short items with no function words: `Home | World | Sport`.
    NavRow,
    /// A pipe-table row with at most one filled cell: layout tables around
    /// a page's widgets (`| | Share this | |`), not tables of data.
    LayoutRow,
    /// A short line with `©`, `(c)` or `Copyright` as notices use them:
    /// footers and picture credits (not `the copyright on the photos runs
    /// out`, nor `(c) the right to appeal`).
    Copyright,
    /// One to `max_words` words that do not end like a sentence: headings
    /// of widgets and lone labels (`Tags`, `Related topics`, `Kontakt:`).
    Label,
    /// Nothing but web or e-mail addresses, with at most two other words.
    Address,
}

impl Shape {
    /// Whether a line with these features has the shape; `max_words`
    /// bounds labels.
    pub fn matches(self, f: &LineFeatures, max_words: u32) -> bool {
        match self {
            Shape::NavRow => {
                f.separators >= 2
                    && f.cells == 0
                    && f.commas == 0
                    && !f.is_unspaced()
                    && f.words <= (f.separators + 1) * 3
                    && f.digits * 4 <= f.letters
                    && f.function_words * 10 <= f.words
                    && !f.terminal
            }
            Shape::LayoutRow => f.cells >= 2 && f.empty_cells >= 1 && f.cells - f.empty_cells <= 1,
            Shape::Copyright => f.copyright && f.words <= 30,
            Shape::Label => {
                f.word_equivalents() >= 1
                    && f.word_equivalents() <= max_words
                    && !f.terminal
                    && !f.bullet
                    && f.separators == 0
            }
            Shape::Address => f.urls + f.emails >= 1 && f.words <= f.urls + f.emails + 2,
        }
    }

    /// Marks in `marks` the non-blank lines of `text` that may have the
    /// shape: a necessary condition read from the bytes, so a line left
    /// unmarked cannot match and needs no features. One SIMD scan of the
    /// whole document per mark, not one call per line: most documents have
    /// few or no candidates.
    pub(crate) fn mark_candidates(self, text: &str, lines: &[Line], marks: &mut [bool]) {
        let bytes = text.as_bytes();
        let open = |i: usize| !lines[i].is_blank();
        match self {
            Shape::Label => {
                for (i, mark) in marks.iter_mut().enumerate() {
                    *mark |= open(i);
                }
            }
            Shape::LayoutRow => {
                for (i, mark) in marks.iter_mut().enumerate() {
                    let line = lines[i].trimmed(text);
                    *mark |= open(i) && (line.starts_with('|') || line.ends_with('|'));
                }
            }
            Shape::NavRow => {
                // `/` is a separator only as a token of its own: a
                // space-free ASCII byte beside it rules that out.
                let loose = |b: Option<&u8>| {
                    b.is_none_or(|&b| b.is_ascii_whitespace() || b == 0x0b || b >= 0x80)
                };
                let ascii = memchr::memchr3_iter(b'|', b'>', b'/', bytes).filter(|&i| {
                    bytes[i] != b'/'
                        || (loose(i.checked_sub(1).and_then(|j| bytes.get(j)))
                            && loose(bytes.get(i + 1)))
                });
                let wide = memchr::memchr2_iter(0xC2, 0xE2, bytes).filter(|&i| match bytes[i] {
                    // `·` `»` `¦`
                    0xC2 => matches!(bytes.get(i + 1), Some(0xB7 | 0xBB | 0xA6)),
                    // `•` `›`
                    _ => {
                        bytes.get(i + 1) == Some(&0x80)
                            && matches!(bytes.get(i + 2), Some(0xA2 | 0xBA))
                    }
                });
                let mut counts = vec![0u8; lines.len()];
                let mut count = |i: usize| counts[i] = counts[i].saturating_add(1);
                for_each_line_hit(lines, ascii, &mut count);
                for_each_line_hit(lines, wide, &mut count);
                for (i, mark) in marks.iter_mut().enumerate() {
                    *mark |= open(i) && counts[i] >= 2;
                }
            }
            Shape::Copyright => {
                // The byte each mark cannot lack: `(` of "(c)", `y` of
                // "copyright", the second byte of `©` (C2 A9).
                let at = |start: usize, needle: &[u8]| {
                    bytes
                        .get(start..start + needle.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(needle))
                };
                let hits = memchr::memchr3_iter(b'(', b'y', 0xA9, bytes)
                    .chain(memchr::memchr_iter(b'Y', bytes))
                    .filter(|&i| match bytes[i] {
                        b'(' => at(i, b"(c)"),
                        0xA9 => i > 0 && bytes[i - 1] == 0xC2,
                        _ => i >= 3 && at(i - 3, b"copyright"),
                    });
                mark_lines(lines, hits, &open, marks);
            }
            Shape::Address => {
                let hits = memchr::memmem::find_iter(bytes, "www.")
                    .chain(memchr::memmem::find_iter(bytes, "://"))
                    .chain(memchr::memchr_iter(b'@', bytes));
                mark_lines(lines, hits, &open, marks);
            }
        }
    }

    /// The name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Shape::NavRow => "nav-row",
            Shape::LayoutRow => "layout-row",
            Shape::Copyright => "copyright",
            Shape::Label => "label",
            Shape::Address => "address",
        }
    }
}

/// Calls `f` with the index of the line whose trimmed text holds each of
/// the sorted byte offsets `hits`.
fn for_each_line_hit(lines: &[Line], hits: impl Iterator<Item = usize>, mut f: impl FnMut(usize)) {
    let mut i = 0;
    for pos in hits {
        if i < lines.len() && pos < lines[i].start {
            // A chained scan starting again from the top.
            i = lines.partition_point(|l| l.end <= pos);
        }
        while i < lines.len() && lines[i].end <= pos {
            i += 1;
        }
        if i < lines.len() && lines[i].trimmed_range().contains(&pos) {
            f(i);
        }
    }
}

/// Marks the open lines that hold any of `hits`.
fn mark_lines(
    lines: &[Line],
    hits: impl Iterator<Item = usize>,
    open: &dyn Fn(usize) -> bool,
    marks: &mut [bool],
) {
    for_each_line_hit(lines, hits, |i| marks[i] |= open(i));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{FunctionWords, MAX_LANGUAGES, line_features};

    fn f(line: &str) -> LineFeatures {
        let words = FunctionWords::new(&[(
            "en".into(),
            ["the", "of", "and", "to", "a", "in", "is"]
                .iter()
                .map(|w| w.to_string())
                .collect(),
        )]);
        let mut hits = [0; MAX_LANGUAGES];
        let mut features = line_features(line, &words, &mut hits);
        features.function_words = hits[0];
        features
    }

    proptest::proptest! {
        #[test]
        fn a_line_left_unmarked_never_has_the_shape(
            lines in proptest::collection::vec("[a-zA-Z0-9 |>/·•»›¦©()@.:,\u{a0}-]{0,40}", 0..8)
        ) {
            let text = lines.join("\n");
            let split = crate::lines::split(&text);
            for shape in [Shape::NavRow, Shape::LayoutRow, Shape::Copyright, Shape::Label, Shape::Address] {
                let mut marks = vec![false; split.len()];
                shape.mark_candidates(&text, &split, &mut marks);
                for (line, mark) in split.iter().zip(&marks) {
                    let trimmed = line.trimmed(&text);
                    if !trimmed.is_empty() {
                        proptest::prop_assert!(
                            *mark || !shape.matches(&f(trimmed), 4),
                            "{} on {:?}", shape.name(), trimmed
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn candidates_are_few_on_prose() {
        let text = "The mayor said the copyrights and/or fees would rise.\n© 2024 Example\nHome | News | Sport\n";
        let lines = crate::lines::split(text);
        for (shape, expected) in [
            (Shape::NavRow, [false, false, true]),
            (Shape::Copyright, [true, true, false]),
        ] {
            let mut marks = vec![false; lines.len()];
            shape.mark_candidates(text, &lines, &mut marks);
            assert_eq!(marks, expected, "{}", shape.name());
        }
    }

    #[test]
    fn shapes_match_what_they_name() {
        assert!(Shape::NavRow.matches(&f("Home | World | Sport | Culture"), 4));
        assert!(Shape::NavRow.matches(&f("Home › News › Local"), 4));
        assert!(!Shape::NavRow.matches(&f("Update | Crash victims identified"), 4));
        assert!(!Shape::NavRow.matches(
            &f("The cost of living | a look at the rise in the price of bread and milk"),
            4
        ));
        assert!(Shape::LayoutRow.matches(&f("| | Share this article | |"), 4));
        assert!(!Shape::LayoutRow.matches(&f("| Team A | 3 | 1 |"), 4));
        assert!(Shape::Copyright.matches(&f("© 2024 Example Media"), 4));
        assert!(Shape::Label.matches(&f("Related topics"), 4));
        assert!(Shape::Label.matches(&f("Kontakt:"), 4));
        assert!(!Shape::Label.matches(&f("It rained."), 4));
        assert!(!Shape::Label.matches(&f("- an item"), 4));
        assert!(Shape::Address.matches(&f("www.example.com"), 4));
        assert!(!Shape::Address.matches(
            &f("Read the whole report at https://example.com before the vote on Tuesday"),
            4
        ));
    }
}
