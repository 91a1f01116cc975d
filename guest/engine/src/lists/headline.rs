//! "Headline-shaped": the features that tell a list item pointing at another
//! article from a line of the article itself.
//!
//! A headline is short, starts with a capital (or a digit or quote), is at
//! most a sentence or two, and does not lead into something else (no
//! trailing `:` `;` `,`). Each feature is a tunable number rather than one
//! regex, so users can loosen or tighten it per rule.

/// Tunable limits of a headline-shaped line (`[rule.headline]` in a rule file).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadlineShape {
    /// Fewest words; one-word lines are usually headings or UI, not headlines.
    pub min_words: usize,
    /// Most words; paragraphs are longer.
    pub max_words: usize,
    /// Most characters, after the bullet.
    pub max_chars: usize,
    /// Most sentences ("Woman dies on retreat. Her son wants answers." is two).
    pub max_sentences: usize,
    /// A line that ends with a full stop and has at least this share of
    /// function words ("the", "of", "is", "der", "que", …) reads as prose.
    /// Headlines drop such words; article sentences keep them. A run of
    /// list items ends where two prose lines follow each other, and prose
    /// lines at the end of a run are not part of it. 0 switches this off.
    pub prose_function_words: f32,
}

impl Default for HeadlineShape {
    fn default() -> Self {
        HeadlineShape {
            min_words: 2,
            max_words: 30,
            max_chars: 250,
            max_sentences: 2,
            prose_function_words: 0.25,
        }
    }
}

impl HeadlineShape {
    /// Whether a trimmed line looks like a headline (a leading bullet is allowed).
    ///
    /// Cheapest tests first, and none reads further than it must: list runs
    /// test many prose lines, which fail on their word count.
    pub fn matches(&self, line: &str) -> bool {
        let text = strip_bullet(line);
        if text.is_empty() || text.len() > self.max_chars * 4 {
            return false;
        }
        if text.ends_with([':', ';', ',']) {
            return false;
        }
        // A character takes at least one byte: count them only when the
        // bytes alone could be too many.
        if !crate::matchers::within(text, Some(self.max_chars)) {
            return false;
        }
        let words = text
            .split_whitespace()
            .take(self.max_words.saturating_add(1))
            .count();
        if words < self.min_words || words > self.max_words {
            return false;
        }
        starts_like_a_title(text) && !more_sentences_than(text, self.max_sentences)
    }
}

impl HeadlineShape {
    /// Whether a headline-shaped line reads as a sentence of prose (see
    /// [`HeadlineShape::prose_function_words`]).
    pub fn reads_as_prose(&self, line: &str) -> bool {
        if self.prose_function_words <= 0.0 {
            return false;
        }
        let text = strip_bullet(line).trim_end_matches(['"', '\'', '’', '”', ')']);
        if !text.ends_with(['.', '。']) {
            return false;
        }
        let (mut words, mut function) = (0usize, 0usize);
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
            if word.is_empty() {
                continue;
            }
            words += 1;
            if is_function_word(word) {
                function += 1;
            }
        }
        words > 0 && function as f32 >= self.prose_function_words * words as f32
    }
}

/// Whether a line starts with a list bullet.
pub fn is_bulleted(line: &str) -> bool {
    let trimmed = line.trim_start();
    strip_bullet(trimmed).len() != trimmed.len()
}

/// Articles, prepositions, pronouns, auxiliaries and conjunctions of the
/// languages the built-in rules cover (English, German, French, Spanish,
/// Portuguese, Italian, Indonesian). Sorted, for binary search.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "al", "als", "also", "am", "an", "and", "are", "as", "at", "au", "auf",
    "aus", "aux", "be", "been", "bei", "but", "by", "can", "ce", "che", "con", "could", "da",
    "dal", "dan", "das", "de", "dei", "del", "della", "dem", "den", "dengan", "der", "des", "di",
    "die", "do", "dos", "du", "e", "ein", "eine", "einen", "einer", "el", "em", "en", "es", "est",
    "et", "for", "from", "für", "had", "has", "have", "he", "her", "his", "i", "il", "in", "into",
    "is", "ist", "it", "its", "itu", "ke", "la", "las", "le", "les", "lo", "los", "may", "mit",
    "more", "na", "nach", "nel", "no", "not", "o", "of", "on", "or", "os", "ou", "our", "over",
    "par", "para", "per", "por", "pour", "que", "qui", "se", "she", "should", "sind", "son",
    "than", "that", "the", "their", "then", "there", "these", "they", "this", "those", "to", "un",
    "una", "und", "une", "uno", "untuk", "von", "was", "we", "were", "when", "which", "who",
    "will", "with", "would", "yang", "you", "your", "zu", "zum", "zur",
];

fn is_function_word(word: &str) -> bool {
    const LONGEST: usize = 8;
    if word.len() > LONGEST {
        return false;
    }
    if word.is_ascii() {
        // Most words: lower-cased on the stack, no allocation.
        let mut buffer = [0u8; LONGEST];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return FUNCTION_WORDS
            .binary_search_by(|w| w.as_bytes().cmp(lower))
            .is_ok();
    }
    // Lower-cased on the stack too: at most three bytes more per
    // character, and the rare longer forms are not function words.
    let mut buffer = [0u8; 3 * LONGEST];
    crate::fold::lowercase_into(word, &mut buffer).is_some_and(|lower| {
        FUNCTION_WORDS
            .binary_search_by(|w| w.as_bytes().cmp(lower))
            .is_ok()
    })
}

/// Drop a list bullet (`-`, `*`, `•`, `1.`, `2)` …) and the space after it.
pub fn strip_bullet(line: &str) -> &str {
    let line = line.trim_start();
    let mut chars = line.char_indices();
    match chars.next() {
        Some((_, '-' | '*' | '•' | '·' | '–' | '—' | '▪' | '►' | '»')) => {
            let rest = &line[line.chars().next().map_or(0, char::len_utf8)..];
            if rest.starts_with(char::is_whitespace) {
                return rest.trim_start();
            }
            line
        }
        Some((_, c)) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &line[digits..];
            if digits <= 2
                && let Some(after) = rest.strip_prefix(['.', ')'])
                && after.starts_with(char::is_whitespace)
            {
                return after.trim_start();
            }
            line
        }
        _ => line,
    }
}

/// First letter is upper case, or the first word has a capital in it
/// ("iPhone"), or the script has no case at all.
fn starts_like_a_title(text: &str) -> bool {
    let first_word = text.split_whitespace().next().unwrap_or("");
    match text.chars().find(|c| c.is_alphanumeric()) {
        None => false,
        Some(c) if c.is_lowercase() => first_word.chars().any(char::is_uppercase),
        Some(_) => true,
    }
}

/// Whether `text` has more than `max` sentences, counted as terminators
/// (`.` `!` `?`, possibly followed by a closing quote) followed by white
/// space and a capital, digit or quote. Abbreviations such as "U.S.
/// sanctions" are not a break: a lower-case word follows. Stops reading as
/// soon as the answer is known.
fn more_sentences_than(text: &str, max: usize) -> bool {
    let mut count = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        while chars
            .next_if(|c| matches!(c, '"' | '\'' | '’' | '”' | ')'))
            .is_some()
        {}
        if chars.next_if(|c| c.is_whitespace()).is_none() {
            continue;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')
        }) {
            count += 1;
            if count > max {
                return true;
            }
        }
    }
    count > max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> HeadlineShape {
        HeadlineShape::default()
    }

    #[test]
    fn bullets_are_stripped() {
        assert_eq!(strip_bullet("- Storm hits coast"), "Storm hits coast");
        assert_eq!(strip_bullet("• Storm hits coast"), "Storm hits coast");
        assert_eq!(strip_bullet("12. Storm hits coast"), "Storm hits coast");
        assert_eq!(strip_bullet("3) Storm hits coast"), "Storm hits coast");
        assert_eq!(strip_bullet("-5 degrees tonight"), "-5 degrees tonight");
        assert_eq!(strip_bullet("2024 was warm"), "2024 was warm");
    }

    #[test]
    fn headlines_match() {
        for line in [
            "Storm knocks out power to thousands along the coast",
            "- Council approves budget; mayor vows to fight cuts",
            "Village fair returns after a decade. Organisers want volunteers.",
            "Got a cold? Here's when to stay home",
            "iPhone sales slip in the second quarter",
            "Lawmakers pass U.S. farm bill after long delay",
        ] {
            assert!(shape().matches(line), "{line}");
        }
    }

    #[test]
    fn function_words_fold_case_with_and_without_ascii() {
        for word in ["the", "The", "THE", "für", "Für", "yang", "Dan"] {
            assert!(is_function_word(word), "{word}");
        }
        for word in ["council", "théâtre", "Überall", "a-b", "abcdefghi", ""] {
            assert!(!is_function_word(word), "{word}");
        }
    }

    #[test]
    fn sentence_counting_stops_early_with_the_same_answer() {
        let text = "It rained. Then it snowed. Then the roads closed.";
        assert!(more_sentences_than(text, 2));
        assert!(!more_sentences_than(text, 3));
        assert!(!more_sentences_than("Lawmakers pass U.S. farm bill", 1));
    }

    #[test]
    fn prose_and_lead_ins_do_not_match() {
        for line in [
            "Background",
            "the list continues with a lower-case fragment",
            "The report named three causes:",
            "It rained. Then it snowed. Then the roads closed.",
            &"word ".repeat(40),
        ] {
            assert!(!shape().matches(line), "{line}");
        }
    }
}
