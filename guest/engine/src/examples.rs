//! Rules pinned by their own examples.
//!
//! Any rule may list `examples` (texts it must remove) and `keeps`
//! (look-alikes that must stay). They document the rule where it is
//! written, and [`check_examples`] turns them into a test: each text is
//! cleaned with the whole rule set, inside a short neutral article, and
//! every example that is not removed by its own rule, and every keep that
//! loses a byte, is reported. A rule that never fires on any fixture is
//! still pinned by its examples, and a change to a rule (or to a rule
//! before it) that breaks one shows which rule and which text.
//!
//! Cleaning never reads examples: [`crate::Scrubber::new`] does not copy
//! them, so a rule file full of them cleans as fast as one without.

use std::fmt;

use crate::error::RuleError;
use crate::features::{self, FunctionWords, MAX_LANGUAGES};
use crate::lines;
use crate::region::Location;
use crate::rules::{Rule, RuleBody, RuleSet};
use crate::scrubber::Scrubber;

/// Which list of a rule a checked text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// `examples`: the rule must remove it.
    Example,
    /// `keeps`: no rule may remove it.
    Keep,
}

impl ExampleKind {
    /// The field's name in the rule file, singular (`example`, `keep`).
    pub fn name(self) -> &'static str {
        match self {
            ExampleKind::Example => "example",
            ExampleKind::Keep => "keep",
        }
    }
}

/// What went wrong with one example or keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleProblem {
    /// An example nothing removed.
    NotRemoved,
    /// An example its rule removed only part of (not an `inline-span`
    /// rule, which cuts spans out of a line that stays, nor a
    /// `repeated-line` rule with `keep_first`, which leaves the first copy).
    /// `kept`: what was left of it, trimmed.
    PartlyKept {
        /// The text of the example that stayed.
        kept: String,
    },
    /// An example (or part of one) that other rules removed: the rule it
    /// belongs to is not what takes it. `rules`: their ids, in the order
    /// their removals come in the text.
    TakenByOther {
        /// Ids of the rules that removed part or all of it.
        rules: Vec<String>,
    },
    /// A keep that was removed, wholly or in part.
    Removed {
        /// Ids of the rules that removed it, in text order.
        rules: Vec<String>,
        /// The bytes they cut, in order.
        removed: String,
    },
}

/// An example that was not removed by its rule, or a keep that was
/// removed ([`check_examples`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Id of the rule the text belongs to.
    pub rule: String,
    /// Whether it is one of the rule's `examples` or `keeps`.
    pub kind: ExampleKind,
    /// 1-based position in that list.
    pub index: usize,
    /// The text, as the rule file gives it (trimmed).
    pub text: String,
    /// Where in the checking article it stood ([`check_examples`]).
    pub location: Location,
    /// What went wrong.
    pub problem: ExampleProblem,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match self.location {
            Location::Head => "before the article",
            Location::Body => "inside the article",
            Location::Tail => "after the article",
        };
        write!(
            f,
            "rule `{}`, {} {} ({place}) {:?}: ",
            self.rule,
            self.kind.name(),
            self.index,
            self.text
        )?;
        let ids = |rules: &[String]| {
            rules
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &self.problem {
            ExampleProblem::NotRemoved => f.write_str("not removed"),
            ExampleProblem::PartlyKept { kept } => {
                write!(f, "`{}` removed only part of it; left: {kept:?}", self.rule)
            }
            ExampleProblem::TakenByOther { rules } => {
                write!(f, "removed by {} instead", ids(rules))
            }
            ExampleProblem::Removed { rules, removed } => {
                write!(f, "removed by {}: {removed:?}", ids(rules))
            }
        }
    }
}

/// Checks every rule's `examples` and `keeps` against the whole rule set
/// and returns what failed, in rule order (empty: every rule does what its
/// examples say). Fails only if the rule set does not compile.
///
/// This is what pins a rule: fixtures show what the rule set does to whole
/// documents, but a rule that no fixture happens to exercise can break
/// (or be shadowed by a rule before it) unnoticed. Each rule's own texts
/// say what it must take and what it must leave.
///
/// **The article.** Each text is cleaned on its own, inside a neutral
/// article of two prose paragraphs (about a town library; in the text's
/// language when it is one of `en de fr es pt it nl pl id`, told by the
/// rule set's function words, else English), so that rules which depend
/// on where the body is see one. The text goes where its rule acts: after
/// the article when the rule may act there (`at` with `tail`, a
/// `content-region` rule, which acts outside the body, or a
/// `headline-list` with only `tail_min_items`), else before it (`at` with
/// `head` only), else between its paragraphs (every other rule, and `at =
/// ["body"]`). A text may hold several lines (a heading and its list, a
/// line said twice); context a rule needs beyond that is written in the
/// text itself (`Sport` followed by a paragraph of prose, to show that a
/// section name used as a heading inside the body stays).
///
/// **An example** passes when its rule removed part of it, no other rule
/// removed any of it, and, except for `inline-span` rules (which cut
/// spans out of a line that stays), nothing but white space of it is left.
/// An example another rule takes fails, naming that rule: the point is to
/// pin this rule, and a rule earlier in the file that claims the line
/// first would otherwise hide that this one no longer matches.
///
/// **A keep** passes when no rule removed any of it. One exception: a keep
/// placed before or after the article may be dropped by the set's
/// `content-region` rule (the `page` profile drops every non-prose line
/// outside the body); that shows nothing about the rule the keep belongs
/// to, unless the keep belongs to that region rule.
///
/// Rules switched off (`enabled = false`, `disable`) are not checked; an
/// inherited rule's texts are checked against the whole set, so a user's
/// rule that removes a built-in rule's keep is reported.
pub fn check_examples(rules: &RuleSet) -> Result<Vec<ExampleFailure>, RuleError> {
    let scrubber = Scrubber::new(rules)?;
    let words = FunctionWords::new(&rules.function_words);
    let regions: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| matches!(r.body, RuleBody::ContentRegion { .. }))
        .map(|r| r.id.as_str())
        .collect();
    let mut failures = Vec::new();
    for rule in &rules.rules {
        let location = placement(rule);
        // Rules that by design leave part of an example in place.
        let partial = matches!(
            rule.body,
            RuleBody::InlineSpan { .. }
                | RuleBody::RepeatedLine {
                    keep_first: true,
                    ..
                }
        );
        // A rule scoped to sites is checked on a document of its first site.
        let site = rule
            .sites
            .as_ref()
            .and_then(|s| s.first())
            .map(String::as_str);
        for (kind, list) in [
            (ExampleKind::Example, &rule.examples),
            (ExampleKind::Keep, &rule.keeps),
        ] {
            for (i, text) in list.iter().enumerate() {
                let (document, span) = in_article(text, location, &words);
                let excused = |id: &str| {
                    kind == ExampleKind::Keep
                        && location != Location::Body
                        && id != rule.id
                        && regions.contains(&id)
                };
                let mut taken: Vec<(&str, usize)> = Vec::new();
                let mut removed = String::new();
                let mut kept = String::new();
                let mut pos = span.0;
                for r in scrubber.scan_for(&document, site) {
                    let (start, end) = (r.start.max(span.0), r.end.min(span.1));
                    if start >= end || excused(r.rule) {
                        continue;
                    }
                    kept.push_str(&document[pos..start]);
                    removed.push_str(&document[start..end]);
                    pos = end;
                    match taken.iter_mut().find(|(id, _)| *id == r.rule) {
                        Some(slot) => slot.1 += end - start,
                        None => taken.push((r.rule, end - start)),
                    }
                }
                kept.push_str(&document[pos..span.1]);
                let others: Vec<String> = taken
                    .iter()
                    .filter(|(id, _)| *id != rule.id)
                    .map(|(id, _)| id.to_string())
                    .collect();
                let problem = match kind {
                    ExampleKind::Keep if taken.is_empty() => continue,
                    ExampleKind::Keep => ExampleProblem::Removed {
                        rules: taken.iter().map(|(id, _)| id.to_string()).collect(),
                        removed,
                    },
                    ExampleKind::Example if !others.is_empty() => {
                        ExampleProblem::TakenByOther { rules: others }
                    }
                    ExampleKind::Example if taken.is_empty() => ExampleProblem::NotRemoved,
                    ExampleKind::Example if !partial && !kept.trim().is_empty() => {
                        ExampleProblem::PartlyKept {
                            kept: kept.trim().to_string(),
                        }
                    }
                    ExampleKind::Example => continue,
                };
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    kind,
                    index: i + 1,
                    text: text.clone(),
                    location,
                    problem,
                });
            }
        }
    }
    Ok(failures)
}

/// Where a rule's texts go in the checking article: where the rule acts,
/// the end first (see [`check_examples`]).
fn placement(rule: &Rule) -> Location {
    let at = rule.at.unwrap_or(match &rule.body {
        RuleBody::ContentRegion { .. } => Location::Tail.bit(),
        RuleBody::HeadlineList { headings, .. } if headings.is_empty() => Location::Tail.bit(),
        _ => Location::Body.bit(),
    });
    if at & Location::Tail.bit() != 0 {
        Location::Tail
    } else if at & Location::Head.bit() != 0 {
        Location::Head
    } else {
        Location::Body
    }
}

/// The checking article with `text` at `location`, and the byte range of
/// `text` (with its line feed) in it.
fn in_article(text: &str, location: Location, words: &FunctionWords) -> (String, (usize, usize)) {
    let (first, second) = context(text, words);
    let (before, after) = match location {
        Location::Head => (String::new(), format!("\n{first}\n\n{second}\n")),
        Location::Body => (format!("{first}\n\n"), format!("\n{second}\n")),
        Location::Tail => (format!("{first}\n\n{second}\n\n"), String::new()),
    };
    let span = (before.len(), before.len() + text.len() + 1);
    (format!("{before}{text}\n{after}"), span)
}

/// The two paragraphs around a text: in the language whose function words
/// it holds most of (the first listed wins a tie), English when none.
fn context(text: &str, words: &FunctionWords) -> (&'static str, &'static str) {
    let mut totals = [0u32; MAX_LANGUAGES];
    for line in lines::split(text) {
        let mut hits = [0; MAX_LANGUAGES];
        features::line_features(line.trimmed(text), words, &mut hits);
        for (total, n) in totals.iter_mut().zip(hits) {
            *total += n;
        }
    }
    let best = totals
        .iter()
        .enumerate()
        .take(words.languages().len())
        .filter(|&(_, &n)| n > 0)
        .max_by_key(|&(i, &n)| (n, std::cmp::Reverse(i)))
        .map(|(i, _)| words.languages()[i].as_str());
    let pick = |code: &str| ARTICLES.iter().find(|(c, _, _)| *c == code);
    let (_, first, second) = best.and_then(pick).unwrap_or(&ARTICLES[0]);
    (first, second)
}

/// The neutral article, per language: two paragraphs of plain prose (long,
/// full of function words, ending in full stops) that no built-in rule
/// touches. English first: the fallback.
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "en",
        "The town council met on Tuesday evening to talk about the old library, which has been closed since the storm in the spring. Most of the members said that they would like to see it open again before the end of the year.",
        "Work on the roof is expected to take about six weeks, and the council will then ask the people who live in the area what they would like the building to be used for. A decision on the plan is due in the autumn, after a public meeting.",
    ),
    (
        "de",
        "Der Gemeinderat hat am Dienstagabend über die Zukunft der alten Bibliothek beraten, die seit dem Sturm im Frühjahr geschlossen ist. Die meisten Mitglieder wollen, dass sie noch vor dem Ende des Jahres wieder für alle geöffnet wird.",
        "Die Arbeiten an dem Dach sollen etwa sechs Wochen dauern. Danach will der Rat die Menschen, die in der Nähe wohnen, fragen, wofür das Gebäude in Zukunft genutzt werden soll. Eine Entscheidung wird für den Herbst erwartet.",
    ),
    (
        "fr",
        "Le conseil municipal s'est réuni mardi soir pour parler de l'avenir de la vieille bibliothèque, qui est fermée depuis la tempête du printemps. La plupart des membres veulent qu'elle soit de nouveau ouverte avant la fin de l'année.",
        "Les travaux sur le toit doivent durer environ six semaines. Le conseil demandera ensuite aux habitants du quartier ce qu'ils souhaitent faire du bâtiment quand il sera prêt. Une décision est attendue pour l'automne.",
    ),
    (
        "es",
        "El consejo municipal se reunió el martes por la noche para hablar del futuro de la vieja biblioteca, que está cerrada desde la tormenta de la primavera. La mayoría de los miembros quiere que vuelva a abrir antes del final del año.",
        "Las obras en el tejado durarán unas seis semanas. Después el consejo preguntará a los vecinos del barrio qué quieren hacer con el edificio cuando esté listo. Se espera una decisión para el otoño, según el alcalde.",
    ),
    (
        "pt",
        "A câmara municipal reuniu-se na terça-feira à noite para falar do futuro da velha biblioteca, que está fechada desde a tempestade da primavera. A maioria dos membros quer que ela volte a abrir antes do fim do ano.",
        "As obras no telhado devem durar cerca de seis semanas. Depois a câmara vai perguntar aos moradores do bairro o que eles querem fazer com o edifício quando ele estiver pronto. Uma decisão é esperada para o outono.",
    ),
    (
        "it",
        "Il consiglio comunale si è riunito martedì sera per parlare del futuro della vecchia biblioteca, che è chiusa dalla tempesta della primavera. La maggior parte dei membri vuole che sia di nuovo aperta prima della fine dell'anno.",
        "I lavori sul tetto dovrebbero durare circa sei settimane. Poi il consiglio chiederà agli abitanti del quartiere che cosa vogliono fare con l'edificio quando sarà pronto. Una decisione è attesa per l'autunno.",
    ),
    (
        "nl",
        "De gemeenteraad heeft dinsdagavond gesproken over de toekomst van de oude bibliotheek, die sinds de storm in het voorjaar gesloten is. De meeste leden willen dat die nog voor het einde van het jaar weer open gaat.",
        "Het werk aan het dak zal ongeveer zes weken duren. Daarna wil de raad aan de mensen die in de buurt wonen vragen wat ze met het gebouw willen doen als het klaar is. Een besluit wordt in de herfst verwacht.",
    ),
    (
        "pl",
        "Rada miejska spotkała się we wtorek wieczorem, aby porozmawiać o przyszłości starej biblioteki, która jest zamknięta od wiosennej burzy. Większość członków chce, aby została ona ponownie otwarta jeszcze przed końcem roku.",
        "Prace na dachu mają potrwać około sześciu tygodni. Potem rada zapyta mieszkańców okolicy, co chcą zrobić z budynkiem, kiedy będzie on gotowy. Decyzja w tej sprawie ma zapaść jesienią, jak powiedział nam burmistrz.",
    ),
    (
        "id",
        "Dewan kota bertemu pada Selasa malam untuk membahas masa depan perpustakaan lama yang sudah ditutup sejak badai pada musim hujan. Sebagian besar anggota ingin agar perpustakaan itu dibuka lagi sebelum akhir tahun ini.",
        "Pekerjaan pada atap akan memakan waktu sekitar enam minggu. Setelah itu dewan akan bertanya kepada warga yang tinggal di sekitar tempat itu tentang apa yang mereka inginkan untuk gedung tersebut. Keputusan akan diambil pada akhir tahun ini.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Class;

    /// Every paragraph of every article reads as good prose in its own
    /// language, in both profiles, and no built-in rule touches it.
    #[test]
    fn the_articles_are_plain_prose() {
        for profile in ["builtin", "builtin:page"] {
            let set = RuleSet::named(profile).unwrap();
            let scrubber = Scrubber::new(&set).unwrap();
            let words = FunctionWords::new(&set.function_words);
            for (code, first, second) in ARTICLES {
                let document = format!("{first}\n\n{second}\n");
                assert!(scrubber.scan(&document).is_empty(), "{profile} {code}");
                assert_eq!(context(&document, &words).0, *first, "{code}");
                for report in scrubber.line_reports(&document) {
                    if report.features.is_some() {
                        assert_eq!(report.initial, Some(Class::Good), "{code}: {report:?}");
                        assert_eq!(report.language.as_deref(), Some(*code));
                    }
                }
            }
        }
    }

    #[test]
    fn placement_follows_where_the_rule_acts() {
        let set = RuleSet::named("builtin:page").unwrap();
        let place = |id: &str| placement(set.rules.iter().find(|r| r.id == id).unwrap());
        assert_eq!(place("credit.label"), Location::Body);
        assert_eq!(place("metadata.taxonomy"), Location::Tail);
        assert_eq!(place("related-list.tail"), Location::Tail);
        assert_eq!(place("related-list.headed"), Location::Body);
        assert_eq!(place("region.outside-body"), Location::Tail);
    }
}
