//! Folding a line to the form `chaff learn` counts and `match = "folded"`
//! phrases compare: the same widget line on two sites differs in case,
//! numbers, punctuation and the bullets around it ("Share this:" and
//! "• SHARE THIS"; "12 Comments" and "3 comments"), and folding makes them
//! one.

/// Lower-cases `line`, turns every run of digits into `0` and every run of
/// anything that is neither a letter nor a digit (spaces, punctuation,
/// bullets, symbols) into one space, and drops such runs at both ends.
///
/// ```
/// assert_eq!(chaff_engine::fold("  • Share THIS: "), "share this");
/// assert_eq!(chaff_engine::fold("12 Comments"), "0 comments");
/// assert_eq!(chaff_engine::fold("Ähnliche   Artikel »"), "ähnliche artikel");
/// ```
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    fold_into(line, &mut out);
    out
}

/// `word` lower-cased (as `str::to_lowercase` does) into `buffer`, for
/// lookups that should not allocate; `None` when the lower-cased form
/// does not fit.
pub(crate) fn lowercase_into<'b>(word: &str, buffer: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        if len + c.len_utf8() > buffer.len() {
            return None;
        }
        len += c.encode_utf8(&mut buffer[len..]).len();
    }
    Some(&buffer[..len])
}

/// [`fold`] into a buffer the caller reuses (cleared first).
pub(crate) fn fold_into(line: &str, out: &mut String) {
    fold_words_into(line, out, usize::MAX);
}

/// The first word of [`fold`]`(line)` (everything before its first
/// space), into `out`: enough to rule a line out against a set of folded
/// phrases without folding all of it.
pub(crate) fn first_folded_word_into(line: &str, out: &mut String) {
    fold_words_into(line, out, 1);
}

/// [`fold`], stopping after `words` words.
fn fold_words_into(line: &str, out: &mut String, words: usize) {
    out.clear();
    let mut gap = false;
    let mut digits = false;
    let mut started = 0;
    for c in line.chars() {
        // ASCII first: most text is, and its classes need no tables.
        let (numeric, alphabetic) = if c.is_ascii() {
            (c.is_ascii_digit(), c.is_ascii_alphabetic())
        } else {
            (c.is_numeric(), c.is_alphabetic() || is_mark(c))
        };
        if !numeric && !alphabetic {
            gap = true;
            digits = false;
            continue;
        }
        if out.is_empty() || gap {
            if started == words {
                return;
            }
            started += 1;
            if !out.is_empty() {
                out.push(' ');
            }
        }
        if numeric {
            if !digits || gap {
                out.push('0');
            }
            digits = true;
        } else {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            digits = false;
        }
        gap = false;
    }
}

/// Combining marks (Devanagari vowel signs, Arabic harakat …) belong to
/// their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x064B..=0x065F) && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digits_punctuation_and_case_fold() {
        assert_eq!(fold("Comments (3)"), "comments 0");
        assert_eq!(
            fold("© 2024 Example Media. All rights reserved."),
            "0 example media all rights reserved"
        );
        assert_eq!(fold("---"), "");
        assert_eq!(
            fold("Teilen: Facebook | X | E-Mail"),
            "teilen facebook x e mail"
        );
    }

    /// Folding as first written, one branch per character class: the
    /// faster version must agree with it on any text.
    fn reference_fold(line: &str) -> String {
        let mut out = String::new();
        let (mut gap, mut digits) = (false, false);
        for c in line.chars() {
            if c.is_numeric() {
                if !digits {
                    if gap && !out.is_empty() {
                        out.push(' ');
                    }
                    out.push('0');
                }
                digits = true;
                gap = false;
            } else if c.is_alphabetic() || is_mark(c) {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                out.extend(c.to_lowercase());
                digits = false;
                gap = false;
            } else {
                gap = true;
                digits = false;
            }
        }
        out
    }

    proptest! {
        #[test]
        fn folding_agrees_with_the_reference(line in "(\\PC|[0-9 .a-zA-Z]){0,60}") {
            prop_assert_eq!(fold(&line), reference_fold(&line));
        }

        #[test]
        fn the_first_word_is_the_fold_up_to_its_first_space(line in "\\PC{0,60}") {
            let mut first = String::new();
            first_folded_word_into(&line, &mut first);
            let folded = fold(&line);
            prop_assert_eq!(first.as_str(), folded.split(' ').next().unwrap_or(""));
        }

        #[test]
        fn folding_is_idempotent(line in "\\PC{0,60}") {
            let once = fold(&line);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
