//! Stage 3 of a pass, the content region and the rules that depend on
//! where a line is: body, head and tail, and line shapes.

use super::Scrubber;
use super::compile::LocatedMatcher;
use crate::features::{self, LineFeatures};
use crate::lines::Line;
use crate::region::{self, Class, Location};

/// Lines of one text that a shape rule may match, by start offset, once
/// found: shape gates read only a line's own bytes, so passes over the same
/// text reuse them, and a pass over a rewritten text starts afresh.
#[derive(Debug, Default)]
pub(super) struct ShapeCandidates {
    pub(super) starts: Option<Vec<usize>>,
}

/// Bytes of a document read to tell its language when only a few lines
/// need their function words counted: about 1,300 words, enough for the
/// function-word counts to settle. 8 KiB and 64 KiB gave the same output
/// on all 5,071 extractor and generated texts of the measurement sets
/// (4 KiB changed nine), and detection is the largest cost of extractor
/// output.
pub(super) const LANGUAGE_SAMPLE_BYTES: usize = 8 * 1024;

impl Scrubber {
    /// Features, language and layout of the lines not yet removed.
    pub(super) fn layout(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &[Option<usize>],
    ) -> (Vec<Option<LineFeatures>>, Option<usize>, region::Layout) {
        let (features, language) = features::measure(text, lines, verdicts, &self.function_words);
        let settings = self.region.map(|(_, s)| s).unwrap_or_default();
        let claimed: Vec<bool> = verdicts.iter().map(Option::is_some).collect();
        let layout = region::layout(&features, &claimed, &settings, language.is_some());
        (features, language, layout)
    }

    /// Stage 3: the content region. Lines are measured and located
    /// relative to the article body; rules that depend on location run;
    /// with `drop_outside`, what lies outside the body (and bad lines in
    /// it) goes.
    pub(super) fn apply_region(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
        candidates: &mut ShapeCandidates,
    ) {
        if !self.needs_layout {
            self.apply_shapes(text, lines, verdicts, candidates);
            return;
        }
        let Some((region_rule, _)) = self.region.filter(|(_, s)| s.drop_outside) else {
            // Only lines a located rule could match need a location: find
            // them first, and locate only if there is one (most extractor
            // outputs have none).
            let marks = self.shape_marks(text, lines, candidates);
            let open: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    verdicts[i].is_none()
                        && !lines[i].is_blank()
                        && marks.binary_search(&lines[i].start).is_ok()
                })
                .collect();
            if !open.is_empty() {
                self.apply_located_in_span(text, lines, verdicts, &open);
            }
            return;
        };
        let (features, _, layout) = self.layout(text, lines, verdicts);
        // Whether the nearest lines before and after line `i` that take
        // part are good in context and taken by no rule.
        let between_good = |i: usize, verdicts: &[Option<usize>]| {
            let good = |j: usize| verdicts[j].is_none() && layout.class[j] == Some(Class::Good);
            let prev = (0..i).rev().find(|&j| features[j].is_some());
            let next = (i + 1..lines.len()).find(|&j| features[j].is_some());
            prev.is_some_and(good) && next.is_some_and(good)
        };
        for i in 0..lines.len() {
            let Some(f) = &features[i] else { continue };
            if verdicts[i].is_some() {
                continue;
            }
            let bit = layout.location[i].bit();
            let trimmed = lines[i].trimmed(text);
            if let Some(rule) = self
                .located
                .iter()
                .find(|r| r.at & bit != 0 && r.matches(trimmed, f))
            {
                verdicts[i] = Some(rule.rule);
                continue;
            }
            let outside =
                layout.location[i] != Location::Body && layout.initial[i] != Some(Class::Good);
            // Inside the body only lines that read as junk by themselves
            // go; a short line that context marked bad (an item of a
            // list, a heading between lists) stays with the article
            // (measured: trafeval content kept +0.5 points, junk removed
            // -1.2 points, AEB unchanged).
            // A line between two good lines is part of the paragraph flow
            // however it reads alone (an address, a reference, a line in
            // another script, a formula): only bad lines beside other junk
            // go (measured: AEB full-page F1 +0.2 points, trafeval content
            // kept +0.2 points on every field, junk removed unchanged).
            let bad_inside = layout.class[i] == Some(Class::Bad)
                && layout.initial[i] == Some(Class::Bad)
                && !between_good(i, verdicts);
            if layout.has_prose && (bad_inside || outside) {
                verdicts[i] = Some(region_rule);
            }
        }
    }

    /// Located rules on extractor output, where the body runs from the
    /// first to the last line that reads as prose by itself: only those two
    /// lines are looked for (from each end) and only the `open` lines are
    /// measured, so a document costs about what its candidate lines cost.
    pub(super) fn apply_located_in_span(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
        open: &[usize],
    ) {
        let words = &self.function_words;
        let language =
            features::detect_language(text, lines, verdicts, words, LANGUAGE_SAMPLE_BYTES);
        let settings = self.region.map(|(_, s)| s).unwrap_or_default();
        let features_of =
            |i: usize| features::line_features_in(lines[i].trimmed(text), words, language);
        let is_prose = |i: usize| {
            verdicts[i].is_none()
                && !lines[i].is_blank()
                && matches!(
                    region::classify(&features_of(i), &settings, language.is_some()),
                    Class::Good | Class::NearGood
                )
        };
        let first = (0..lines.len()).find(|&i| is_prose(i));
        let last = first.and_then(|first| (first..lines.len()).rev().find(|&i| is_prose(i)));
        let claims: Vec<(usize, usize)> = open
            .iter()
            .filter_map(|&i| {
                let location = match first.zip(last) {
                    Some((first, _)) if i < first => Location::Head,
                    Some((_, last)) if i > last => Location::Tail,
                    _ => Location::Body,
                };
                let f = features_of(i);
                let trimmed = lines[i].trimmed(text);
                self.located
                    .iter()
                    .find(|r| r.at & location.bit() != 0 && r.matches(trimmed, &f))
                    .map(|r| (i, r.rule))
            })
            .collect();
        for (i, rule) in claims {
            verdicts[i] = Some(rule);
        }
    }

    /// Starts of the lines a located rule may match: those a shape rule's
    /// scan marks, and those the located text rules match. Both depend on
    /// a line's own bytes only, so they are found once per text and reused
    /// by every pass over it.
    pub(super) fn shape_marks<'c>(
        &self,
        text: &str,
        lines: &[Line],
        candidates: &'c mut ShapeCandidates,
    ) -> &'c [usize] {
        candidates.starts.get_or_insert_with(|| {
            let mut marks = vec![false; lines.len()];
            for rule in &self.located {
                if let LocatedMatcher::Shape(shape, _) = rule.matcher {
                    shape.mark_candidates(text, lines, &mut marks);
                }
            }
            if !self.located_text.is_empty() {
                let mut hits = Vec::new();
                for (line, mark) in lines.iter().zip(marks.iter_mut()) {
                    let trimmed = line.trimmed(text);
                    if !*mark && !trimmed.is_empty() {
                        *mark = self.located_text.first_match(trimmed, &mut hits).is_some();
                    }
                }
            }
            lines
                .iter()
                .zip(&marks)
                .filter(|&(_, &marked)| marked)
                .map(|(line, _)| line.start)
                .collect()
        })
    }

    /// Stage 3 when no rule depends on location: only shape rules that
    /// apply everywhere. Features are computed only for lines a shape may
    /// match, and the document's language only if one of them is left:
    /// the same removals as measuring every line, at a fraction of the cost.
    pub(super) fn apply_shapes(
        &self,
        text: &str,
        lines: &[Line],
        verdicts: &mut [Option<usize>],
        candidates: &mut ShapeCandidates,
    ) {
        let starts = self.shape_marks(text, lines, candidates);
        let open: Vec<usize> = (0..lines.len())
            .filter(|&i| verdicts[i].is_none() && starts.binary_search(&lines[i].start).is_ok())
            .collect();
        if open.is_empty() {
            return;
        }
        let language = features::detect_language(
            text,
            lines,
            verdicts,
            &self.function_words,
            LANGUAGE_SAMPLE_BYTES,
        );
        for i in open {
            let trimmed = lines[i].trimmed(text);
            let f = features::line_features_in(trimmed, &self.function_words, language);
            if let Some(rule) = self.located.iter().find(|r| r.matches(trimmed, &f)) {
                verdicts[i] = Some(rule.rule);
            }
        }
    }
}
