//! A component that implements `chaff:scrubber/scrub` and misbehaves on
//! request, so the host's limits and checks can be tested against a real
//! component rather than a mock.
//!
//! The first word of each document picks the behaviour:
//!
//! | first word  | `clean` does                                        |
//! |-------------|-----------------------------------------------------|
//! | `LOOP`      | loops forever (deadline)                            |
//! | `GROW`      | allocates without bound (memory cap)                |
//! | `TRAP`      | panics, which is a trap under `panic = abort`       |
//! | `BADSPAN`   | reports a removal past the end of the input         |
//! | `ADDTEXT`   | returns text that was not in the input              |
//! | `OVERLAP`   | reports overlapping removals                        |
//! | `BADRULE`   | reports a span naming a rule the table lacks (0.1.1) |
//! | `ESCAPE`    | removes the first line under a rule id and category full of terminal escape sequences |
//! | anything else | behaves: removes every line starting with `JUNK` |
//!
//! `from-rules` refuses a rule text that says `refuse`, with a message full
//! of terminal escape sequences when it says `refuse-escape`.
//!
//! Built twice: against the current contract (0.1.1), and with the feature
//! `contract-0-1-0` against the first release, so the host's fallback for
//! old components is tested on a real one.

/// The bindings wit-bindgen generates from the WIT, and the export of
/// [`Hostile`]: the canonical-ABI glue, the only unsafe code in this crate.
#[allow(
    unsafe_code,
    reason = "wit-bindgen's generated glue exports raw functions and lifts and lowers through raw pointers"
)]
mod bindings {
    #[cfg(not(feature = "contract-0-1-0"))]
    wit_bindgen::generate!({
        path: "../../wit/chaff.wit",
        world: "chaff:scrubber/plugin",
    });

    #[cfg(feature = "contract-0-1-0")]
    wit_bindgen::generate!({
        path: "../../wit/compat/chaff-0.1.0.wit",
        world: "chaff:scrubber/plugin",
    });

    use super::Hostile;
    export!(Hostile);
}

use bindings::exports;

#[cfg(not(feature = "contract-0-1-0"))]
use exports::chaff::scrubber::scrub::{
    Cleaned, FileProblem, Options, OptionsError, Profile, RuleInfo, RuleProblem, RulesError, Span,
};
use exports::chaff::scrubber::scrub::{
    Guest, GuestScrubber, Outcome, Removal, RuleError, Scrubber,
};

struct Hostile;

struct Rules;

impl Guest for Hostile {
    type Scrubber = Rules;

    fn builtin_rules() -> String {
        "# hostile test component: no real rules\n".to_string()
    }

    fn clean_builtin(text: String) -> Outcome {
        clean(&text)
    }

    #[cfg(not(feature = "contract-0-1-0"))]
    fn profile_rules(_profile: Profile) -> String {
        Self::builtin_rules()
    }
}

impl GuestScrubber for Rules {
    fn from_rules(rules: String) -> Result<Scrubber, RuleError> {
        if rules.contains("refuse-escape") {
            return Err(RuleError {
                rule: Some(format!("hostile{ESCAPES}")),
                field: Some(format!("pattern{ESCAPES}")),
                line: None,
                column: None,
                message: format!("refused{ESCAPES} on request"),
            });
        }
        if rules.contains("refuse") {
            return Err(RuleError {
                rule: Some("hostile.refuse".into()),
                field: Some("pattern".into()),
                line: None,
                column: None,
                message: "refused on request".into(),
            });
        }
        Ok(Scrubber::new(Rules))
    }

    fn clean(&self, text: String) -> Outcome {
        clean(&text)
    }

    fn clean_batch(&self, texts: Vec<String>) -> Vec<Outcome> {
        texts.iter().map(|t| clean(t)).collect()
    }

    fn scan(&self, text: String) -> Vec<Removal> {
        clean(&text).removals
    }

    fn scan_batch(&self, texts: Vec<String>) -> Vec<Vec<Removal>> {
        texts.iter().map(|t| clean(t).removals).collect()
    }

    #[cfg(not(feature = "contract-0-1-0"))]
    fn from_builtin(_profile: Profile) -> Scrubber {
        Scrubber::new(Rules)
    }

    #[cfg(not(feature = "contract-0-1-0"))]
    fn compile(rules: String) -> Result<Scrubber, RulesError> {
        Self::from_rules(rules).map_err(|e| match e.rule {
            Some(rule) => RulesError::Rule(RuleProblem {
                rule,
                field: e.field,
                message: e.message,
            }),
            None => RulesError::File(FileProblem {
                field: e.field,
                message: e.message,
            }),
        })
    }

    #[cfg(not(feature = "contract-0-1-0"))]
    fn rules(&self) -> Vec<RuleInfo> {
        TABLE
            .iter()
            .map(|(id, category)| RuleInfo {
                id: id.to_string(),
                category: category.to_string(),
                kind: "phrases".into(),
                description: String::new(),
            })
            .map(|mut info| {
                if info.id == "hostile" {
                    info.id = format!("hostile{ESCAPES}");
                    info.category = format!("test{ESCAPES}");
                }
                info
            })
            .collect()
    }

    #[cfg(not(feature = "contract-0-1-0"))]
    fn scan_documents(
        &self,
        texts: Vec<String>,
        options: Options,
    ) -> Result<Vec<Vec<Span>>, OptionsError> {
        if let Some(id) = options.skip_rules.first() {
            return Err(OptionsError::UnknownRule(id.clone()));
        }
        Ok(texts.iter().map(|t| spans(t)).collect())
    }

    #[cfg(not(feature = "contract-0-1-0"))]
    fn clean_documents(
        &self,
        texts: Vec<String>,
        options: Options,
    ) -> Result<Vec<Cleaned>, OptionsError> {
        let spans = self.scan_documents(texts.clone(), options)?;
        Ok(texts
            .iter()
            .zip(spans)
            .map(|(t, spans)| Cleaned {
                text: clean(t).text,
                spans,
            })
            .collect())
    }
}

/// The rule table of the 0.1.1 build: `hostile.junk`, and a rule whose
/// names are full of escape sequences (index 1).
#[cfg(not(feature = "contract-0-1-0"))]
const TABLE: [(&str, &str); 2] = [("hostile.junk", "test"), ("hostile", "test")];

/// `clean`'s removals as 0.1.1 spans, plus the 0.1.1-only misbehaviour.
#[cfg(not(feature = "contract-0-1-0"))]
fn spans(text: &str) -> Vec<Span> {
    if text.starts_with("BADRULE") {
        return vec![Span {
            rule: 99,
            start: 0,
            end: text.len() as u32,
        }];
    }
    clean(text)
        .removals
        .into_iter()
        .map(|r| Span {
            rule: u32::from(r.rule != "hostile.junk"),
            start: r.start,
            end: r.end,
        })
        .collect()
}

/// Sequences a terminal would act on: set the title, clear the screen, an
/// 8-bit CSI, a right-to-left override.
const ESCAPES: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

fn removal(start: usize, end: usize) -> Removal {
    Removal {
        rule: "hostile.junk".into(),
        category: "test".into(),
        start: start as u32,
        end: end as u32,
    }
}

fn clean(text: &str) -> Outcome {
    let first_word = text.split_whitespace().next().unwrap_or("");
    match first_word {
        "LOOP" => {
            let mut n: u64 = 0;
            loop {
                n = std::hint::black_box(n.wrapping_add(1));
            }
        }
        "GROW" => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; 1 << 20]);
                std::hint::black_box(&hoard);
            }
        }
        "TRAP" => panic!("trap requested by the document"),
        "BADSPAN" => Outcome {
            text: String::new(),
            removals: vec![removal(0, text.len() + 10)],
        },
        "ADDTEXT" => Outcome {
            text: format!("{text}\nsomething the input never said"),
            removals: vec![],
        },
        "ESCAPE" => {
            let end = text.find('\n').map_or(text.len(), |i| i + 1);
            Outcome {
                text: text[end..].to_string(),
                removals: vec![Removal {
                    rule: format!("hostile{ESCAPES}"),
                    category: format!("test{ESCAPES}"),
                    start: 0,
                    end: end as u32,
                }],
            }
        }
        "OVERLAP" => Outcome {
            text: String::new(),
            removals: vec![removal(0, 4), removal(2, text.len())],
        },
        _ => {
            let mut kept = String::new();
            let mut removals = Vec::new();
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                if line.starts_with("JUNK") {
                    removals.push(removal(pos, pos + line.len()));
                } else {
                    kept.push_str(line);
                }
                pos += line.len();
            }
            Outcome {
                text: kept,
                removals,
            }
        }
    }
}
