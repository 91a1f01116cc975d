//! Line shapes: junk told by what a line looks like, not by what it says.
//!
//! A `line-shape` rule names one shape and, usually, where it may be
//! removed (`at`): a navigation row is junk anywhere, a lone label only
//! before or after the article body. Each shape is a test on the line's
//! [`LineFeatures`], so it holds in every language.

use serde::Deserialize;

use crate::features::LineFeatures;

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
    /// A short line with `©`, `(c)` or `Copyright`: footers and picture
    /// credits.
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
