//! Outputs that are their input minus spans.

use std::fmt;

/// Why reported spans do not describe cuts of a text: the span's position
/// in the list, its bytes, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanError {
    /// Position of the span in the list.
    pub index: usize,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// What is wrong.
    pub problem: SpanProblem,
}

/// What is wrong with one span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanProblem {
    /// `start >= end`.
    EmptyOrReversed,
    /// It ends past the text, of this many bytes.
    PastTheEnd(usize),
    /// It starts before the previous span, which ends here.
    Overlaps(usize),
    /// It starts or ends inside a UTF-8 character.
    SplitsACharacter,
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (i, start, end) = (self.index, self.start, self.end);
        match self.problem {
            SpanProblem::EmptyOrReversed => {
                write!(f, "removal {i} ({start}..{end}) is empty or reversed")
            }
            SpanProblem::PastTheEnd(len) => write!(
                f,
                "removal {i} ({start}..{end}) ends past the input ({len} bytes)"
            ),
            SpanProblem::Overlaps(previous_end) => write!(
                f,
                "removal {i} ({start}..{end}) overlaps or precedes the one before (ending at {previous_end})"
            ),
            SpanProblem::SplitsACharacter => {
                write!(f, "removal {i} ({start}..{end}) splits a UTF-8 character")
            }
        }
    }
}

impl std::error::Error for SpanError {}

/// `text` with `spans` cut out, after checking that they are sorted, do not
/// overlap, lie inside `text` and on character boundaries: how a host
/// turns what a component reported into an output it can trust, and how
/// tests check that an output is its input minus its removals.
pub fn cut_checked(
    text: &str,
    spans: impl IntoIterator<Item = (usize, usize)>,
) -> Result<String, SpanError> {
    let mut checked = Vec::new();
    let mut previous_end = 0usize;
    for (index, (start, end)) in spans.into_iter().enumerate() {
        let fail = |problem| SpanError {
            index,
            start,
            end,
            problem,
        };
        if start >= end {
            return Err(fail(SpanProblem::EmptyOrReversed));
        }
        if end > text.len() {
            return Err(fail(SpanProblem::PastTheEnd(text.len())));
        }
        if start < previous_end {
            return Err(fail(SpanProblem::Overlaps(previous_end)));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(fail(SpanProblem::SplitsACharacter));
        }
        previous_end = end;
        checked.push((start, end));
    }
    Ok(cut(text, &checked))
}

/// `text` with sorted, non-overlapping, in-bounds `spans` cut out, for
/// callers that made the spans themselves (the engine). Panics on spans
/// that break those rules; use [`cut_checked`] for spans from elsewhere.
pub fn cut(text: &str, spans: &[(usize, usize)]) -> String {
    let removed: usize = spans.iter().map(|(s, e)| e - s).sum();
    let mut out = String::with_capacity(text.len().saturating_sub(removed));
    let mut pos = 0;
    for &(start, end) in spans {
        out.push_str(&text[pos..start]);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_sound_spans_and_names_the_first_unsound_one() {
        assert_eq!(cut_checked("a\nb\nc\n", [(2, 4)]).as_deref(), Ok("a\nc\n"));
        assert_eq!(cut_checked("abc", []).as_deref(), Ok("abc"));
        for (spans, problem) in [
            (vec![(0, 9)], SpanProblem::PastTheEnd(4)),
            (vec![(0, 2), (1, 3)], SpanProblem::Overlaps(2)),
            (vec![(2, 2)], SpanProblem::EmptyOrReversed),
        ] {
            assert_eq!(
                cut_checked("é\nb", spans).map_err(|e| e.problem),
                Err(problem)
            );
        }
        let split = cut_checked("é\nb", [(1, 2)]).unwrap_err();
        assert_eq!(split.problem, SpanProblem::SplitsACharacter);
        assert_eq!(
            split.to_string(),
            "removal 0 (1..2) splits a UTF-8 character"
        );
    }
}
