//! Headline lists, in one place: a heading and the run of headline-shaped
//! lines under it (`headline-list` rules), and heading-less runs that end
//! the document. [`headline`] says what a headline looks like; this module
//! compiles the rule and finds its runs.

pub(crate) mod headline;

pub use headline::HeadlineShape;

use crate::lines::Line;
use crate::matchers::ByteSet;

/// Most words of a headline written as a sentence, in a list that reads as
/// prose (news headlines run 6–12 words; article sentences are longer).
const SENTENCE_HEADLINE_WORDS: usize = 12;

/// The items of a headline list starting at line `from`: indices of the
/// headline-shaped lines that belong to it.
///
/// Lines already removed are skipped. A blank line ends a tight list (first
/// two items touching) but not a loose one. The run ends at another
/// heading, at a line that is not headline-shaped, or at a change of bullet
/// style (a bulleted list does not go on into plain lines). Finally, when
/// the list starts with headlines, prose is cut off: the run stops before
/// two prose-like lines in a row, and prose-like lines at its end are
/// dropped (the article going on after a list of links).
pub(crate) fn list_run(
    text: &str,
    lines: &[Line],
    verdicts: &[Option<usize>],
    list: &ListMatcher,
    from: usize,
) -> Vec<usize> {
    let mut items: Vec<usize> = Vec::new();
    let mut prose: Vec<bool> = Vec::new();
    let mut tight: Option<bool> = None;
    let mut bulleted: Option<bool> = None;
    let mut blank_since_item = false;
    for (j, line) in lines.iter().enumerate().skip(from) {
        if verdicts[j].is_some() {
            continue;
        }
        let trimmed = line.trimmed(text);
        if trimmed.is_empty() {
            if tight == Some(true) {
                break;
            }
            blank_since_item = true;
            continue;
        }
        if list.is_heading(trimmed) || !list.shape.matches(trimmed) {
            break;
        }
        let has_bullet = headline::is_bulleted(trimmed);
        if *bulleted.get_or_insert(has_bullet) != has_bullet {
            break;
        }
        if items.len() == 1 {
            tight = Some(!blank_since_item);
        }
        blank_since_item = false;
        items.push(j);
        prose.push(list.shape.reads_as_prose(trimmed));
        // Two prose lines in a row end a list that did not start with prose
        // (it is cut there below): nothing after them can belong to it.
        if !prose[0] && prose.len() >= 2 && prose[prose.len() - 2..] == [true, true] {
            break;
        }
    }
    // A list whose first item already reads as prose is either headlines
    // written as sentences ("Storm warning issued for the weekend.") or
    // the paragraphs of an article under a stray heading. Headlines are
    // short: the run goes whole only if every item is headline-length.
    if prose.first() == Some(&true) {
        let headline_length = items
            .iter()
            .all(|&j| lines[j].trimmed(text).split_whitespace().count() <= SENTENCE_HEADLINE_WORDS);
        return if headline_length { items } else { Vec::new() };
    }
    if let Some(k) = prose.windows(2).position(|pair| pair[0] && pair[1]) {
        items.truncate(k);
        prose.truncate(k);
    }
    while prose.last() == Some(&true) {
        prose.pop();
        items.pop();
    }
    items
}

/// A run of at least `min_items` headline-shaped lines with no heading that
/// ends the document: related links that lost their heading. Conservative,
/// because an article can end with a list of its own: the run must be
/// uniform (same bullet style), no item may end with a full stop (a list of
/// facts) and at most a third may contain digits (dates, scores, prices),
/// it must not follow a lead-in line ending with `:`, and its items must be
/// as long as headlines are (five words on average, none under three).
pub(crate) fn remove_tail_run(
    text: &str,
    lines: &[Line],
    verdicts: &mut [Option<usize>],
    list: &ListMatcher,
    min_items: usize,
    rule: usize,
) {
    let mut items: Vec<usize> = Vec::new();
    let mut bulleted: Option<bool> = None;
    let mut before: Option<&str> = None;
    for (j, line) in lines.iter().enumerate().rev() {
        if verdicts[j].is_some() {
            continue;
        }
        let trimmed = line.trimmed(text);
        if trimmed.is_empty() {
            continue;
        }
        let has_bullet = headline::is_bulleted(trimmed);
        let fits = list.shape.matches(trimmed)
            && !trimmed.ends_with('.')
            && *bulleted.get_or_insert(has_bullet) == has_bullet;
        if !fits {
            before = Some(trimmed);
            break;
        }
        items.push(j);
    }
    // A document that is nothing but short lines is not a tail.
    let Some(before) = before else {
        return;
    };
    let with_digits = items
        .iter()
        .filter(|&&j| {
            lines[j]
                .trimmed(text)
                .contains(|c: char| c.is_ascii_digit())
        })
        .count();
    // Other articles' headlines are sentences without their full stop:
    // five words or more on average, none a bare two-word label. Lists of
    // names, features or lyrics ("Repeat chorus", "Fixed aluminium pole")
    // are shorter.
    let words: Vec<usize> = items
        .iter()
        .map(|&j| {
            headline::strip_bullet(lines[j].trimmed(text))
                .split_whitespace()
                .count()
        })
        .collect();
    let too_short = words.iter().any(|&w| w < 3) || words.iter().sum::<usize>() < 5 * words.len();
    if items.len() < min_items
        || before.ends_with(':')
        || with_digits * 3 > items.len()
        || too_short
    {
        return;
    }
    for &j in &items {
        verdicts[j] = Some(rule);
    }
}

/// One `headline-list` rule, compiled.
#[derive(Debug, Clone)]
pub(crate) struct ListMatcher {
    /// Headings, lower-cased, compared with the lower-cased trimmed line
    /// (a trailing `:` ignored).
    headings: Vec<String>,
    /// Indices into `headings` by byte length: an ASCII line is compared
    /// only with headings of its own length.
    by_len: Vec<Vec<usize>>,
    /// `char_lengths[n]`: some heading has `n` characters.
    char_lengths: Vec<bool>,
    /// First bytes of the headings, both ASCII cases.
    first_bytes: ByteSet,
    longest_heading: usize,
    pub min_items: usize,
    /// Also remove heading-less runs of this many items ending the document.
    pub tail_min_items: Option<usize>,
    pub shape: HeadlineShape,
}

impl ListMatcher {
    pub fn new(
        headings: &[String],
        min_items: usize,
        tail_min_items: Option<usize>,
        shape: HeadlineShape,
    ) -> Self {
        let headings: Vec<String> = headings
            .iter()
            .map(|h| h.trim_end_matches(':').trim().to_lowercase())
            .collect();
        let longest_heading = headings.iter().map(String::len).max().unwrap_or(0);
        let mut by_len = vec![Vec::new(); longest_heading + 1];
        for (i, h) in headings.iter().enumerate() {
            by_len[h.len()].push(i);
        }
        let mut char_lengths = vec![false; longest_heading + 1];
        for h in &headings {
            char_lengths[h.chars().count()] = true;
        }
        ListMatcher {
            char_lengths,
            first_bytes: ByteSet::first_bytes(&headings, true),
            headings,
            by_len,
            longest_heading,
            min_items,
            tail_min_items,
            shape,
        }
    }

    /// False for lines [`ListMatcher::is_heading`] would certainly refuse,
    /// decided without reading the line's text.
    pub fn may_be_heading(&self, line: &Line) -> bool {
        let Some(first) = line.first_byte() else {
            return false;
        };
        if self.headings.is_empty()
            || (line.trimmed_len() > self.longest_heading * 3 && !line.ends_with_colon())
        {
            return false;
        }
        !first.is_ascii() || self.first_bytes.contains(first)
    }

    /// Whether a trimmed line is one of the headings.
    pub fn is_heading(&self, line: &str) -> bool {
        let line = line.trim_end_matches(':').trim_end();
        // Lower-casing can grow a string, but never beyond 3x; skip long lines cheaply.
        if line.is_empty() || line.len() > self.longest_heading * 3 {
            return false;
        }
        // An ASCII first letter lower-cases to itself: it must start a heading.
        let first = line.as_bytes()[0];
        if first.is_ascii() && !self.first_bytes.contains(first) {
            return false;
        }
        if line.is_ascii() {
            // No allocation, and only headings of the same length are compared.
            return self.by_len.get(line.len()).is_some_and(|same_len| {
                same_len
                    .iter()
                    .any(|&i| self.headings[i].eq_ignore_ascii_case(line))
            });
        }
        // Lower-casing keeps the number of characters, but for `İ` (which
        // becomes `i` and a combining dot): a line of a length no heading
        // has is refused without lower-casing it.
        let chars = crate::char_count::count_chars(line);
        let may_match = self.char_lengths.get(chars).copied().unwrap_or(false);
        if !may_match && !line.contains('İ') {
            return false;
        }
        let lower = line.to_lowercase();
        self.headings.contains(&lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let m = ListMatcher::new(
            &["Related".into(), "You may also like".into()],
            3,
            None,
            HeadlineShape::default(),
        );
        assert!(m.is_heading("Related"));
        assert!(m.is_heading("RELATED:"));
        assert!(m.is_heading("You may also like"));
        assert!(!m.is_heading("Related stories from the region are rare"));
    }
}
