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

/// [`fold`] into a buffer the caller reuses (cleared first).
pub(crate) fn fold_into(line: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    let mut digits = false;
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
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            digits = false;
            gap = false;
        } else {
            gap = true;
            digits = false;
        }
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

    proptest! {
        #[test]
        fn folding_is_idempotent(line in "\\PC{0,60}") {
            let once = fold(&line);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
