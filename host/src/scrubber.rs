//! The public face of the host: a rule set compiled into a pool of sandboxed
//! instances, shared by any number of threads.

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::Error;
use crate::options::{CallOptions, Profile, RuleInfo, Rules};
use crate::outcome::Outcome;
use crate::plugin::{Plugin, PluginOptions};
use crate::sandbox::IdleWorkers;
use crate::worker::{RuleSource, Worker};

/// Cleans documents with one rule set inside the sandbox.
///
/// A `Scrubber` is `Send + Sync`: share it (it is cheap to clone) and call
/// [`clean`](Scrubber::clean) from as many threads as you like. Each thread
/// borrows an instance from a pool, so calls run in parallel. When a call
/// fails (deadline, memory cap, trap, an outcome that does not add up) the
/// instance it ran in is discarded, and the next call gets a fresh one: no
/// state from one document can reach another.
#[derive(Clone)]
pub struct Scrubber {
    shared: Arc<Shared>,
}

struct Shared {
    plugin: Plugin,
    source: RuleSource,
    /// The rule file text in force.
    text: String,
    /// The rule table spans point into.
    table: Vec<RuleInfo>,
    idle: IdleWorkers,
}

impl std::fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scrubber")
            .field("plugin", &self.shared.plugin)
            .finish_non_exhaustive()
    }
}

impl Scrubber {
    /// The built-in rules in the embedded component, with default limits.
    pub fn builtin() -> Result<Scrubber, Error> {
        Scrubber::new(&Plugin::embedded()?, Rules::Builtin)
    }

    /// A rule file's text applied by the embedded component.
    pub fn from_rules(rules: &str) -> Result<Scrubber, Error> {
        Scrubber::new(&Plugin::embedded()?, Rules::Text(rules.to_string()))
    }

    /// Any component file implementing `chaff:scrubber/scrub@0.1`, with
    /// default limits and cache.
    pub fn from_file(component: impl AsRef<Path>, rules: Rules) -> Result<Scrubber, Error> {
        let plugin = Plugin::from_file(component, &PluginOptions::default())?;
        Scrubber::new(&plugin, rules)
    }

    /// Compiles `rules` in `plugin`. Rule errors surface here, not on the
    /// first document.
    pub fn new(plugin: &Plugin, rules: Rules) -> Result<Scrubber, Error> {
        let source = match rules {
            Rules::Builtin => RuleSource::Profile(Profile::Extractor),
            Rules::Profile(profile) => RuleSource::Profile(profile),
            Rules::Text(text) => RuleSource::Text(text),
        };
        let mut first = plugin.sandbox().new_worker(&source)?;
        let table = first.rule_table()?;
        let text = match &source {
            RuleSource::Profile(profile) => first.profile_rules(*profile)?,
            RuleSource::Text(text) => text.clone(),
        };
        let idle = Mutex::new(Vec::new());
        plugin.sandbox().give_back(&idle, first);
        Ok(Scrubber {
            shared: Arc::new(Shared {
                plugin: plugin.clone(),
                source,
                text,
                table,
                idle,
            }),
        })
    }

    /// The plugin this scrubber runs in.
    pub fn plugin(&self) -> &Plugin {
        &self.shared.plugin
    }

    /// The rule file text in force.
    pub fn rules(&self) -> &str {
        &self.shared.text
    }

    /// Every rule in force, in file order: id, category, kind and
    /// description, as the component reports them (fetched once). Empty
    /// for components that implement only the 0.1.0 contract.
    pub fn rule_table(&self) -> &[RuleInfo] {
        &self.shared.table
    }

    /// Cleans one document.
    pub fn clean(&self, text: &str) -> Result<Outcome, Error> {
        self.clean_with(text, &CallOptions::default())
    }

    /// Cleans one document with per-call options: its URL (for rules
    /// scoped to sites), rules or categories to skip, another profile.
    pub fn clean_with(&self, text: &str, options: &CallOptions) -> Result<Outcome, Error> {
        self.check_size(0, text)?;
        let table = &self.shared.table;
        let mut outcomes = self.with_worker(|worker| worker.clean(&[text], options, table))?;
        outcomes.pop().ok_or_else(|| Error::InvalidOutcome {
            document: 0,
            problem: "no result returned for one document".into(),
        })
    }

    /// Cleans many documents with one crossing into the sandbox, and returns
    /// one result per document, in order.
    ///
    /// One bad document does not cost the batch: if the batch call fails,
    /// the documents are retried one at a time (each on a fresh instance
    /// after a failure), so the error lands on the document that caused it
    /// and every other document still gets its outcome.
    pub fn clean_batch<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Result<Outcome, Error>> {
        self.clean_batch_with(texts, &CallOptions::default())
    }

    /// [`clean_batch`](Scrubber::clean_batch) with per-call options, the
    /// same for every document (batch documents by site when rules are
    /// scoped to sites).
    pub fn clean_batch_with<S: AsRef<str>>(
        &self,
        texts: &[S],
        options: &CallOptions,
    ) -> Vec<Result<Outcome, Error>> {
        let table = &self.shared.table;
        let mut results: Vec<Option<Result<Outcome, Error>>> = Vec::with_capacity(texts.len());
        let mut batch: Vec<&str> = Vec::with_capacity(texts.len());
        let mut positions = Vec::with_capacity(texts.len());
        for (i, text) in texts.iter().enumerate() {
            let text = text.as_ref();
            match self.check_size(i, text) {
                Ok(()) => {
                    batch.push(text);
                    positions.push(i);
                    results.push(None);
                }
                Err(e) => results.push(Some(Err(e))),
            }
        }
        let mut start = 0;
        while start < batch.len() {
            let end = start + call_len(&batch[start..]);
            let (texts, positions) = (&batch[start..end], &positions[start..end]);
            let outcomes = self.with_worker(|worker| worker.clean(texts, options, table));
            match outcomes {
                Ok(outcomes) => {
                    for (position, outcome) in positions.iter().zip(outcomes) {
                        results[*position] = Some(Ok(outcome));
                    }
                }
                Err(e) if texts.len() == 1 => {
                    results[positions[0]] = Some(Err(e.for_document(positions[0])));
                }
                // Refused options concern every document alike.
                Err(Error::Options(refused)) => {
                    for position in positions {
                        results[*position] = Some(Err(Error::Options(refused.clone())));
                    }
                }
                Err(_) => {
                    for (position, text) in positions.iter().zip(texts) {
                        let single = self
                            .with_worker(|worker| worker.clean(&[text], options, table))
                            .and_then(|mut outcomes| {
                                outcomes.pop().ok_or_else(|| Error::InvalidOutcome {
                                    document: 0,
                                    problem: "no result returned for one document".into(),
                                })
                            })
                            .map_err(|e| e.for_document(*position));
                        results[*position] = Some(single);
                    }
                }
            }
            start = end;
        }
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(Error::Trap {
                        document: 0,
                        message: "internal: document skipped".into(),
                    })
                })
            })
            .collect()
    }

    /// [`clean_batch_with`](Scrubber::clean_batch_with) for documents that
    /// each come with their own URL (`urls[i]` for `texts[i]`; missing or
    /// `None`: no site): site rules are picked per call, so the documents
    /// go in one batch call per distinct URL. Results in input order.
    pub fn clean_batch_by_url<S: AsRef<str>>(
        &self,
        texts: &[S],
        urls: &[Option<String>],
        options: &CallOptions,
    ) -> Vec<Result<Outcome, Error>> {
        let mut groups: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
        let mut group_of: std::collections::HashMap<Option<&str>, usize> =
            std::collections::HashMap::new();
        for i in 0..texts.len() {
            let url = urls.get(i).and_then(Option::as_deref);
            let g = *group_of.entry(url).or_insert_with(|| {
                groups.push((url, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(i);
        }
        let mut results: Vec<Option<Result<Outcome, Error>>> =
            (0..texts.len()).map(|_| None).collect();
        for (url, members) in groups {
            let batch: Vec<&str> = members.iter().map(|&i| texts[i].as_ref()).collect();
            let options = CallOptions {
                url: url.map(str::to_string),
                ..options.clone()
            };
            for (i, result) in members
                .into_iter()
                .zip(self.clean_batch_with(&batch, &options))
            {
                results[i] = Some(result);
            }
        }
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(Error::InvalidOutcome {
                        document: 0,
                        problem: "internal: no result for a document".into(),
                    })
                })
            })
            .collect()
    }

    fn check_size(&self, document: usize, text: &str) -> Result<(), Error> {
        let limit = self.shared.plugin.limits().max_input_bytes;
        if text.len() > limit {
            return Err(Error::InputTooLarge {
                document,
                len: text.len(),
                limit,
            });
        }
        Ok(())
    }

    /// Runs `call` on an idle instance (or a new one), and returns the
    /// instance to the pool only if the call succeeded.
    fn with_worker<R>(
        &self,
        call: impl FnOnce(&mut Worker) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let sandbox = self.shared.plugin.sandbox();
        let mut worker = sandbox.take_worker(&self.shared.idle, &self.shared.source)?;
        let result = call(&mut worker);
        if result.is_ok() {
            sandbox.give_back(&self.shared.idle, worker);
        }
        result
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.plugin.sandbox().release(&mut self.idle);
    }
}

/// Most text one batch call carries into the sandbox. A call copies all its
/// documents in before cleaning the first, so a large call cleans from
/// memory the copy has pushed out of the cache; beyond about a megabyte
/// that costs more than the crossings batching saves (measured with
/// `cargo bench -p chaff --bench throughput`: 16 documents of up to 1 MB
/// per call ran 20% slower than one call each).
const CALL_BYTES: usize = 1 << 20;

/// How many of `texts`, from the first, go into the next call: at least
/// one, and no more than [`CALL_BYTES`] of text unless the first is larger.
fn call_len(texts: &[&str]) -> usize {
    let mut bytes = 0;
    let mut n = 0;
    for text in texts {
        bytes += text.len();
        if n > 0 && bytes > CALL_BYTES {
            break;
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_carry_about_a_megabyte_and_at_least_one_document() {
        let small = "x".repeat(1000);
        let big = "y".repeat(3 << 20);
        let smalls: Vec<&str> = vec![small.as_str(); 5000];
        assert_eq!(call_len(&smalls), CALL_BYTES / 1000);
        assert_eq!(call_len(&[big.as_str(), small.as_str()]), 1);
        assert_eq!(call_len(&[small.as_str(), big.as_str()]), 1);
        assert_eq!(call_len(&[small.as_str(); 3]), 3);
        assert_eq!(call_len(&[]), 0);
    }
}
