//! Which release of the contract a component implements.
//!
//! Components built against 0.1.1 (this crate's own, and any newer 0.1.x,
//! which wasmtime matches by semver) get the rule table, spans by rule
//! index and per-call options. Components built against 0.1.0 still load:
//! they are driven through the 0.1.0 functions, and calls that need
//! options say so ([`OptionsError::Unsupported`](crate::OptionsError)).
//! Anything else (e.g. 0.2.0) is refused with both reasons.

use wasmtime::Store;
use wasmtime::component::InstancePre;

use crate::Error;
use crate::bindings::{current, v0_1_0};
use crate::state::WorkerState;

/// A component linked and ready to instantiate, by contract release.
pub(crate) enum ContractPre {
    Current(current::PluginPre<WorkerState>),
    V0_1_0(v0_1_0::PluginPre<WorkerState>),
}

/// One instance's exports, by contract release.
pub(crate) enum Exports {
    Current(current::Plugin),
    V0_1_0(v0_1_0::Plugin),
}

impl ContractPre {
    /// The newest release the component implements.
    pub(crate) fn new(pre: InstancePre<WorkerState>) -> Result<ContractPre, Error> {
        let current_error = match current::PluginPre::new(pre.clone()) {
            Ok(pre) => return Ok(ContractPre::Current(pre)),
            Err(e) => e,
        };
        match v0_1_0::PluginPre::new(pre) {
            Ok(pre) => Ok(ContractPre::V0_1_0(pre)),
            Err(old_error) => Err(Error::Incompatible(format!(
                "it implements neither 0.1.1 ({current_error:#}) nor 0.1.0 ({old_error:#})"
            ))),
        }
    }

    /// The release, as the WIT package version.
    pub(crate) fn version(&self) -> &'static str {
        match self {
            ContractPre::Current(_) => "0.1.1",
            ContractPre::V0_1_0(_) => "0.1.0",
        }
    }

    pub(crate) fn instantiate(&self, store: &mut Store<WorkerState>) -> wasmtime::Result<Exports> {
        Ok(match self {
            ContractPre::Current(pre) => Exports::Current(pre.instantiate(store)?),
            ContractPre::V0_1_0(pre) => Exports::V0_1_0(pre.instantiate(store)?),
        })
    }
}
