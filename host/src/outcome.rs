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
    let text = chaff_common::cut_checked(
        input,
        raw.iter().map(|r| (r.start as usize, r.end as usize)),
    )
    .map_err(|e| e.to_string())?;
    let removals = raw
        .into_iter()
        .map(|r| Removal {
            rule: r.rule,
            category: r.category,
            start: r.start as usize,
            end: r.end as usize,
        })
        .collect();
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
