//! "Headline-shaped": the features that tell a list item pointing at another
//! article from a line of the article itself.
//!
//! A headline is short, starts with a capital (or a digit or quote), is at
//! most a sentence or two, and does not lead into something else (no
//! trailing `:` `;` `,`). Each feature is a tunable number rather than one
//! regex, so users can loosen or tighten it per rule.

/// Tunable limits of a headline-shaped line (`[rule.headline]` in a rule file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadlineShape {
    /// Fewest words; one-word lines are usually headings or UI, not headlines.
    pub min_words: usize,
    /// Most words; paragraphs are longer.
    pub max_words: usize,
    /// Most characters, after the bullet.
    pub max_chars: usize,
    /// Most sentences ("Woman dies on retreat. Her son wants answers." is two).
    pub max_sentences: usize,
}

impl Default for HeadlineShape {
    fn default() -> Self {
        HeadlineShape {
            min_words: 2,
            max_words: 30,
            max_chars: 250,
            max_sentences: 2,
        }
    }
}

impl HeadlineShape {
    /// Whether a trimmed line looks like a headline (a leading bullet is allowed).
    pub fn matches(&self, line: &str) -> bool {
        let text = strip_bullet(line);
        if text.is_empty()
            || text.len() > self.max_chars * 4
            || text.chars().count() > self.max_chars
        {
            return false;
        }
        if text.ends_with([':', ';', ',']) {
            return false;
        }
        let words = text.split_whitespace().count();
        if words < self.min_words || words > self.max_words {
            return false;
        }
        starts_like_a_title(text) && sentence_count(text) <= self.max_sentences
    }
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

/// Sentences, counted as terminators (`.` `!` `?`, possibly followed by a
/// closing quote) followed by white space and a capital, digit or quote.
/// Abbreviations such as "U.S. sanctions" are not a break: a lower-case word follows.
fn sentence_count(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 1;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '"' | '\'' | '’' | '”' | ')') {
                j += 1;
            }
            if j < chars.len() && chars[j].is_whitespace() {
                let next = chars[j + 1..].iter().find(|c| !c.is_whitespace());
                if next.is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')
                }) {
                    count += 1;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    count
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
