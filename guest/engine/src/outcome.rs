//! What cleaning one document produced.

/// One cut: which rule removed which bytes of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal<'s> {
    /// Id of the rule, as written in the rule file.
    pub rule: &'s str,
    /// The rule's category (`spam`, `read-more`, `related-list`, …).
    pub category: &'s str,
    /// The rule's index in [`Scrubber::rules`](crate::Scrubber::rules).
    pub index: usize,
    /// First byte removed.
    pub start: usize,
    /// One past the last byte removed.
    pub end: usize,
}

/// The cleaned text and the removals that made it.
///
/// `text` is always the input with exactly the `removals` cut out: sorted,
/// non-overlapping, on character boundaries. Nothing is ever added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'s> {
    /// The cleaned document.
    pub text: String,
    /// What was removed, in input order.
    pub removals: Vec<Removal<'s>>,
}

/// Cut sorted, non-overlapping `spans` out of `text`.
pub(crate) use chaff_common::cut;
