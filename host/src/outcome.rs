//! What cleaning one document produced, and the host's check that the
//! component told the truth about it.

use serde::Serialize;

/// One piece of the input that was cut out, and the rule that cut it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Removal {
    /// Id of the rule that removed it, as written in the rule file.
    pub rule: String,
    /// The rule's category (`spam`, `read-more`, `related-list`, …), for
    /// reports that group removals.
    pub category: String,
    /// First byte removed, an offset into the input text.
    pub start: usize,
    /// One past the last byte removed.
    pub end: usize,
}

impl Removal {
    /// The removed text, given the input the removal refers to.
    ///
    /// Returns `None` if the span does not fit `input` (a different document).
    pub fn text<'a>(&self, input: &'a str) -> Option<&'a str> {
        input.get(self.start..self.end)
    }
}

/// The cleaned text of one document plus what was removed from it.
///
/// Every `Outcome` handed out by this crate has been verified: the removals
/// are sorted, do not overlap, lie on character boundaries of the input, and
/// `text` is exactly the input with those spans cut out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The input with every removal cut out.
    pub text: String,
    /// The removals, sorted by `start`, never overlapping.
    pub removals: Vec<Removal>,
}

/// A removal as the component reported it, its rule already resolved to
/// names (from the rule table, or carried by a 0.1.0 component).
pub(crate) struct RawRemoval {
    pub rule: String,
    pub category: String,
    pub start: u32,
    pub end: u32,
}

/// Turns the spans a component reported into an outcome, cutting the text
/// on the host.
///
/// The host never trusts the sandbox: a buggy or hostile component could
/// report spans outside the input, overlapping, or splitting a character.
/// Such spans are refused. The cleaned text is cut here from the input, so
/// it can only ever be a subset of it, and the document crosses the
/// boundary once (in) rather than twice.
pub(crate) fn apply(input: &str, raw: Vec<RawRemoval>) -> Result<Outcome, String> {
    let mut removals = Vec::with_capacity(raw.len());
    let mut previous_end = 0usize;
    let mut removed = 0usize;
    for (i, r) in raw.into_iter().enumerate() {
        let (start, end) = (r.start as usize, r.end as usize);
        if start >= end {
            return Err(format!("removal {i} ({start}..{end}) is empty or reversed"));
        }
        if end > input.len() {
            return Err(format!(
                "removal {i} ({start}..{end}) ends past the input ({} bytes)",
                input.len()
            ));
        }
        if start < previous_end {
            return Err(format!(
                "removal {i} ({start}..{end}) overlaps or precedes the one before (ending at {previous_end})"
            ));
        }
        if !input.is_char_boundary(start) || !input.is_char_boundary(end) {
            return Err(format!(
                "removal {i} ({start}..{end}) splits a UTF-8 character"
            ));
        }
        removed += end - start;
        previous_end = end;
        removals.push(Removal {
            rule: r.rule,
            category: r.category,
            start,
            end,
        });
    }
    let mut text = String::with_capacity(input.len() - removed);
    let mut pos = 0;
    for r in &removals {
        text.push_str(&input[pos..r.start]);
        pos = r.end;
    }
    text.push_str(&input[pos..]);
    Ok(Outcome { text, removals })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removal(start: u32, end: u32) -> RawRemoval {
        RawRemoval {
            rule: "r".into(),
            category: "c".into(),
            start,
            end,
        }
    }

    #[test]
    fn cuts_the_reported_spans() {
        let outcome = apply("a\nb\nc\n", vec![removal(2, 4)]).unwrap();
        assert_eq!(outcome.text, "a\nc\n");
        assert_eq!(outcome.removals[0].text("a\nb\nc\n"), Some("b\n"));
    }

    #[test]
    fn refuses_spans_out_of_bounds_overlapping_empty_or_inside_a_character() {
        for removals in [
            vec![removal(0, 9)],
            vec![removal(0, 2), removal(1, 3)],
            vec![removal(1, 2)],
            vec![removal(2, 2)],
        ] {
            assert!(apply("é\nb", removals).is_err());
        }
    }
}
