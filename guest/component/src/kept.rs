//! Compiled rule sets kept in the instance's globals.
//!
//! Compiling a rule set (regexes with Unicode classes, Aho-Corasick
//! automata) is by far the most expensive thing an instance does. The host
//! pre-initialises the component (wasmtime-wizer): it asks for the built-in
//! profiles, and for a user's rule file, then snapshots the instance's
//! memory. Every instance started from that snapshot finds the compiled
//! sets here, so `from-builtin` and `compile` of the same text return at
//! once. An instance that was not pre-initialised fills the same globals on
//! first use, which also makes a second `from-builtin` in it free.
//!
//! Only the built-in profiles and the most recent rule text are kept, so
//! an instance that compiles many rule files holds one of them at most.

use std::cell::RefCell;
use std::rc::Rc;

use chaff_engine::RuleError;

use crate::exports::chaff::scrubber::scrub::Profile;
use crate::variants::Variants;

thread_local! {
    // wasm32-unknown-unknown has no threads: these are plain globals.
    static BUILTIN: RefCell<[Option<Rc<Variants>>; 2]> = const { RefCell::new([None, None]) };
    static TEXT: RefCell<Option<(String, Rc<Variants>)>> = const { RefCell::new(None) };
}

/// The compiled built-in `profile`, made by `make` the first time.
pub(crate) fn builtin(profile: Profile, make: impl FnOnce() -> Variants) -> Rc<Variants> {
    let slot = match profile {
        Profile::Extractor => 0,
        Profile::Page => 1,
    };
    if let Some(found) = BUILTIN.with_borrow(|kept| kept[slot].clone()) {
        return found;
    }
    let made = Rc::new(make());
    BUILTIN.with_borrow_mut(|kept| kept[slot] = Some(Rc::clone(&made)));
    made
}

/// The compiled rule file `text`: the kept one when it is the same text,
/// else made by `make` (and kept in place of the previous one).
pub(crate) fn text(
    text: String,
    make: impl FnOnce(String) -> Result<Variants, RuleError>,
) -> Result<Rc<Variants>, RuleError> {
    let found = TEXT.with_borrow(|kept| match kept {
        Some((kept_text, variants)) if *kept_text == text => Some(Rc::clone(variants)),
        _ => None,
    });
    if let Some(found) = found {
        return Ok(found);
    }
    let made = Rc::new(make(text.clone())?);
    TEXT.with_borrow_mut(|kept| *kept = Some((text, Rc::clone(&made))));
    Ok(made)
}
