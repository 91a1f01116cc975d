//! What cleaning one document produced, and the host's check that the
//! component told the truth about it.

use serde::Serialize;

use crate::bindings::guest;

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

/// Checks a component's answer against the input it was given.
///
/// The host never trusts the sandbox: a buggy or hostile component could
/// return spans outside the input or text that was never there. Returning
/// such an outcome would break the one promise users rely on most (the
/// output is a faithful subset of the input), so it becomes an error.
pub(crate) fn verify(input: &str, raw: guest::Outcome) -> Result<Outcome, String> {
    let mut removals = Vec::with_capacity(raw.removals.len());
    let mut previous_end = 0usize;
    let mut kept = 0usize;
    for (i, r) in raw.removals.into_iter().enumerate() {
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
        let gap = &input[previous_end..start];
        if raw.text.get(kept..kept + gap.len()) != Some(gap) {
            return Err(format!(
                "cleaned text differs from the input before byte {start}"
            ));
        }
        kept += gap.len();
        previous_end = end;
        removals.push(Removal {
            rule: r.rule,
            category: r.category,
            start,
            end,
        });
    }
    let tail = &input[previous_end..];
    if raw.text.get(kept..) != Some(tail) {
        return Err(format!(
            "cleaned text differs from the input after byte {previous_end}"
        ));
    }
    Ok(Outcome {
        text: raw.text,
        removals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removal(start: u32, end: u32) -> guest::Removal {
        guest::Removal {
            rule: "r".into(),
            category: "c".into(),
            start,
            end,
        }
    }

    #[test]
    fn accepts_a_truthful_outcome() {
        let raw = guest::Outcome {
            text: "a\nc\n".into(),
            removals: vec![removal(2, 4)],
        };
        let outcome = verify("a\nb\nc\n", raw).unwrap();
        assert_eq!(outcome.removals[0].text("a\nb\nc\n"), Some("b\n"));
    }

    #[test]
    fn refuses_added_text() {
        let raw = guest::Outcome {
            text: "a\nX\n".into(),
            removals: vec![],
        };
        assert!(verify("a\nb\n", raw).is_err());
    }

    #[test]
    fn refuses_spans_out_of_bounds_overlapping_or_inside_a_character() {
        for removals in [
            vec![removal(0, 9)],
            vec![removal(0, 2), removal(1, 3)],
            vec![removal(1, 2)],
            vec![removal(2, 2)],
        ] {
            let raw = guest::Outcome {
                text: String::new(),
                removals,
            };
            assert!(verify("é\nb", raw).is_err());
        }
    }

    #[test]
    fn refuses_text_that_does_not_match_the_spans() {
        let raw = guest::Outcome {
            text: "a\nb\n".into(),
            removals: vec![removal(2, 4)],
        };
        assert!(verify("a\nb\nc\n", raw).is_err());
    }
}
