//! Messages for people: never a panic when stderr is gone, and never a raw
//! control character from a component on someone's terminal.
//!
//! Rule ids, categories and error messages come from the component, which
//! may be hostile: an escape sequence in a rule id could rewrite the
//! terminal's title, hide text or fake a prompt. Everything printed for
//! people goes through [`sanitize`].

use std::borrow::Cow;
use std::fmt;
use std::io::Write;

/// `text` with control characters (other than line feed and tab) and
/// bidirectional overrides written as `\u{…}` escapes.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A line of JSON with the control characters JSON leaves raw (DEL, the
/// C1 controls, bidirectional overrides) written as `\u` escapes: the
/// same values, nothing a terminal acts on.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if !json.chars().any(needs_escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Prints one sanitised line on stderr. A closed or full stderr is not a
/// reason to stop cleaning, so failures are ignored.
pub fn print_line(args: fmt::Arguments<'_>) {
    let text = args.to_string();
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", sanitize(&text));
}

/// `eprintln!` that cannot panic and escapes control characters.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::term::print_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_values_and_loses_its_raw_controls() {
        let json = serde_json::to_string("a\u{9b}b\u{202e}c\u{7f}").expect("json");
        let safe = json_for_terminal(&json);
        assert_eq!(safe, "\"a\\u009bb\\u202ec\\u007f\"");
        assert_eq!(
            serde_json::from_str::<String>(&safe).expect("still JSON"),
            "a\u{9b}b\u{202e}c\u{7f}"
        );
    }

    #[test]
    fn control_characters_are_escaped_and_plain_text_is_not_copied() {
        assert!(matches!(sanitize("rule.id: ok\n"), Cow::Borrowed(_)));
        assert_eq!(
            sanitize("evil\x1b]0;title\x07id\u{9b}\u{202e}"),
            "evil\\u{1b}]0;title\\u{7}id\\u{9b}\\u{202e}"
        );
    }
}
