//! Span algebra: removals as byte ranges of the input, cut, merged and
//! mapped back from a rewritten text to the input.

use crate::outcome;

/// A removal as the passes pass it around: bytes `start..end` of the text
/// the pass read, removed by the rule at index `rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) rule: usize,
}

impl Span {
    pub(super) fn new(start: usize, end: usize, rule: usize) -> Span {
        Span { start, end, rule }
    }
}

/// `text` without `spans` (sorted, not overlapping).
pub(super) fn cut_spans(text: &str, spans: &[Span]) -> String {
    let cut: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    outcome::cut(text, &cut)
}

/// Translates `later` spans, given in the text left after cutting `earlier`
/// from the input, back to input offsets. A later span that crosses an
/// earlier cut becomes one piece on each side of it.
pub(super) fn map_back(earlier: &[Span], later: &[Span]) -> Vec<Span> {
    // Kept segments of the input, as (offset in the cut text, input start, len).
    let mut segments: Vec<(usize, usize, usize)> = Vec::with_capacity(earlier.len() + 1);
    let mut input_pos = 0;
    let mut cut_pos = 0;
    for span in earlier {
        if span.start > input_pos {
            segments.push((cut_pos, input_pos, span.start - input_pos));
            cut_pos += span.start - input_pos;
        }
        input_pos = span.end;
    }
    segments.push((cut_pos, input_pos, usize::MAX - input_pos));

    let mut mapped = Vec::with_capacity(later.len());
    let mut k = 0;
    for &Span { start, end, rule } in later {
        let mut pos = start;
        while pos < end {
            while k + 1 < segments.len() && segments[k + 1].0 <= pos {
                k += 1;
            }
            let (seg_cut, seg_input, seg_len) = segments[k];
            let seg_end = seg_cut.saturating_add(seg_len);
            let piece_end = end.min(seg_end);
            mapped.push(Span::new(
                seg_input + (pos - seg_cut),
                seg_input + (piece_end - seg_cut),
                rule,
            ));
            pos = piece_end;
        }
    }
    mapped
}

/// Merges two sorted, non-overlapping span lists that do not overlap each
/// other; touching spans of the same rule become one.
pub(super) fn merge_spans(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut all: Vec<Span> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(all.len());
    for span in all {
        match merged.last_mut() {
            Some(last) if last.end == span.start && last.rule == span.rule => last.end = span.end,
            _ => merged.push(span),
        }
    }
    merged
}
