//! The passes, repeated to a fixed point, and stage 1 (line rules).

use super::Scrubber;
use super::compile::SiteRule;
use super::located::ShapeCandidates;
use super::spans::{Span, cut_spans, map_back, merge_spans};
use super::tidy::tidy_blank_lines;
use crate::lines::{self, Line};

/// What one pass did to a line: the next pass re-examines only lines it
/// changed, and drops the ones it removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineFate {
    /// Untouched.
    Kept,
    /// Spans cut out of it; the rest of the line stays.
    Trimmed,
    /// Removed whole.
    Removed,
}

impl Scrubber {
    /// The passes, repeated to a fixed point: sorted spans
    /// in input offsets.
    ///
    /// Later passes are incremental. Line rules, repeated lines and inline
    /// spans depend only on a line's own text (and, for repeated lines, on
    /// lines that can only have become fewer), so a line that came through
    /// a pass untouched cannot newly match them; only lines whose text an
    /// inline cut changed are checked again. Headline lists and blank-line
    /// tidying depend on which lines are now neighbours, so they run over
    /// every surviving line. When no line was trimmed, the next pass reads
    /// the surviving lines of the input itself: no copy, no offset mapping.
    /// `tests::incremental_passes_equal_full_passes` pins this against the
    /// plain fixed point.
    ///
    /// The loop has no cap, and needs none: a pass reads only bytes no
    /// earlier pass removed, and the loop goes on only when a pass removed
    /// some (`more` holds non-empty spans), so every turn removes at least
    /// one more byte of the input and there are at most `input.len()` turns.
    /// It stops exactly when a pass over the text left finds nothing, which
    /// is what makes cleaning idempotent whatever the input: chains of
    /// inline spam go in one pass (an inline rule cuts every match), nested
    /// lists one level a pass; in practice the second pass finds nothing.
    pub(super) fn removal_spans(&self, input: &str, site_rules: &[&SiteRule]) -> Vec<Span> {
        let mut lines = lines::split(input);
        // Shape candidates depend on the text alone: found once per text.
        let mut candidates = ShapeCandidates::default();
        let (mut spans, mut fates) = self.pass(input, &lines, None, &mut candidates, site_rules);
        // The text later passes read when it is not the input: the input
        // with `cut` removed.
        let mut rewritten: Option<(String, Vec<Span>)> = None;
        while !spans.is_empty() {
            let fresh: Vec<bool>;
            if fates.contains(&LineFate::Trimmed) {
                let text = cut_spans(input, &spans);
                let next_lines = lines::split(&text);
                let survivors = fates.iter().filter(|&&f| f != LineFate::Removed);
                // Survivors and the lines of the cut text correspond one to
                // one (cuts never join lines); anything else is checked whole.
                fresh = if survivors.clone().count() == next_lines.len() {
                    survivors.map(|&f| f == LineFate::Trimmed).collect()
                } else {
                    vec![true; next_lines.len()]
                };
                lines = next_lines;
                rewritten = Some((text, spans.clone()));
                candidates = ShapeCandidates::default();
            } else {
                let mut fate = fates.iter();
                lines.retain(|_| fate.next() == Some(&LineFate::Kept));
                fresh = vec![false; lines.len()];
            }
            let text = rewritten.as_ref().map_or(input, |(text, _)| text.as_str());
            let (mut more, more_fates) =
                self.pass(text, &lines, Some(&fresh), &mut candidates, site_rules);
            more.retain(|s| s.start < s.end);
            if more.is_empty() {
                break;
            }
            let more = match &rewritten {
                Some((_, cut)) => map_back(cut, &more),
                None => more,
            };
            spans = merge_spans(&spans, &more);
            fates = more_fates;
        }
        spans
    }

    /// One pass of every stage over `lines` of `text`: sorted `(start, end,
    /// rule)`, and what became of each line. With `fresh`, the stages that
    /// depend only on a line's own text look at the lines marked `true`.
    pub(super) fn pass(
        &self,
        text: &str,
        lines: &[Line],
        fresh: Option<&[bool]>,
        candidates: &mut ShapeCandidates,
        site_rules: &[&SiteRule],
    ) -> (Vec<Span>, Vec<LineFate>) {
        let mut verdicts = self.claims_before_region(text, lines, fresh, site_rules);
        if self.region.is_some() || !self.located.is_empty() {
            self.apply_region(text, lines, &mut verdicts, candidates);
        }
        if self.options.tidy_blank_lines {
            tidy_blank_lines(lines, &mut verdicts);
        }
        self.spans(text, lines, &verdicts, fresh)
    }

    /// What the stages before the content region claim: line rules and
    /// repeated lines (on the `fresh` lines, or all), then headline lists.
    /// The region sees these lines as junk by their size.
    pub(super) fn claims_before_region(
        &self,
        text: &str,
        lines: &[Line],
        fresh: Option<&[bool]>,
        site_rules: &[&SiteRule],
    ) -> Vec<Option<usize>> {
        let mut verdicts: Vec<Option<usize>> = vec![None; lines.len()];
        if fresh.is_none_or(|f| f.contains(&true)) {
            self.apply_line_rules(text, lines, fresh, &mut verdicts, site_rules);
            for (rule, matcher) in &self.repeated_rules {
                matcher.apply(text, lines, &mut verdicts, *rule);
            }
        }
        self.apply_list_rules(text, lines, &mut verdicts);
        verdicts
    }

    /// Stage 1: the first line rule (in file order) that claims each line.
    pub(super) fn apply_line_rules(
        &self,
        text: &str,
        lines: &[Line],
        fresh: Option<&[bool]>,
        verdicts: &mut [Option<usize>],
        site_rules: &[&SiteRule],
    ) {
        let mut hits = Vec::new();
        for (i, (line, verdict)) in lines.iter().zip(verdicts.iter_mut()).enumerate() {
            if fresh.is_some_and(|f| !f[i]) {
                continue;
            }
            let trimmed = line.trimmed(text);
            if trimmed.is_empty() {
                continue;
            }
            let mut best = self.line_rules.first_match(trimmed, &mut hits);
            for site_rule in site_rules {
                if site_rule.rule < best.unwrap_or(usize::MAX)
                    && site_rule.matcher.matches_text(trimmed)
                {
                    best = Some(site_rule.rule);
                }
            }
            *verdict = best;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chaff_common::strategies::document;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn builtin() -> &'static Scrubber {
        static SCRUBBER: OnceLock<Scrubber> = OnceLock::new();
        SCRUBBER.get_or_init(Scrubber::builtin)
    }

    /// The plain fixed point the incremental passes must equal: every pass
    /// checks every line of the text left by the previous one.
    fn full_passes(scrubber: &Scrubber, input: &str) -> Vec<Span> {
        let (mut spans, _) = scrubber.pass(
            input,
            &lines::split(input),
            None,
            &mut ShapeCandidates::default(),
            &[],
        );
        if spans.is_empty() {
            return spans;
        }
        let mut current = cut_spans(input, &spans);
        loop {
            let (more, _) = scrubber.pass(
                &current,
                &lines::split(&current),
                None,
                &mut ShapeCandidates::default(),
                &[],
            );
            if more.is_empty() {
                break;
            }
            let next = cut_spans(&current, &more);
            spans = merge_spans(&spans, &map_back(&spans, &more));
            current = next;
        }
        spans
    }

    // The shared documents include lines chosen so that one pass's removals
    // change what the next sees: spam between list items, headings and
    // template lines that only appear once glued-on spam is cut, blank
    // lines to tidy.
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn incremental_passes_equal_full_passes(doc in document(40)) {
            let scrubber = builtin();
            prop_assert_eq!(scrubber.removal_spans(&doc, &[]), full_passes(scrubber, &doc));
        }
    }

    #[test]
    fn incremental_passes_equal_full_passes_on_the_fixtures() {
        let scrubber = builtin();
        for (name, doc) in [
            ("article", include_str!("../../../../examples/article.txt")),
            (
                "headline_lists",
                include_str!("../../../../tests/fixtures/headline_lists.txt"),
            ),
            (
                "junk_kinds",
                include_str!("../../../../tests/fixtures/junk_kinds.txt"),
            ),
            (
                "list_then_prose",
                include_str!("../../../../tests/fixtures/list_then_prose.txt"),
            ),
            (
                "multilingual",
                include_str!("../../../../tests/fixtures/multilingual.txt"),
            ),
            (
                "tail_links",
                include_str!("../../../../tests/fixtures/tail_links.txt"),
            ),
            (
                "tail_traps",
                include_str!("../../../../tests/fixtures/tail_traps.txt"),
            ),
            (
                "traps",
                include_str!("../../../../tests/fixtures/traps.txt"),
            ),
        ] {
            let spans = scrubber.removal_spans(doc, &[]);
            assert_eq!(spans, full_passes(scrubber, doc), "{name}");
        }
    }

    #[test]
    fn a_line_that_becomes_a_heading_after_an_inline_cut_starts_a_list() {
        let doc = "Intro paragraph of the article, long enough to be prose.\n\
                   You may also like niceWork! (48213)\n\
                   - Storm knocks out power along the coast\n\
                   - Council approves the budget after a long debate\n\
                   - Museum reopens after a long restoration\n";
        let outcome = builtin().clean(doc);
        assert_eq!(
            outcome.text,
            "Intro paragraph of the article, long enough to be prose.\n"
        );
        assert_eq!(
            builtin().removal_spans(doc, &[]),
            full_passes(builtin(), doc)
        );
    }
}
