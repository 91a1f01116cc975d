//! Pre-initialising the component: an instance with its rules compiled,
//! turned back into a component (wasmtime-wizer).
//!
//! wasmtime-wizer instruments the component so that its memories and
//! globals can be read from outside, we instantiate that and ask it for
//! the built-in profiles (and a rule file's text), which the guest keeps
//! in its globals (`guest/component/src/kept.rs`), and wizer writes the
//! memory and globals back as the initial state of a new component. That
//! component has the same exports and imports nothing; every instance of
//! it starts with the rule sets compiled, mapped copy-on-write from the
//! compiled artefact.
//!
//! Only wizer's two halves (`instrument_component`, `snapshot_component`)
//! are used: running the instrumented component is ours, in a store with
//! the plugin's deadline and memory cap, so nothing here runs unlimited.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use wasmtime::component::{Component, Instance, Lift, Linker, WasmList};
use wasmtime::{Engine, Store};
use wasmtime_wizer::ComponentInstanceState;
use wasmtime_wizer::Wizer;

use crate::bindings::current;
use crate::limits::Limits;
use crate::options::Profile;
use crate::state::WorkerState;

/// The rule set a snapshot has compiled in it. One only: every compiled
/// set adds megabytes to the snapshot, and so to each start's read and
/// check of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Preload {
    /// A built-in profile.
    Profile(Profile),
    /// A rule file's text.
    Text(String),
}

impl Preload {
    /// The bytes that tell snapshots apart, for the cache file's name.
    pub(crate) fn identity(&self) -> Vec<u8> {
        match self {
            Preload::Profile(profile) => {
                [b"profile\0".as_slice(), profile.extends_name().as_bytes()].concat()
            }
            Preload::Text(text) => [b"text\0".as_slice(), text.as_bytes()].concat(),
        }
    }
}

/// Why a snapshot could not be made. Never fatal: the plugin then runs the
/// plain component and compiles rules in each instance, as before.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WizenError {
    /// wizer could not instrument or rewrite the component.
    #[error("cannot pre-initialise the component: {0}")]
    Wizer(String),
    /// The instrumented component did not compile, instantiate or answer.
    #[error("running the instrumented component failed: {0}")]
    Run(String),
    /// The rule file does not compile (the plain path reports it properly).
    #[error("the rules do not compile: {0}")]
    Rules(String),
}

fn run_error(e: impl std::fmt::Display) -> WizenError {
    WizenError::Run(format!("{e:#}"))
}

/// The component in `bytes`, pre-initialised with `preload`'s rules. `compile` turns the instrumented component
/// into a runnable one (the caller caches it: it is the same for every
/// rule set).
pub(crate) fn snapshot(
    engine: &Engine,
    bytes: &[u8],
    preload: &Preload,
    limits: &Limits,
    compile: impl FnOnce(&[u8]) -> wasmtime::Result<Component>,
) -> Result<Vec<u8>, WizenError> {
    let wizer = Wizer::new();
    let (context, instrumented) = wizer
        .instrument_component(bytes)
        .map_err(|e| WizenError::Wizer(format!("{e:#}")))?;
    let component = compile(&instrumented).map_err(run_error)?;
    let mut store = Store::new(
        engine,
        WorkerState {
            memory_cap: limits.memory_bytes,
            memory_high: 0,
            memory_exceeded: false,
            host_refused: None,
        },
    );
    store.limiter(|state| state);
    store.epoch_deadline_trap();
    store.set_epoch_deadline(limits.deadline_ticks());
    if let Some(fuel) = limits.fuel {
        store.set_fuel(fuel).map_err(run_error)?;
    }
    let instance = Linker::<WorkerState>::new(engine)
        .instantiate(&mut store, &component)
        .map_err(run_error)?;
    initialise(&mut store, &instance, preload)?;
    let mut state = Accessor {
        store: &mut store,
        instance,
        failed: None,
    };
    let rewritten = block_on(wizer.snapshot_component(&context, &mut state))
        .ok_or_else(|| WizenError::Wizer("the snapshot did not complete at once".into()))?
        .map_err(|e| WizenError::Wizer(format!("{e:#}")))?;
    match state.failed {
        Some(problem) => Err(WizenError::Run(problem)),
        None => Ok(rewritten),
    }
}

/// Compiles `preload`'s rules in `instance`, leaving them in the guest's
/// globals; the resource is dropped, so the snapshot holds no handle.
fn initialise(
    store: &mut Store<WorkerState>,
    instance: &Instance,
    preload: &Preload,
) -> Result<(), WizenError> {
    let plugin = current::Plugin::new(&mut *store, instance).map_err(run_error)?;
    let scrubber = plugin.chaff_scrubber_scrub().scrubber();
    let made = match preload {
        Preload::Profile(profile) => {
            let profile = match profile {
                Profile::Extractor => current::guest::Profile::Extractor,
                Profile::Page => current::guest::Profile::Page,
            };
            scrubber
                .call_from_builtin(&mut *store, profile)
                .map_err(run_error)?
        }
        Preload::Text(text) => match scrubber
            .call_compile(&mut *store, text)
            .map_err(run_error)?
        {
            Ok(resource) => resource,
            Err(e) => return Err(WizenError::Rules(format!("{e:?}"))),
        },
    };
    // One small document through the rules, so that what the first call
    // of every instance would allocate (regex caches, scratch buffers) is
    // in the snapshot already. Caches only: results do not depend on it.
    let options = current::guest::Options {
        url: None,
        skip_categories: &[],
        skip_rules: &[],
        profile: None,
    };
    scrubber
        .call_scan_documents(&mut *store, made, &[WARM_UP], options)
        .map_err(run_error)?
        .map_err(|e| WizenError::Run(format!("{e:?}")))?;
    made.resource_drop(&mut *store).map_err(run_error)
}

/// A short document with prose and a few kinds of junk, for the warm-up.
const WARM_UP: &str = "Home > News > Local\nDate: 2026-11-23 09:00\n\
The council approved the new cycle lanes on Tuesday after a long debate, and work will start in May.\n\
Read More: Bus fares to rise in the spring\nPhoto: Jane Doe / Agency\n\
Residents said the plan was overdue, and the mayor promised to publish the costs next week.\n\
Related\n- One headline about a thing\n- Another headline about more\n- A third headline here\n\
Sign up for our newsletter\nView\nLeave a Comment\n";

/// wizer's view of the running instrumented instance: it calls the
/// accessor functions the instrumentation exported. The trait's methods
/// cannot fail, so the first failure is kept and the snapshot refused.
struct Accessor<'a> {
    store: &'a mut Store<WorkerState>,
    instance: Instance,
    failed: Option<String>,
}

impl Accessor<'_> {
    fn call<R: Lift + Send + Sync + 'static, T>(
        &mut self,
        instance: &str,
        func: &str,
        use_result: impl FnOnce(&Store<WorkerState>, R) -> T,
    ) -> Option<T> {
        let found = self
            .instance
            .get_export(&mut *self.store, None, instance)
            .and_then(|(_, outer)| {
                self.instance
                    .get_export(&mut *self.store, Some(&outer), func)
            });
        let result = match found {
            Some((_, index)) => self
                .instance
                .get_typed_func::<(), (R,)>(&mut *self.store, index)
                .and_then(|f| f.call(&mut *self.store, ())),
            None => Err(wasmtime::format_err!("no export {instance}#{func}")),
        };
        match result {
            Ok((value,)) => Some(use_result(self.store, value)),
            Err(e) => {
                self.failed
                    .get_or_insert_with(|| format!("{instance}#{func}: {e:#}"));
                None
            }
        }
    }
}

impl ComponentInstanceState for Accessor<'_> {
    fn call_func_ret_list_u8(
        &mut self,
        instance: &str,
        func: &str,
        contents: impl FnOnce(&[u8]) + Send,
    ) -> impl Future<Output = ()> + Send {
        // On failure `contents` is never called; the kept failure then
        // refuses the snapshot.
        let _ = self.call(instance, func, |store, list: WasmList<u8>| {
            contents(list.as_le_slice(store));
        });
        std::future::ready(())
    }

    fn call_func_ret_s32(
        &mut self,
        instance: &str,
        func: &str,
    ) -> impl Future<Output = i32> + Send {
        std::future::ready(self.call(instance, func, |_, v| v).unwrap_or(0))
    }

    fn call_func_ret_s64(
        &mut self,
        instance: &str,
        func: &str,
    ) -> impl Future<Output = i64> + Send {
        std::future::ready(self.call(instance, func, |_, v| v).unwrap_or(0))
    }

    fn call_func_ret_f32(
        &mut self,
        instance: &str,
        func: &str,
    ) -> impl Future<Output = u32> + Send {
        std::future::ready(
            self.call(instance, func, |_, v: f32| v.to_bits())
                .unwrap_or(0),
        )
    }

    fn call_func_ret_f64(
        &mut self,
        instance: &str,
        func: &str,
    ) -> impl Future<Output = u64> + Send {
        std::future::ready(
            self.call(instance, func, |_, v: f64| v.to_bits())
                .unwrap_or(0),
        )
    }
}

/// Runs `future` to completion if it never waits. Every future here is
/// ready at once (the accessor's answers are), so waiting means something
/// is wrong; `None` then, rather than spinning.
fn block_on<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}
