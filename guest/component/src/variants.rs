//! The rule-set variants that calls' options ask for: rules skipped by id
//! or category, or the rules read on another built-in profile.
//!
//! A pipeline asks for the same options on every call (a run that skips
//! `metadata` skips it everywhere), so each distinct request is compiled
//! once and kept; a handful are kept at most, so a caller cycling through
//! many option sets costs compile time, never unbounded memory. The site
//! (`url`) is not part of a variant: site rules are chosen per call inside
//! the engine, at no compile cost.
//!
//! Spans name their rule by index into one table per scrubber that never
//! changes: every rule a call can apply, the scrubber's own rules first
//! (file order), then those only another built-in profile adds. A
//! variant's own rule indices are mapped into it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chaff_engine::{RuleError, RuleInfo, RuleSet, Scrubber, SkipError};

use crate::exports::chaff::scrubber::scrub::{Options, OptionsError, Profile};

/// Most variants one scrubber keeps besides its own rules.
const MAX_VARIANTS: usize = 8;

/// Where a scrubber's rules came from, so they can be read again on
/// another profile.
pub(crate) enum Source {
    Builtin(Profile),
    Text(String),
}

/// What a variant differs in: the profile it was read on (`None` for the
/// scrubber's own) and what it skips, sorted.
#[derive(PartialEq, Eq)]
struct Key {
    profile: Option<&'static str>,
    skip_categories: Vec<String>,
    skip_rules: Vec<String>,
}

/// A compiled variant and where its rule indices sit in the table.
type Variant = (Rc<Scrubber>, Rc<[u32]>);

/// The rules chosen for a call, and where their indices sit in the table
/// (`None`: the same place).
pub(crate) type Chosen = (Rc<Scrubber>, Option<Rc<[u32]>>);

/// A scrubber's own rules and the variants made from them.
pub(crate) struct Variants {
    source: Source,
    set: RuleSet,
    base: Rc<Scrubber>,
    /// Every rule a call can apply (see the module's documentation).
    table: Vec<RuleInfo>,
    index: HashMap<String, u32>,
    made: RefCell<Vec<(Key, Variant)>>,
}

/// The name `extends` uses for a built-in profile.
pub(crate) fn profile_name(profile: Profile) -> &'static str {
    match profile {
        Profile::Extractor => "builtin",
        Profile::Page => "builtin:page",
    }
}

impl Variants {
    pub(crate) fn new(source: Source, set: RuleSet) -> Result<Variants, RuleError> {
        let base = Rc::new(Scrubber::new(&set)?);
        let mut variants = Variants {
            source,
            set,
            table: base.rules().to_vec(),
            index: HashMap::new(),
            base,
            made: RefCell::new(Vec::new()),
        };
        for profile in [Profile::Extractor, Profile::Page] {
            // A built-in scrubber's own profile is its table already.
            if matches!(variants.source, Source::Builtin(own) if own == profile) {
                continue;
            }
            // A file on no built-in base has no other profile to offer.
            if let Ok(other) = variants.read_on(profile_name(profile)) {
                for rule in other.table() {
                    if !variants.table.iter().any(|r| r.id == rule.id) {
                        variants.table.push(rule);
                    }
                }
            }
        }
        variants.index = variants
            .table
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Ok(variants)
    }

    /// The scrubber's own rules, for calls without options.
    pub(crate) fn base(&self) -> &Scrubber {
        &self.base
    }

    /// Every rule a call can apply: what spans index into.
    pub(crate) fn table(&self) -> &[RuleInfo] {
        &self.table
    }

    /// The rules a call's options ask for, and where each of their rule
    /// indices sits in the table (`None`: the same place).
    pub(crate) fn for_options(&self, options: &Options) -> Result<Chosen, OptionsError> {
        let key = self.key(options);
        if key.profile.is_none() && key.skip_categories.is_empty() && key.skip_rules.is_empty() {
            return Ok((Rc::clone(&self.base), None));
        }
        if let Some((_, (found, map))) = self.made.borrow().iter().find(|(k, _)| *k == key) {
            return Ok((Rc::clone(found), Some(Rc::clone(map))));
        }
        let set = match key.profile {
            None => self.set.clone(),
            Some(profile) => self.read_on(profile)?,
        };
        let set = set
            .without(&key.skip_categories, &key.skip_rules)
            .map_err(|e| match e {
                SkipError::UnknownRule(id) => OptionsError::UnknownRule(id),
                SkipError::UnknownCategory(c) => OptionsError::UnknownCategory(c),
            })?;
        let scrubber = Rc::new(
            Scrubber::new(&set).map_err(|e| OptionsError::ProfileUnavailable(e.to_string()))?,
        );
        let map: Rc<[u32]> = scrubber
            .rules()
            .iter()
            .map(|r| self.index.get(&r.id).copied())
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| {
                OptionsError::ProfileUnavailable(
                    "the rules read on that profile include a rule the table lacks".into(),
                )
            })?
            .into();
        let mut made = self.made.borrow_mut();
        if made.len() >= MAX_VARIANTS {
            made.remove(0);
        }
        made.push((key, (Rc::clone(&scrubber), Rc::clone(&map))));
        Ok((scrubber, Some(map)))
    }

    fn key(&self, options: &Options) -> Key {
        let own = match &self.source {
            Source::Builtin(profile) => Some(profile_name(*profile)),
            Source::Text(_) => None,
        };
        let profile = options
            .profile
            .map(profile_name)
            .filter(|p| Some(*p) != own);
        let sorted = |list: &[String]| {
            let mut list = list.to_vec();
            list.sort();
            list.dedup();
            list
        };
        Key {
            profile,
            skip_categories: sorted(&options.skip_categories),
            skip_rules: sorted(&options.skip_rules),
        }
    }

    /// The scrubber's rules read on another built-in profile.
    fn read_on(&self, profile: &'static str) -> Result<RuleSet, OptionsError> {
        let read = match &self.source {
            Source::Builtin(_) => RuleSet::named(profile),
            Source::Text(text) => RuleSet::parse_on_profile(text, profile),
        };
        read.map_err(|e| OptionsError::ProfileUnavailable(e.to_string()))
    }
}
