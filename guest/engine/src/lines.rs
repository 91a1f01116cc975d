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
    /// The trimmed content (see [`Line::trimmed`]), computed once: every
    /// stage looks at it, some several times.
    trim_start: usize,
    trim_end: usize,
    /// First byte of the trimmed content (0 when blank) and whether it ends
    /// with `:`, recorded while the line is in cache: stages that look at
    /// every line reject most of them from these without reading the text
    /// again (a megabyte document does not stay in cache between stages).
    first_byte: u8,
    ends_with_colon: bool,
}

impl Line {
    fn new(text: &str, start: usize, content_end: usize, end: usize) -> Line {
        let content = &text[start..content_end];
        // A byte-order mark is not part of what a rule should see (it stays
        // in the text unless the whole line is removed).
        let trimmed = content.trim_start_matches('\u{feff}').trim();
        let trim_start = start + (trimmed.as_ptr() as usize - content.as_ptr() as usize);
        Line {
            start,
            content_end,
            end,
            trim_start,
            trim_end: trim_start + trimmed.len(),
            first_byte: trimmed.as_bytes().first().copied().unwrap_or(0),
            ends_with_colon: trimmed.ends_with(':'),
        }
    }

    /// Whether the line is empty or white space only.
    pub fn is_blank(&self) -> bool {
        self.trim_start == self.trim_end
    }

    /// Length in bytes of [`Line::trimmed`].
    pub fn trimmed_len(&self) -> usize {
        self.trim_end - self.trim_start
    }

    /// First byte of [`Line::trimmed`], if the line is not blank.
    pub fn first_byte(&self) -> Option<u8> {
        (!self.is_blank()).then_some(self.first_byte)
    }

    /// Whether [`Line::trimmed`] ends with `:`.
    pub fn ends_with_colon(&self) -> bool {
        self.ends_with_colon
    }

    /// Byte range of [`Line::trimmed`] in the text.
    pub fn trimmed_range(&self) -> std::ops::Range<usize> {
        self.trim_start..self.trim_end
    }

    /// The line's content with surrounding white space (including NBSP) removed.
    pub fn trimmed<'t>(&self, text: &'t str) -> &'t str {
        &text[self.trim_start..self.trim_end]
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
        lines.push(Line::new(text, start, content_end, nl + 1));
        start = nl + 1;
    }
    if start < bytes.len() {
        lines.push(Line::new(text, start, bytes.len(), bytes.len()));
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
        assert!(lines[2].is_blank() && lines[2].first_byte().is_none());
        assert_eq!(lines[1].first_byte(), Some(b'b'));
        assert_eq!(&text[lines[3].start..lines[3].end], "c");
        assert!(split("").is_empty());
        assert_eq!(split("x\n").len(), 1);
    }
}
