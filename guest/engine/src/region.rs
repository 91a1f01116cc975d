//! The content region: which lines read as prose, where the article body
//! is, and what lies before and after it.
//!
//! Plain text has no markup to say where the article is, but its lines do:
//! an article is a run of long lines that end like sentences and are full
//! of function words ("the", "of", "der", "que"); navigation, footers,
//! share bars and link lists are short, lack function words, and cluster
//! before and after it. The stage works in three steps, after jusText (on
//! plain text, without link density) and BTE:
//!
//! 1. **classify** each line from its [`LineFeatures`]: *good* (long prose),
//!    *near-good* (shorter prose), *short*, or *bad* (long but not prose,
//!    navigation rows, copyright lines);
//! 2. **smooth** by context: a short or near-good line between good lines is
//!    good, between bad lines bad; a short line just before a good one (a
//!    heading) is kept with it, as is an unterminated prose line just
//!    before prose (a standfirst), and so is a bulleted list that a body
//!    sentence ending in a colon introduces;
//! 3. **locate the body**: with `drop_outside` (the `page` profile, for
//!    full-page text), the body is the run of lines with the best sum of
//!    `+chars` for good lines and `-chars` (and `line_cost`) for the
//!    others (with the runs beside it that weigh at least
//!    `secondary_share` of it, the other parts of a split article; a page
//!    whose best run is under `min_body` is all body), and everything
//!    outside it goes, as do lines inside it that
//!    are bad both alone and in context and not between two good lines;
//!    otherwise (extractor
//!    output, where the extractor already found the body) the body runs
//!    from the first to the last prose line and nothing is removed here:
//!    `line-shape` rules and rules with `at` use the locations.

use crate::features::LineFeatures;
use crate::shapes::Shape;

/// Where a line sits relative to the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Before the body's first line.
    Head,
    /// Between the body's first and last lines, inclusive.
    Body,
    /// After the body's last line.
    Tail,
}

impl Location {
    /// Bit of this location in a set of locations.
    pub(crate) fn bit(self) -> u8 {
        match self {
            Location::Head => 1,
            Location::Body => 2,
            Location::Tail => 4,
        }
    }

    /// The name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Location::Head => "head",
            Location::Body => "body",
            Location::Tail => "tail",
        }
    }
}

/// All three [`Location`] bits: a rule without `at` applies everywhere.
pub(crate) const EVERYWHERE: u8 = 7;

/// How prose is told from the rest (`[rule.region]` of a `content-region`
/// rule). The defaults fit both extractor output and full pages; jusText's
/// defaults were the starting point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionSettings {
    /// Lines shorter than this many characters are *short*: too short to
    /// judge alone (headings, list items, labels).
    pub length_low: u32,
    /// Prose lines at least this long are *good*; shorter ones near-good.
    pub length_high: u32,
    /// Below this share of function words a long line is *bad*.
    pub function_words_low: f32,
    /// From this share on a long line is prose (good when long enough).
    pub function_words_high: f32,
    /// A short line counts as the heading of a good line that starts
    /// within this many characters after it.
    pub max_heading_distance: u32,
    /// Remove what lies outside the body, and bad lines inside it (full
    /// pages); otherwise only locate.
    pub drop_outside: bool,
    /// Prose must end like a sentence: a long line without a sentence end
    /// is judged by its neighbours, as a short one is. Right for full
    /// pages, where such lines are mostly teasers, captions and wrapped
    /// menus; extractors have already dropped most of those.
    pub sentence_end: bool,
    /// With `drop_outside`: what every line that is not good costs the
    /// body run, in characters, on top of its length. A menu item or a
    /// "Share" button is a few characters long but a strong sign that the
    /// article has ended: without a cost per line, a footer of twenty
    /// short links weighs less than one teaser paragraph after it.
    pub line_cost: u32,
    /// With `drop_outside`: another run of prose, apart from the best one,
    /// is body too when its sum is at least this share of the best run's.
    /// An article that a gallery, a box or a block of links splits in two
    /// keeps both parts, while the teasers and comments around it, which
    /// weigh far less, still go. 0 keeps the best run alone.
    pub secondary_share: f32,
    /// With `drop_outside`: a page whose best run sums to less than this
    /// many characters has no article body to find (a table of results, a
    /// recipe of short lines, a product page): nothing is dropped for
    /// lying outside it, as on a page without prose.
    pub min_body: u32,
    /// With `sentence_end`: a prose line of at least this many
    /// characters with a sentence end inside it (`… in May. The council
    /// …`) is a paragraph however it ends (a paragraph the page cut off,
    /// a quote, a smiley); shorter ones and those of a single clause are
    /// judged by their neighbours. Teasers and captions are one clause.
    pub min_paragraph: u32,
}

impl Default for RegionSettings {
    fn default() -> Self {
        RegionSettings {
            length_low: 70,
            length_high: 200,
            function_words_low: 0.20,
            function_words_high: 0.28,
            max_heading_distance: 60,
            drop_outside: false,
            sentence_end: false,
            line_cost: 0,
            secondary_share: 0.25,
            min_body: 300,
            min_paragraph: 250,
        }
    }
}

/// What a line reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Long prose.
    Good,
    /// Prose, but short.
    NearGood,
    /// Too short to judge alone.
    Short,
    /// Not prose.
    Bad,
}

impl Class {
    /// Lower-case name, for reports.
    pub fn name(self) -> &'static str {
        match self {
            Class::Good => "good",
            Class::NearGood => "near-good",
            Class::Short => "short",
            Class::Bad => "bad",
        }
    }
}

/// What the stage found for each line (`None` for blank or removed lines).
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Class from the line alone.
    pub initial: Vec<Option<Class>>,
    /// Class after context smoothing.
    pub class: Vec<Option<Class>>,
    /// Location of each line (blank lines get their neighbours').
    pub location: Vec<Location>,
    /// Whether any line reads as good prose. A page without any is not an
    /// article (a table of results, a product grid, a forum index): it
    /// has no body to keep, so nothing is dropped for lying outside one.
    pub has_prose: bool,
}

/// The class of a line from its own features. `language_known` says whether
/// function words were counted (the document's language has a list).
pub(crate) fn classify(f: &LineFeatures, settings: &RegionSettings, language_known: bool) -> Class {
    let share = f.function_word_share();
    // `max_words` bounds labels only; the other shapes ignore it.
    if Shape::Copyright.matches(f, 0) || Shape::Address.matches(f, 0) {
        return Class::Bad;
    }
    if f.separators >= 2 && (!language_known || share < settings.function_words_low) {
        return Class::Bad;
    }
    let length = effective_length(f);
    if length < settings.length_low {
        return Class::Short;
    }
    let long = length >= settings.length_high;
    // Prose: by function words where the language has a list, by the
    // sentence end elsewhere; long prose is good.
    let (prose, maybe_prose) = if language_known && !f.is_unspaced() {
        (
            share >= settings.function_words_high,
            share >= settings.function_words_low,
        )
    } else {
        (f.terminal, long)
    };
    // Teasers, captions and menus that wrap are long but rarely end like a
    // sentence; their neighbours say what they are (measured on full-page
    // text: 80% of such lines are not article). A paragraph of long prose
    // is prose however it ends (a quote, a smiley, a cut-off sentence).
    let long_paragraph = prose
        && (length >= 2 * settings.length_high
            || (length >= settings.min_paragraph && f.inner_sentence_ends >= 1));
    if settings.sentence_end && !f.terminal && !f.is_unspaced() && !long_paragraph {
        return Class::Short;
    }
    match (prose, long, maybe_prose) {
        (true, true, _) => Class::Good,
        (true, false, _) | (false, _, true) => Class::NearGood,
        (false, _, false) => Class::Bad,
    }
}

/// Characters, with a character of an unspaced script (Chinese, Japanese,
/// Thai …) counting as three: it carries about a word's worth of text.
fn effective_length(f: &LineFeatures) -> u32 {
    f.chars + 2 * f.unspaced_letters
}

/// Classifies, smooths and locates. `features[i]` is `None` for lines that
/// take no part (blank or already removed); `claimed[i]` marks lines a rule
/// of this pass already took, which count only by their size, as bad.
pub(crate) fn layout(
    features: &[Option<LineFeatures>],
    claimed: &[bool],
    settings: &RegionSettings,
    language_known: bool,
) -> Layout {
    let initial: Vec<Option<Class>> = features
        .iter()
        .zip(claimed)
        .map(|(f, &claimed)| {
            f.as_ref()
                .filter(|_| !claimed)
                .map(|f| classify(f, settings, language_known))
        })
        .collect();
    let mut class = smooth(&initial, features, settings);
    // A line a rule already took is junk by name: it counts against the
    // run it sits in, as a bad line does, rather than vanishing (which
    // would join the runs on either side of a footer). It plays no part
    // in the smoothing, which is about how the lines around it read:
    // counting it there too takes more junk and more content (measured:
    // AEB page F1 +3 points, trafeval content kept -4 points).
    for (c, &claimed) in class.iter_mut().zip(claimed) {
        if claimed {
            *c = Some(Class::Bad);
        }
    }
    let location = if settings.drop_outside {
        let mut location = locate_best_run(&class, features, settings);
        closing_lines(&mut location, &class, &initial, features, settings);
        location
    } else {
        locate_prose_span(&initial)
    };
    let has_prose = class.contains(&Some(Class::Good));
    Layout {
        initial,
        class,
        location,
        has_prose,
    }
}

/// jusText's context rules, over the lines that take part.
fn smooth(
    initial: &[Option<Class>],
    features: &[Option<LineFeatures>],
    settings: &RegionSettings,
) -> Vec<Option<Class>> {
    let order: Vec<usize> = (0..initial.len())
        .filter(|&i| initial[i].is_some())
        .collect();
    let mut class: Vec<Class> = order
        .iter()
        .map(|&i| initial[i].unwrap_or(Class::Bad))
        .collect();
    let chars = |k: usize| features[order[k]].map_or(0, |f| f.chars);

    // Several near-good lines in a row are prose: an article written in
    // short paragraphs (a run of them adding up to `length_high` twice over).
    let mut k = 0;
    while k < class.len() {
        if class[k] != Class::NearGood {
            k += 1;
            continue;
        }
        let start = k;
        let (mut near, mut total) = (0, 0);
        while k < class.len() && class[k] == Class::NearGood {
            near += 1;
            total += chars(k);
            k += 1;
        }
        if near >= 2 && total >= 2 * settings.length_high {
            for c in &mut class[start..k] {
                if *c == Class::NearGood {
                    *c = Class::Good;
                }
            }
        }
    }

    // A short line shortly before a good one is its heading.
    let headings: Vec<usize> = (0..class.len())
        .filter(|&k| class[k] == Class::Short && precedes_good(&class, k, &chars, settings))
        .collect();
    for k in headings {
        class[k] = Class::NearGood;
    }

    // A prose line that does not end like a sentence, right before the
    // prose that follows it, is that prose's lead: a standfirst, a title
    // that reads as a sentence, or a paragraph the page broke in two. It
    // joins the body as a heading does, but only in that direction: after
    // the body such lines are mostly teasers.
    if settings.sentence_end {
        let leads: Vec<usize> = (0..class.len().saturating_sub(1))
            .filter(|&k| {
                class[k] == Class::Short
                    && matches!(class[k + 1], Class::Good | Class::NearGood)
                    && features[order[k]].is_some_and(|f| is_unterminated_prose(&f, settings))
            })
            .collect();
        for k in leads {
            class[k] = Class::NearGood;
        }
    }

    // Short lines take the class of their neighbours.
    let before_short = class.clone();
    let near = Neighbours::new(&before_short, true);
    let any = Neighbours::new(&before_short, false);
    for k in 0..class.len() {
        if before_short[k] != Class::Short {
            continue;
        }
        let (prev, next) = (near.back[k], near.forward[k]);
        class[k] = match (prev, next) {
            (Class::Good, Class::Good) => Class::Good,
            (Class::Bad, Class::Bad) => Class::Bad,
            _ => {
                let near_good_beside = (prev == Class::Bad && any.back[k] == Class::NearGood)
                    || (next == Class::Bad && any.forward[k] == Class::NearGood);
                if near_good_beside {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
        };
    }

    // Near-good lines are good unless bad lines surround them.
    let before_near = class.clone();
    let near = Neighbours::new(&before_near, true);
    for k in 0..class.len() {
        if before_near[k] != Class::NearGood {
            continue;
        }
        let (prev, next) = (near.back[k], near.forward[k]);
        class[k] = if prev == Class::Bad && next == Class::Bad {
            Class::Bad
        } else {
            Class::Good
        };
    }

    introduced_lists(&mut class, &order, features, settings);

    let mut out = vec![None; initial.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = Some(class[k]);
    }
    out
}

/// Long enough to be judged alone and full of function words, but without
/// a sentence end: what `sentence_end` sends to its neighbours.
fn is_unterminated_prose(f: &LineFeatures, settings: &RegionSettings) -> bool {
    !f.terminal
        && effective_length(f) >= settings.length_low
        && f.function_word_share() >= settings.function_words_high
}

/// Words a sentence that introduces a list has at least: "Here is what
/// you will need:" has six; "Related articles:", "Mehr zum Thema:" and
/// "You may also like:" have fewer.
const MIN_LEAD_IN_WORDS: u32 = 6;

/// A list that a sentence of the body introduces is part of the body: a
/// prose line ending in a colon right after a good line, and the bulleted
/// lines that follow it (ingredients, steps, places, features), which are
/// short and would otherwise take the class of what comes after the
/// article.
fn introduced_lists(
    class: &mut [Class],
    order: &[usize],
    features: &[Option<LineFeatures>],
    settings: &RegionSettings,
) {
    let feature = |k: usize| features[order[k]];
    for k in 1..class.len() {
        let Some(lead) = feature(k) else { continue };
        let lead_in = lead.ends_with_colon
            && lead.words >= MIN_LEAD_IN_WORDS
            && lead.function_word_share() >= settings.function_words_low
            && class[k - 1] == Class::Good
            && class[k] != Class::Good;
        if !lead_in {
            continue;
        }
        class[k] = Class::Good;
        for (j, c) in class.iter_mut().enumerate().skip(k + 1) {
            if !feature(j).is_some_and(|f| f.bullet) || *c == Class::Good {
                break;
            }
            *c = Class::Good;
        }
    }
}

/// For every line, the nearest class before and after it that is not
/// short (nor near-good, with `skip_near_good`); bad beyond the document's
/// edges. Two linear scans, so smoothing stays linear however many short
/// lines a document has.
struct Neighbours {
    back: Vec<Class>,
    forward: Vec<Class>,
}

impl Neighbours {
    fn new(class: &[Class], skip_near_good: bool) -> Neighbours {
        let counts = |c: Class| !(c == Class::Short || (skip_near_good && c == Class::NearGood));
        let mut back = Vec::with_capacity(class.len());
        let mut last = Class::Bad;
        for &c in class {
            back.push(last);
            if counts(c) {
                last = c;
            }
        }
        let mut forward = vec![Class::Bad; class.len()];
        let mut next = Class::Bad;
        for (k, &c) in class.iter().enumerate().rev() {
            forward[k] = next;
            if counts(c) {
                next = c;
            }
        }
        Neighbours { back, forward }
    }
}

/// Full pages: the line right after a stretch of the body joins it when
/// it reads as the article's last sentence (a closing remark, a sign-off:
/// a sentence end, four words or more, prose by its function words, no
/// separators or bullet). Smoothing judged it by the junk that follows
/// (measured: trafeval content kept +3 snippets on full pages, +8 on
/// extractor output with the page profile; junk removed -3; AEB
/// unchanged). Teasers after an article rarely end like a sentence.
fn closing_lines(
    location: &mut [Location],
    class: &[Option<Class>],
    initial: &[Option<Class>],
    features: &[Option<LineFeatures>],
    settings: &RegionSettings,
) {
    let order: Vec<usize> = (0..class.len()).filter(|&i| class[i].is_some()).collect();
    for pair in order.windows(2) {
        let (last, next) = (pair[0], pair[1]);
        let ends_body = location[last] == Location::Body
            && location[next] != Location::Body
            && class[last] == Some(Class::Good)
            // Not a line a rule already took.
            && initial[next].is_some();
        if ends_body && features[next].is_some_and(|f| reads_as_closing_sentence(&f, settings)) {
            location[next] = Location::Body;
        }
    }
}

fn reads_as_closing_sentence(f: &LineFeatures, settings: &RegionSettings) -> bool {
    f.terminal
        && f.words >= 4
        && f.function_word_share() >= settings.function_words_high
        && f.separators == 0
        && !f.bullet
}

/// Most lines between a heading and its prose (a title, then a byline):
/// a menu word three lines above an article is not its heading, however
/// short the lines between.
const MAX_HEADING_LINES: usize = 1;

fn precedes_good(
    class: &[Class],
    k: usize,
    chars: &dyn Fn(usize) -> u32,
    settings: &RegionSettings,
) -> bool {
    let mut distance = 0;
    for (j, &c) in class
        .iter()
        .enumerate()
        .skip(k + 1)
        .take(MAX_HEADING_LINES + 1)
    {
        if c == Class::Good {
            return true;
        }
        distance += chars(j);
        if distance > settings.max_heading_distance {
            return false;
        }
    }
    false
}

/// Extractor output: the body runs from the first to the last line that
/// reads as prose by itself. With no such line, everything is body.
fn locate_prose_span(initial: &[Option<Class>]) -> Vec<Location> {
    let prose = |c: &Option<Class>| matches!(c, Some(Class::Good | Class::NearGood));
    let first = initial.iter().position(prose);
    let last = initial.iter().rposition(prose);
    spans_to_locations(initial.len(), first.zip(last))
}

/// Full pages: the run of lines with the best sum of `+chars` (good) and
/// `-chars` (bad) — the densest stretch of prose, which may hold headings,
/// lists and short lines when prose surrounds them — and, before and after
/// it, the runs whose sum is at least `secondary_share` of its own. Lines
/// between runs lie in the head or the tail, by the side of the best run
/// they are on. A best run under `min_body` makes the whole page body.
fn locate_best_run(
    class: &[Option<Class>],
    features: &[Option<LineFeatures>],
    settings: &RegionSettings,
) -> Vec<Location> {
    let weights: Vec<Option<i64>> = class
        .iter()
        .zip(features)
        .map(|(c, f)| match (c, f) {
            (Some(Class::Good), Some(f)) => Some(i64::from(f.chars)),
            (Some(_), Some(f)) => Some(-i64::from(f.chars) - i64::from(settings.line_cost)),
            _ => None,
        })
        .collect();
    let Some((sum, first, last)) = best_run(&weights, 0, weights.len()) else {
        return vec![Location::Body; class.len()];
    };
    if sum < i64::from(settings.min_body) {
        return vec![Location::Body; class.len()];
    }
    let mut location = spans_to_locations(class.len(), Some((first, last)));
    let bound = ((f64::from(settings.secondary_share) * sum as f64).ceil() as i64).max(1);
    let mut todo = if settings.secondary_share > 0.0 {
        vec![(0, first), (last + 1, weights.len())]
    } else {
        Vec::new()
    };
    while let Some((lo, hi)) = todo.pop() {
        let Some((sum, start, end)) = best_run(&weights, lo, hi) else {
            continue;
        };
        if sum >= bound {
            location[start..=end].fill(Location::Body);
            todo.extend([(lo, start), (end + 1, hi)]);
        }
    }
    location
}

/// The run of `weights[lo..hi]` (`None`s skipped) with the largest positive
/// sum, as `(sum, first, last)`: Kadane's maximum subarray.
fn best_run(weights: &[Option<i64>], lo: usize, hi: usize) -> Option<(i64, usize, usize)> {
    let mut best: Option<(i64, usize, usize)> = None;
    let mut sum = 0i64;
    let mut start = lo;
    for (i, weight) in weights.iter().enumerate().take(hi).skip(lo) {
        let Some(weight) = *weight else { continue };
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += weight;
        if sum > 0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i));
        }
    }
    best
}

fn spans_to_locations(len: usize, body: Option<(usize, usize)>) -> Vec<Location> {
    let Some((first, last)) = body else {
        return vec![Location::Body; len];
    };
    (0..len)
        .map(|i| {
            if i < first {
                Location::Head
            } else if i > last {
                Location::Tail
            } else {
                Location::Body
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(chars: u32) -> Option<LineFeatures> {
        Some(LineFeatures {
            chars,
            words: chars / 6,
            function_words: chars / 15,
            terminal: true,
            letters: chars,
            ..LineFeatures::default()
        })
    }

    fn short(chars: u32) -> Option<LineFeatures> {
        Some(LineFeatures {
            chars,
            words: 2,
            letters: chars,
            ..LineFeatures::default()
        })
    }

    /// The settings of the page profile's region rule.
    fn page_settings() -> RegionSettings {
        RegionSettings {
            drop_outside: true,
            sentence_end: true,
            ..RegionSettings::default()
        }
    }

    fn nav() -> Option<LineFeatures> {
        Some(LineFeatures {
            chars: 40,
            words: 5,
            separators: 4,
            letters: 30,
            ..LineFeatures::default()
        })
    }

    #[test]
    fn prose_lines_classify_by_length_and_function_words() {
        let s = RegionSettings::default();
        assert_eq!(classify(&prose(300).unwrap(), &s, true), Class::Good);
        assert_eq!(classify(&prose(100).unwrap(), &s, true), Class::NearGood);
        assert_eq!(classify(&short(20).unwrap(), &s, true), Class::Short);
        assert_eq!(classify(&nav().unwrap(), &s, true), Class::Bad);
        let mut list = prose(300).unwrap();
        list.function_words = 0;
        assert_eq!(classify(&list, &s, true), Class::Bad);
        // Without a function-word list, punctuation decides.
        assert_eq!(classify(&list, &s, false), Class::Good);
    }

    #[test]
    fn with_sentence_end_a_long_open_line_is_judged_by_its_neighbours() {
        let mut teaser = prose(150).unwrap();
        teaser.terminal = false;
        let s = RegionSettings::default();
        assert_eq!(classify(&teaser, &s, true), Class::NearGood);
        let page = RegionSettings {
            sentence_end: true,
            ..s
        };
        assert_eq!(classify(&teaser, &page, true), Class::Short);
        assert_eq!(classify(&prose(150).unwrap(), &page, true), Class::NearGood);
    }

    #[test]
    fn with_sentence_end_an_open_line_of_several_sentences_is_a_paragraph() {
        let page = RegionSettings {
            sentence_end: true,
            ..RegionSettings::default()
        };
        let open = |chars, inner_sentence_ends| LineFeatures {
            terminal: false,
            inner_sentence_ends,
            ..prose(chars).unwrap()
        };
        // Two sentences, the second cut off: prose, however it ends.
        assert_eq!(classify(&open(260, 1), &page, true), Class::Good);
        // One clause of the same length (a teaser), or two short
        // sentences: the neighbours decide.
        assert_eq!(classify(&open(260, 0), &page, true), Class::Short);
        assert_eq!(classify(&open(180, 1), &page, true), Class::Short);
        // Without function words it is not prose: its dots do not help.
        let menu = LineFeatures {
            function_words: 0,
            ..open(260, 1)
        };
        assert_eq!(classify(&menu, &page, true), Class::Short);
    }

    #[test]
    fn headings_and_short_lines_between_prose_are_good() {
        let features = vec![nav(), short(12), prose(300), short(20), prose(300), nav()];
        let l = layout(
            &features,
            &vec![false; features.len()],
            &RegionSettings::default(),
            true,
        );
        let classes: Vec<Class> = l.class.iter().map(|c| c.unwrap()).collect();
        assert_eq!(
            classes,
            [
                Class::Bad,
                Class::Good,
                Class::Good,
                Class::Good,
                Class::Good,
                Class::Bad
            ]
        );
    }

    #[test]
    fn the_best_run_is_the_body_on_full_pages() {
        let settings = RegionSettings {
            drop_outside: true,
            ..RegionSettings::default()
        };
        let features = vec![
            nav(),
            nav(),
            prose(400),
            prose(300),
            nav(),
            prose(250),
            nav(),
            nav(),
        ];
        let l = layout(&features, &vec![false; features.len()], &settings, true);
        use Location::*;
        assert_eq!(l.location, [Head, Head, Body, Body, Body, Body, Tail, Tail]);
    }

    #[test]
    fn a_closing_sentence_after_the_body_joins_it_and_a_teaser_does_not() {
        let settings = page_settings();
        // Short prose that ends like a sentence: the article's last line.
        let closing = Some(LineFeatures {
            chars: 60,
            words: 10,
            function_words: 4,
            terminal: true,
            letters: 50,
            ..LineFeatures::default()
        });
        let teaser = closing.map(|f| LineFeatures {
            terminal: false,
            ..f
        });
        use Location::*;
        for (after, expected) in [(closing, Body), (teaser, Tail)] {
            let features = vec![nav(), prose(400), prose(300), after, nav(), nav(), nav()];
            let l = layout(&features, &vec![false; features.len()], &settings, true);
            assert_eq!(l.location[3], expected, "{after:?}");
            assert_eq!(l.location[4], Tail);
        }
    }

    #[test]
    fn an_unterminated_prose_line_leads_the_body_but_does_not_trail_it() {
        let settings = page_settings();
        let unterminated = |chars| {
            prose(chars).map(|f| LineFeatures {
                terminal: false,
                ..f
            })
        };
        let features = vec![
            nav(),
            nav(),
            unterminated(150),
            prose(400),
            prose(300),
            unterminated(150),
            nav(),
        ];
        let l = layout(&features, &vec![false; features.len()], &settings, true);
        use Location::*;
        assert_eq!(l.initial[2], Some(Class::Short));
        assert_eq!(l.class[2], Some(Class::Good), "the lead joins the body");
        assert_eq!(l.class[5], Some(Class::Bad), "a teaser after it does not");
        assert_eq!(l.location, [Head, Head, Body, Body, Body, Tail, Tail]);
        // Without `sentence_end` such lines are judged alone, as before.
        let alone = layout(
            &features,
            &vec![false; features.len()],
            &RegionSettings {
                sentence_end: false,
                ..settings
            },
            true,
        );
        assert_eq!(alone.initial[2], Some(Class::NearGood));
    }

    #[test]
    fn a_line_a_rule_took_separates_runs_instead_of_joining_them() {
        let settings = RegionSettings {
            drop_outside: true,
            // The best run alone: the teaser weighs a third of the article.
            secondary_share: 0.0,
            ..RegionSettings::default()
        };
        // An article, a long footer a rule already took, then a teaser.
        let features = vec![prose(400), prose(300), prose(500), prose(250)];
        use Location::*;
        let unclaimed = layout(&features, &[false, false, true, false], &settings, true);
        assert_eq!(unclaimed.location, [Body, Body, Tail, Tail]);
        // Unclaimed, the footer reads as prose and the run goes on.
        let none = layout(&features, &[false; 4], &settings, true);
        assert_eq!(none.location, [Body, Body, Body, Body]);
        // Its neighbours are classified as if it were not there.
        assert_eq!(unclaimed.class[3], Some(Class::Good));
    }

    #[test]
    fn extractor_output_body_spans_first_to_last_prose_line() {
        let features = vec![short(10), prose(300), short(20), prose(90), short(10), None];
        let l = layout(
            &features,
            &vec![false; features.len()],
            &RegionSettings::default(),
            true,
        );
        use Location::*;
        assert_eq!(l.location, [Head, Body, Body, Body, Tail, Tail]);
        let none = layout(
            &[short(10), short(12)],
            &[false, false],
            &RegionSettings::default(),
            true,
        );
        assert_eq!(none.location, [Body, Body]);
    }

    #[test]
    fn a_list_a_body_sentence_introduces_stays_with_the_body() {
        let lead_in = |words: u32| {
            Some(LineFeatures {
                chars: words * 6,
                words,
                function_words: words / 2,
                letters: words * 5,
                ends_with_colon: true,
                ..LineFeatures::default()
            })
        };
        let item = || {
            Some(LineFeatures {
                bullet: true,
                ..short(30).unwrap()
            })
        };
        let features = |lead: Option<LineFeatures>| {
            vec![
                prose(400),
                prose(300),
                lead,
                item(),
                item(),
                item(),
                nav(),
                nav(),
            ]
        };
        let settings = RegionSettings::default();
        let classes = |features: &[Option<LineFeatures>]| -> Vec<Class> {
            layout(features, &vec![false; features.len()], &settings, true)
                .class
                .iter()
                .map(|c| c.unwrap())
                .collect()
        };
        use Class::*;
        assert_eq!(
            classes(&features(lead_in(9))),
            [Good, Good, Good, Good, Good, Good, Bad, Bad]
        );
        // "Related articles:" introduces other articles, not the body's.
        assert_eq!(
            classes(&features(lead_in(2))),
            [Good, Good, Bad, Bad, Bad, Bad, Bad, Bad]
        );
    }

    #[test]
    fn a_cost_per_line_ends_the_body_at_a_footer_of_short_links() {
        // An article, ten short links, then two teaser paragraphs.
        let mut features = vec![prose(400), prose(400), prose(300)];
        features.extend((0..10).map(|_| nav()));
        features.extend([prose(300), prose(300)]);
        let run = |line_cost: u32| {
            let settings = RegionSettings {
                drop_outside: true,
                line_cost,
                secondary_share: 0.0,
                ..RegionSettings::default()
            };
            let l = layout(&features, &vec![false; features.len()], &settings, true);
            l.location.iter().rposition(|&l| l == Location::Body)
        };
        assert_eq!(run(0), Some(14), "400 characters of links weigh less");
        assert_eq!(run(40), Some(2), "800 with the cost, more than the teasers");
    }

    #[test]
    fn a_second_part_of_the_article_is_body_and_a_teaser_is_not() {
        // The article, a block of links, its second part, more links and a
        // teaser paragraph.
        let mut features = vec![prose(400), prose(400), prose(400), prose(400)];
        features.extend((0..15).map(|_| nav()));
        features.push(prose(500));
        features.extend((0..12).map(|_| nav()));
        features.push(prose(250));
        let run = |secondary_share: f32| {
            let settings = RegionSettings {
                drop_outside: true,
                secondary_share,
                ..RegionSettings::default()
            };
            layout(&features, &vec![false; features.len()], &settings, true).location
        };
        use Location::*;
        let with = run(0.25);
        assert_eq!(with[..4], [Body; 4]);
        assert_eq!(with[4..19], [Tail; 15], "the links between stay out");
        assert_eq!(with[19], Body, "500 is over a quarter of 1,600");
        assert_eq!(with[32], Tail, "250 is under it");
        assert_eq!(run(0.0)[19], Tail, "0 keeps the best run alone");
    }

    #[test]
    fn a_page_without_a_body_worth_the_name_keeps_everything() {
        // A table of short rows and one sentence that reads as prose.
        let mut features: Vec<Option<LineFeatures>> = (0..20).map(|_| short(40)).collect();
        features.insert(10, prose(250));
        let run = |min_body: u32| {
            let settings = RegionSettings {
                drop_outside: true,
                min_body,
                ..RegionSettings::default()
            };
            layout(&features, &vec![false; features.len()], &settings, true).location
        };
        // The prose and the two short lines before it, its heading.
        assert!(run(400).iter().all(|&l| l == Location::Body));
        assert_eq!(run(0)[0], Location::Head);
        assert_eq!(run(0)[10], Location::Body);
    }
}
