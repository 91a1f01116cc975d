//! Line features: what a line's text says about it, computed once per line.
//!
//! The content-region stage and the `line-shape` rules decide from these
//! numbers, never from the text again, so a document is read once. Every
//! feature is cheap (one walk over the line's characters and words) and
//! language-independent except the function-word count, which uses the
//! lists of the rule file (`[function_words]`) for the language the
//! document is written in ([`FunctionWords::detect`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lines::Line;
use crate::lists::headline;

/// At most this many languages take part in detection (a rule file may list
/// more; the first ones win). Keeps per-line counts in a fixed array.
pub(crate) const MAX_LANGUAGES: usize = 16;

/// Share of a document's words that its language's list must find. Prose
/// in a listed language runs at 20–45% function words (measured on news
/// text in each built-in language); menus in a foreign language rarely
/// reach a tenth of a page.
pub(crate) const MIN_LANGUAGE_SHARE: f64 = 0.08;

/// What one non-blank line looks like. Counts saturate; they only feed
/// thresholds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LineFeatures {
    /// Characters of the trimmed line.
    pub chars: u32,
    /// Words: white-space separated tokens holding a letter or digit.
    pub words: u32,
    /// Words found in the function-word list of the document's language
    /// (the rule file's `[function_words]`); filled in after detection.
    pub function_words: u32,
    /// Words that start with an upper-case letter.
    pub capitalised: u32,
    /// Letters, digits, and other non-space characters (symbols and
    /// punctuation).
    pub letters: u32,
    /// Decimal digits.
    pub digits: u32,
    /// Characters that are neither letters, digits, white space nor the
    /// usual sentence punctuation (`.,;:!?'"()-`).
    pub symbols: u32,
    /// Separators between navigation items: `|`, `·`, `•`, `»`, `›`, `>`
    /// and a ` / ` with spaces around it.
    pub separators: u32,
    /// Commas (`,`, `，`, `、`): lists of things in a sentence or a cell.
    pub commas: u32,
    /// `http://`, `https://` or `www.` tokens.
    pub urls: u32,
    /// Tokens shaped like an e-mail address.
    pub emails: u32,
    /// Ends like a sentence: `.` `!` `?` `…` (or CJK full stops), possibly
    /// followed by closing quotes or brackets.
    pub terminal: bool,
    /// Sentence ends inside the line: a word of three letters or more
    /// ending in `.`, `!` or `?` followed by a capitalised word. Prose
    /// has them, a teaser or a caption of one clause rarely does, and a
    /// menu never.
    pub inner_sentence_ends: u32,
    /// Ends with `:` (leads into what follows).
    pub ends_with_colon: bool,
    /// At least four letters and none of them lower case.
    pub all_caps: bool,
    /// Starts with a list bullet (`-`, `•`, `1.` …).
    pub bullet: bool,
    /// Cells of a pipe-table row (`| a | b |`), 0 when the line is not one.
    pub cells: u32,
    /// Of those, cells holding nothing but white space.
    pub empty_cells: u32,
    /// Holds `©`, or `(c)` or the word `Copyright` as a notice uses them
    /// (not `(c) the right to appeal`, nor `the copyright on the photos`).
    pub copyright: bool,
    /// Letters from scripts written without spaces between words (Chinese,
    /// Japanese, Thai …): word counts mean little there, characters do.
    pub unspaced_letters: u32,
}

impl LineFeatures {
    /// Share of words that are function words of the document's language.
    pub fn function_word_share(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.function_words as f32 / self.words as f32
        }
    }

    /// Share of words that start with a capital.
    pub fn capitalised_share(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.capitalised as f32 / self.words as f32
        }
    }

    /// Whether most letters belong to scripts without word spacing.
    pub fn is_unspaced(&self) -> bool {
        self.unspaced_letters * 2 > self.letters
    }

    /// A length that means the same in every script: words, or for
    /// unspaced scripts one "word" per two characters.
    pub fn word_equivalents(&self) -> u32 {
        if self.is_unspaced() {
            self.words.max(self.chars / 2)
        } else {
            self.words
        }
    }
}

/// Function-word lists per language, from the rule file, as one table from
/// a lower-cased word to the set of languages that list it.
#[derive(Debug, Clone, Default)]
pub(crate) struct FunctionWords {
    languages: Vec<String>,
    table: HashMap<Box<[u8]>, u16, BuildHasherDefault<FxHasher>>,
    longest: usize,
    /// A one-hash Bloom filter over the ASCII words of the table (their
    /// length, first and last byte): most words of a text are no function
    /// word, and most of those are ruled out here without lower-casing
    /// and hashing them. No function word is ever ruled out.
    ascii_filter: Box<[u64]>,
}

/// Bits of [`FunctionWords::ascii_filter`]: 8 KiB, in the first-level
/// cache, about 2% of them set by the built-in lists.
const ASCII_FILTER_BITS: usize = 1 << 16;

/// The filter bit of an ASCII word, the same for any case of it (bit 5
/// folds ASCII letters; other bytes are compared as they are on both
/// sides).
fn ascii_filter_bit(word: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return 0;
    };
    let hash = usize::from(first | 0x20)
        .wrapping_mul(0x9E37)
        .wrapping_add(usize::from(last | 0x20).wrapping_mul(0x85EB))
        .wrapping_add(word.len().wrapping_mul(0xC2B3));
    hash % ASCII_FILTER_BITS
}

impl FunctionWords {
    /// Lists by language code, in order (languages after the
    /// [`MAX_LANGUAGES`]th are ignored).
    pub fn new(lists: &[(String, Vec<String>)]) -> FunctionWords {
        let mut words = FunctionWords::default();
        for (bit, (language, list)) in lists.iter().take(MAX_LANGUAGES).enumerate() {
            words.languages.push(language.clone());
            for word in list {
                let lower = word.trim().to_lowercase();
                if lower.is_empty() {
                    continue;
                }
                words.longest = words.longest.max(lower.len());
                if lower.is_ascii() {
                    if words.ascii_filter.is_empty() {
                        words.ascii_filter = vec![0u64; ASCII_FILTER_BITS / 64].into_boxed_slice();
                    }
                    let bit = ascii_filter_bit(lower.as_bytes());
                    words.ascii_filter[bit / 64] |= 1 << (bit % 64);
                }
                *words
                    .table
                    .entry(lower.into_bytes().into_boxed_slice())
                    .or_insert(0) |= 1 << bit;
            }
        }
        words
    }

    /// The language codes, by bit.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// Languages (as bits) whose list holds `word`, ignoring case.
    fn lookup(&self, word: &str) -> u16 {
        if word.len() > self.longest || self.table.is_empty() {
            return 0;
        }
        if word.is_ascii() {
            let bit = ascii_filter_bit(word.as_bytes());
            if self
                .ascii_filter
                .get(bit / 64)
                .is_none_or(|bits| bits & (1 << (bit % 64)) == 0)
            {
                return 0;
            }
            let mut buffer = [0u8; 64];
            if word.len() <= buffer.len() {
                let lower = &mut buffer[..word.len()];
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                return self.table.get(&*lower).copied().unwrap_or(0);
            }
        }
        // Lower-cased on the stack too (`Über`, `Été`): a lower-case
        // form may be longer than the word, so the buffer has room for
        // twice its length and the rare longer ones go to the heap.
        let mut buffer = [0u8; 128];
        match crate::fold::lowercase_into(word, &mut buffer) {
            Some(lower) => self.table.get(lower).copied().unwrap_or(0),
            None => {
                let lower = word.to_lowercase();
                self.table.get(lower.as_bytes()).copied().unwrap_or(0)
            }
        }
    }

    /// The language of a document: the list that finds the most function
    /// words in its lines, if it finds clearly more than any other (a word
    /// that several lists share counts for each). `None` when no list
    /// finds enough: the document is in a language chaff has no list for,
    /// and prose is then told by length and punctuation alone. The winner
    /// must also cover [`MIN_LANGUAGE_SHARE`] of the document's `words`: a
    /// Korean page whose menus hold a few English words is not English.
    pub fn detect(&self, hits: &[[u32; MAX_LANGUAGES]], words: u64) -> Option<usize> {
        let mut totals = [0u64; MAX_LANGUAGES];
        for line in hits {
            for (total, &n) in totals.iter_mut().zip(line) {
                *total += u64::from(n);
            }
        }
        let (best, &count) = totals
            .iter()
            .enumerate()
            .take(self.languages.len())
            .max_by_key(|&(i, &n)| (n, std::cmp::Reverse(i)))?;
        let runner_up = totals
            .iter()
            .enumerate()
            .take(self.languages.len())
            .filter(|&(i, _)| i != best)
            .map(|(_, &n)| n)
            .max()
            .unwrap_or(0);
        let common = count as f64 >= MIN_LANGUAGE_SHARE * words as f64;
        (count >= 5 && count * 4 >= runner_up * 5 && common).then_some(best)
    }
}

/// Features of every line (`None` for blank or already removed lines), and
/// the document's language (an index into [`FunctionWords::languages`]).
pub(crate) fn measure(
    text: &str,
    lines: &[Line],
    skip: &[Option<usize>],
    words: &FunctionWords,
) -> (Vec<Option<LineFeatures>>, Option<usize>) {
    let mut hits: Vec<[u32; MAX_LANGUAGES]> = vec![[0; MAX_LANGUAGES]; lines.len()];
    let mut features: Vec<Option<LineFeatures>> = lines
        .iter()
        .zip(skip)
        .zip(hits.iter_mut())
        .map(|((line, verdict), hits)| {
            if line.is_blank() {
                return None;
            }
            let trimmed = line.trimmed(text);
            if verdict.is_some() {
                // A line a rule took counts in the region by its size
                // alone, and says nothing about the document's language.
                return Some(LineFeatures {
                    chars: u32::try_from(trimmed.chars().count()).unwrap_or(u32::MAX),
                    ..LineFeatures::default()
                });
            }
            Some(line_features(trimmed, words, hits))
        })
        .collect();
    let total = features.iter().flatten().map(|f| u64::from(f.words)).sum();
    let language = words.detect(&hits, total);
    if language.is_some() {
        for (f, h) in features.iter_mut().zip(&hits) {
            if let Some(f) = f {
                f.function_words = best_list(h);
            }
        }
    }
    (features, language)
}

/// The document's language from its first `budget` bytes of lines not
/// yet removed (`usize::MAX` for all of them), as [`measure`] finds it:
/// a sample is enough to tell a language, and the rest need not be read.
pub(crate) fn detect_language(
    text: &str,
    lines: &[Line],
    skip: &[Option<usize>],
    words: &FunctionWords,
    budget: usize,
) -> Option<usize> {
    if words.languages.is_empty() {
        return None;
    }
    let mut total = 0u64;
    let mut read = 0usize;
    let mut hits: Vec<[u32; MAX_LANGUAGES]> = Vec::new();
    for (line, _) in lines
        .iter()
        .zip(skip)
        .filter(|(line, verdict)| verdict.is_none() && !line.is_blank())
    {
        if read >= budget {
            break;
        }
        read += line.end - line.start;
        let mut line_hits = [0; MAX_LANGUAGES];
        total += u64::from(count_function_words(
            line.trimmed(text),
            words,
            &mut line_hits,
        ));
        hits.push(line_hits);
    }
    words.detect(&hits, total)
}

/// The words of a line and, in `hits[k]`, those in language `k`'s list:
/// the part of [`line_features`] that language detection needs, at a
/// fraction of its cost (detection reads every line of most documents).
fn count_function_words(line: &str, words: &FunctionWords, hits: &mut [u32; MAX_LANGUAGES]) -> u32 {
    let mut count = 0;
    for token in line.split_whitespace() {
        let Some(word) = counted_word(token) else {
            continue;
        };
        count += 1;
        if is_link_or_address(token) {
            continue;
        }
        add_hits(words.lookup(word), hits);
    }
    count
}

/// The word a token counts as (its letters and digits, without the
/// punctuation around them), or `None` for a token that is no word
/// (punctuation alone, a `/` between links).
fn counted_word(token: &str) -> Option<&str> {
    if token == "/" {
        return None;
    }
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then_some(word)
}

/// Whether a token is a URL or an e-mail address (counted as a word, but
/// never as a function word).
fn is_link_or_address(token: &str) -> bool {
    is_url(token) || is_email(token)
}

fn is_url(token: &str) -> bool {
    token.starts_with("http://") || token.starts_with("https://") || token.starts_with("www.")
}

fn is_email(token: &str) -> bool {
    token.contains('@') && token.contains('.') && !token.starts_with('@')
}

fn add_hits(languages: u16, hits: &mut [u32; MAX_LANGUAGES]) {
    if languages != 0 {
        for (k, hit) in hits.iter_mut().enumerate() {
            if languages & (1 << k) != 0 {
                *hit += 1;
            }
        }
    }
}

/// One line's features, with function words counted in `language`'s list.
pub(crate) fn line_features_in(
    line: &str,
    words: &FunctionWords,
    language: Option<usize>,
) -> LineFeatures {
    let mut hits = [0; MAX_LANGUAGES];
    let mut f = line_features(line, words, &mut hits);
    if language.is_some() {
        f.function_words = best_list(&hits);
    }
    f
}

/// Whether a token marks a copyright notice, given whether it is the
/// line's first word and the token after it: `(c)` (`(c) 2024`,
/// `(c)2024`, `Foto: (c) dpa`) unless a lower-case function word follows
/// it, as in an enumeration (`(c) the right to appeal`, `option (c) was
/// chosen`); the word `Copyright` as notices use it, first in the line or
/// last, or before `©`, `(c)`, a year, a name or `by` / `von`, and not as
/// prose does, inside a line before a lower-case word (`the copyright on
/// the photos runs out`, `copyright claims`).
fn copyright_mark(
    token: &str,
    word: &str,
    first: bool,
    next: Option<&str>,
    words: &FunctionWords,
) -> bool {
    // `ⓒ` is a lower-case letter to Unicode, and a copyright sign to people.
    let lower_word = |t: &str| {
        t.chars()
            .next()
            .is_some_and(|c| c.is_lowercase() && c != 'ⓒ')
    };
    if token
        .get(..3)
        .is_some_and(|c| c.eq_ignore_ascii_case("(c)"))
    {
        return token.len() > 3
            || next.is_none_or(|next| {
                let word = next.trim_matches(|c: char| !c.is_alphanumeric());
                !(lower_word(next) && words.lookup(word) != 0)
            });
    }
    word.eq_ignore_ascii_case("copyright")
        && (first
            || next.is_none_or(|next| {
                !lower_word(next) || matches!(next.trim_end_matches(':'), "by" | "von")
            }))
}

/// Function words of a line in whichever list finds most: a page in one
/// language quotes or embeds another (an English blog's German post).
fn best_list(hits: &[u32; MAX_LANGUAGES]) -> u32 {
    hits.iter().copied().max().unwrap_or(0)
}

/// The features of one trimmed, non-blank line; `hits[k]` counts the
/// words found in language `k`'s list.
pub(crate) fn line_features(
    line: &str,
    words: &FunctionWords,
    hits: &mut [u32; MAX_LANGUAGES],
) -> LineFeatures {
    let mut f = LineFeatures {
        bullet: headline::is_bulleted(line),
        ends_with_colon: line.ends_with(':'),
        terminal: ends_a_sentence(line),
        ..LineFeatures::default()
    };
    let mut lower_letters = 0u32;
    // `<` before a `>` makes it a bracket (`<Title>`, as Korean and other
    // scripts mark titles), not a breadcrumb's separator.
    let mut open_angle = false;
    for c in line.chars() {
        f.chars += 1;
        if c.is_alphabetic() {
            f.letters += 1;
            if c.is_lowercase() {
                lower_letters += 1;
            }
            if is_unspaced_script(c) {
                f.unspaced_letters += 1;
            }
        } else if c.is_ascii_digit() {
            f.digits += 1;
        } else if c.is_whitespace() {
        } else if c == '>' && open_angle {
            open_angle = false;
            f.symbols += 1;
        } else if matches!(c, '|' | '·' | '•' | '»' | '›' | '>' | '¦') {
            f.separators += 1;
        } else if matches!(c, ',' | '，' | '、') {
            f.commas += 1;
        } else if c == '©' {
            f.copyright = true;
            f.symbols += 1;
        } else if c == '<' {
            open_angle = true;
            f.symbols += 1;
        } else if !matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '\''
                | '"'
                | '('
                | ')'
                | '-'
                | '’'
                | '‘'
                | '“'
                | '”'
                | '„'
                | '«'
                | '–'
                | '—'
        ) {
            f.symbols += 1;
        }
    }
    f.all_caps = f.letters >= 4 && lower_letters == 0 && f.unspaced_letters == 0;

    let mut tokens = line.split_whitespace().peekable();
    let mut after_sentence_end = false;
    while let Some(token) = tokens.next() {
        let ends_sentence = ends_a_word_sentence(token);
        if after_sentence_end && token.chars().next().is_some_and(char::is_uppercase) {
            f.inner_sentence_ends += 1;
        }
        after_sentence_end = ends_sentence;
        if token == "/" {
            f.separators += 1;
            continue;
        }
        let Some(word) = counted_word(token) else {
            continue;
        };
        f.words += 1;
        if word.chars().next().is_some_and(char::is_uppercase) {
            f.capitalised += 1;
        }
        if is_url(token) {
            f.urls += 1;
            continue;
        }
        if is_email(token) {
            f.emails += 1;
            continue;
        }
        if !f.copyright && copyright_mark(token, word, f.words == 1, tokens.peek().copied(), words)
        {
            f.copyright = true;
        }
        add_hits(words.lookup(word), hits);
    }

    if line.starts_with('|') || line.ends_with('|') {
        let inner = line.trim_matches('|');
        if !inner.is_empty() || line.len() > 1 {
            f.cells = inner.split('|').count() as u32;
            f.empty_cells = inner.split('|').filter(|c| c.trim().is_empty()).count() as u32;
        }
    }
    f
}

/// Whether a line ends like a sentence (closing quotes and brackets
/// allowed after the full stop).
pub(crate) fn ends_a_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '’', '”', '»', ')', ']', '*']);
    end.ends_with(['.', '!', '?', '…', '。', '！', '？', '।', '؟']) && !end.ends_with("...") // "Read more..." is a link label, not a sentence end
}

/// Whether a token ends a sentence: three letters or more, then `.`,
/// `!` or `?` (closing quotes allowed), so that initials and most
/// abbreviations (`J.`, `Dr.`, `St.`) do not count.
fn ends_a_word_sentence(token: &str) -> bool {
    // Most tokens end in a letter: one byte rules them out (`’`, `”` and
    // `»` end in 0x99, 0x9D and 0xBB).
    if !token.as_bytes().last().is_some_and(|b| {
        matches!(
            b,
            b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | 0x99 | 0x9D | 0xBB
        )
    }) {
        return false;
    }
    let end = token.trim_end_matches(['"', '\'', '’', '”', '»', ')']);
    let Some(word) = end.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    !word.ends_with('.')
        && word
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .take(3)
            .count()
            == 3
}

/// Letters of scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified
        | 0xF900..=0xFAFF    // CJK compatibility
        | 0x0E00..=0x0E7F    // Thai
        | 0x0E80..=0x0EFF    // Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
    )
}

/// rustc's Fx hash: function words are short, and this is the hottest
/// lookup of the stage.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.hash = (self.hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> FunctionWords {
        FunctionWords::new(&[
            ("en".into(), vec!["the".into(), "of".into(), "and".into()]),
            ("de".into(), vec!["der".into(), "die".into(), "und".into()]),
        ])
    }

    fn features(line: &str) -> LineFeatures {
        let mut hits = [0; MAX_LANGUAGES];
        line_features(line, &words(), &mut hits)
    }

    proptest::proptest! {
        /// Language detection's light count sees the same words and
        /// function words as the full features.
        #[test]
        fn the_light_count_agrees_with_the_features(
            line in "(\\PC|[ /@.:()]|the|und|Der|www\\.|https://|a@b\\.c){0,30}",
        ) {
            let (mut full, mut light) = ([0; MAX_LANGUAGES], [0; MAX_LANGUAGES]);
            let f = line_features(&line, &words(), &mut full);
            let count = count_function_words(&line, &words(), &mut light);
            proptest::prop_assert_eq!(count, f.words);
            proptest::prop_assert_eq!(light, full);
        }
    }

    proptest::proptest! {
        /// Words are looked up lower-cased on the stack as the standard
        /// library lower-cases them, whatever their script or length.
        #[test]
        fn lookup_lower_cases_as_the_standard_library_does(
            word in "(Ü|ü|É|é|İ|ẞ|ß|ber|BER|t|T|he|HE|x){0,40}",
        ) {
            let lists = FunctionWords::new(&[
                ("de".into(), vec!["über".into(), "ß".into()]),
                ("fr".into(), vec!["été".into(), "the".into()]),
            ]);
            let expected = lists.table.get(word.to_lowercase().as_bytes()).copied().unwrap_or(0);
            let found = if word.len() > lists.longest { 0 } else { expected };
            proptest::prop_assert_eq!(lists.lookup(&word), found);
        }
    }

    #[test]
    fn sentence_ends_inside_a_line_are_counted_but_not_initials_or_abbreviations() {
        let count = |line: &str| features(line).inner_sentence_ends;
        assert_eq!(count("Work starts in May. The council will meet again"), 1);
        assert_eq!(count("It rained! Nobody came? Then we left."), 2);
        assert_eq!(count("J. Smith met Dr. Jones and St. Clair on Friday"), 0);
        assert_eq!(count("Prices rose, e.g. Bread and milk"), 0);
        assert_eq!(
            count("Home. News. Sport"),
            2,
            "a menu's dots count; its function words do not"
        );
        assert_eq!(
            count("the end. and then"),
            0,
            "the next word is not capitalised"
        );
        assert_eq!(count("Read more..."), 0);
    }

    #[test]
    fn counts_words_and_function_words_per_language() {
        let mut hits = [0; MAX_LANGUAGES];
        let f = line_features("The mayor of the town, and Die Zeit.", &words(), &mut hits);
        assert_eq!(f.words, 8);
        assert_eq!(hits[0], 4);
        assert_eq!(hits[1], 1);
        assert!(f.terminal);
        assert_eq!(f.capitalised, 3);
    }

    #[test]
    fn detects_the_language_with_clearly_more_hits() {
        let w = words();
        let mut en = [0; MAX_LANGUAGES];
        en[0] = 9;
        en[1] = 1;
        assert_eq!(w.detect(&[en], 20), Some(0));
        let mut tie = [0; MAX_LANGUAGES];
        tie[0] = 6;
        tie[1] = 6;
        assert_eq!(w.detect(&[tie], 20), None);
        // Nine English words on a page of a thousand: a page in a language
        // without a list, whose menus happen to be English.
        assert_eq!(w.detect(&[en], 1000), None);
        assert_eq!(w.detect(&[], 0), None);
    }

    #[test]
    fn navigation_rows_tables_and_legal_lines() {
        let nav = features("Home | World | Sport | Culture");
        assert_eq!(nav.separators, 3);
        assert_eq!(nav.words, 4);
        let row = features("| | Some label | |");
        assert_eq!((row.cells, row.empty_cells), (3, 2));
        assert!(features("© 2024 Example Media. All rights reserved.").copyright);
        assert!(features("Copyright 2024 Example Media").copyright);
        assert!(!features("The copyrights of authors were debated.").copyright);
        assert!(features("Copyright by Example Media").copyright);
        assert!(features("Foto: (c) dpa").copyright);
        assert!(features("(c)2021 Example").copyright);
        assert!(features("All content copyright").copyright);
        assert!(features("• Copyright and reprints").copyright);
        assert!(features("All text copyright ⓒ Example News").copyright);
        assert!(!features("The copyright on the photographs runs out in 2025.").copyright);
        assert!(!features("(c) the right to appeal within thirty days.").copyright);
        assert!(features("BREAKING NEWS").all_caps);
        assert!(features("- an item").bullet);
        assert_eq!(features("see https://example.com or mail a@b.org").urls, 1);
        assert_eq!(
            features("see https://example.com or mail a@b.org").emails,
            1
        );
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_a_sentence("It rained."));
        assert!(ends_a_sentence("He said: \"No.\""));
        assert!(ends_a_sentence("下雨了。"));
        assert!(!ends_a_sentence("Read more..."));
        assert!(!ends_a_sentence("Home"));
    }

    #[test]
    fn an_angle_bracket_pair_is_a_title_mark_not_a_separator() {
        assert_eq!(
            features("다만 MBC <숨바꼭질>은 방영을 시작한 지 얼마 되지 않았다.").separators,
            0
        );
        assert_eq!(features("Home > News > Local").separators, 2);
        assert_eq!(features("a <b> c > d").separators, 1);
    }

    #[test]
    fn unspaced_scripts_count_by_characters() {
        let f = features("今天下雨了，我们在家里看书。");
        assert!(f.is_unspaced());
        assert!(f.word_equivalents() >= 6);
    }
}
