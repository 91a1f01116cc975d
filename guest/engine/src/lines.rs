//! Splitting a document into lines without copying it.

/// One line of a document, as byte offsets into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// First byte of the line.
    pub start: usize,
    /// End of the content, before `\r\n` or `\n`.
    pub content_end: usize,
    /// End of the line including its terminator (the next line's start).
    pub end: usize,
}

impl Line {
    /// The line's content with surrounding white space (including NBSP) removed.
    pub fn trimmed<'t>(&self, text: &'t str) -> &'t str {
        // A byte-order mark is not part of what a rule should see (it stays
        // in the text unless the whole line is removed).
        text[self.start..self.content_end]
            .trim_start_matches('\u{feff}')
            .trim()
    }
}

/// Every line of `text`, terminators included in `end`. A final line without
/// a terminator is a line; a final terminator does not start an empty one.
pub(crate) fn split(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let content_end = if nl > start && bytes[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        lines.push(Line {
            start,
            content_end,
            end: nl + 1,
        });
        start = nl + 1;
    }
    if start < bytes.len() {
        lines.push(Line {
            start,
            content_end: bytes.len(),
            end: bytes.len(),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_terminators() {
        let text = "a\r\nb\n\nc";
        let lines = split(text);
        assert_eq!(lines.len(), 4);
        assert_eq!(&text[lines[0].start..lines[0].content_end], "a");
        assert_eq!(&text[lines[0].start..lines[0].end], "a\r\n");
        assert_eq!(lines[2].trimmed(text), "");
        assert_eq!(&text[lines[3].start..lines[3].end], "c");
        assert!(split("").is_empty());
        assert_eq!(split("x\n").len(), 1);
    }
}
