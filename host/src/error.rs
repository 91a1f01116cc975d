//! The errors a host call can end in.

use std::path::PathBuf;
use std::time::Duration;

use crate::bindings::{current, v0_1_0};
use crate::options::OptionsError;

/// Everything that can go wrong between a caller and the component.
///
/// Errors that concern one document carry its index (`document`): 0 for
/// [`Scrubber::clean`](crate::Scrubber::clean), the position in the batch for
/// [`Scrubber::clean_batch`](crate::Scrubber::clean_batch). After any of them
/// the scrubber stays usable: the instance that failed is thrown away and the
/// next call gets a fresh one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The component file could not be read.
    #[error("cannot read component {path}: {source}")]
    Read {
        /// The file that was asked for.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The bytes are not a valid WebAssembly component, or wasmtime could
    /// not compile them.
    #[error("cannot load the component: {0}")]
    Load(String),
    /// The component is valid but does not implement `chaff:scrubber/scrub`
    /// at a version this host understands, or imports something the host
    /// does not provide.
    #[error("the component does not implement chaff:scrubber/scrub@0.1 as this host expects: {0}")]
    Incompatible(String),
    /// The engine could not be configured (e.g. the operating system refused
    /// the address space the instance pool needs).
    #[error("cannot set up the WebAssembly engine: {0}")]
    Engine(String),
    /// The rule file was refused.
    #[error("invalid rules: {0}")]
    Rules(RuleError),
    /// A call's options were refused (a skipped rule or category that does
    /// not exist, a profile the rules cannot be read on).
    #[error("invalid options: {0}")]
    Options(OptionsError),
    /// A document is larger than the configured `max_input_bytes`.
    #[error("document {document}: {len} bytes is over the input limit of {limit} bytes")]
    InputTooLarge {
        /// Which document.
        document: usize,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// The call ran past its wall-clock deadline and was interrupted.
    #[error("document {document}: cleaning took longer than the {limit:?} deadline")]
    Timeout {
        /// Which document.
        document: usize,
        /// The deadline that was hit.
        limit: Duration,
    },
    /// The instance tried to grow its memory past the cap.
    #[error("document {document}: the component needed more than the {limit}-byte memory cap")]
    MemoryExceeded {
        /// Which document.
        document: usize,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The call used up its fuel budget (only when fuel is enabled).
    #[error("document {document}: the component ran out of fuel ({fuel} units)")]
    FuelExhausted {
        /// Which document.
        document: usize,
        /// The budget per call.
        fuel: u64,
    },
    /// The component asked to copy more than `max_output_bytes` out of the
    /// sandbox in one call.
    #[error("document {document}: the component returned more than the {limit}-byte output limit")]
    OutputTooLarge {
        /// Which document.
        document: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Every instance slot of the pooling allocator was taken. The host
    /// sizes the pool from [`Limits::concurrency`](crate::Limits) and waits
    /// for a free instance rather than exceed it, so this only happens when
    /// a component needs more slots per instance than the pool was sized
    /// for. A resource limit of the host, not a fault of the component.
    #[error("document {document}: no free instance slot: {message}")]
    PoolExhausted {
        /// Which document.
        document: usize,
        /// wasmtime's description (which pool, which limit).
        message: String,
    },
    /// The operating system refused memory or address space for an instance
    /// (e.g. under `ulimit -v`). A resource limit of the host, not a fault
    /// of the component.
    #[error("document {document}: the operating system refused memory for the sandbox: {message}")]
    HostResources {
        /// Which document.
        document: usize,
        /// What was refused, as the operating system said it.
        message: String,
    },
    /// The component trapped (a panic in the guest, an out-of-bounds access,
    /// `unreachable`, …).
    #[error("document {document}: the component trapped: {message}")]
    Trap {
        /// Which document.
        document: usize,
        /// wasmtime's description of the trap, with a guest backtrace when
        /// one is available.
        message: String,
    },
    /// The component returned an outcome that is not a faithful subset of
    /// the input (spans out of bounds, overlapping, or text that was not
    /// there). It is refused rather than passed on.
    #[error("document {document}: the component returned an invalid outcome: {problem}")]
    InvalidOutcome {
        /// Which document.
        document: usize,
        /// What was wrong with it.
        problem: String,
    },
}

impl Error {
    /// The index of the document the error concerns, if it concerns one.
    pub fn document(&self) -> Option<usize> {
        match self {
            Error::InputTooLarge { document, .. }
            | Error::Timeout { document, .. }
            | Error::MemoryExceeded { document, .. }
            | Error::FuelExhausted { document, .. }
            | Error::OutputTooLarge { document, .. }
            | Error::PoolExhausted { document, .. }
            | Error::HostResources { document, .. }
            | Error::Trap { document, .. }
            | Error::InvalidOutcome { document, .. } => Some(*document),
            _ => None,
        }
    }

    /// Re-labels a per-document error with its position in a batch.
    pub(crate) fn for_document(mut self, index: usize) -> Self {
        match &mut self {
            Error::InputTooLarge { document, .. }
            | Error::Timeout { document, .. }
            | Error::MemoryExceeded { document, .. }
            | Error::FuelExhausted { document, .. }
            | Error::OutputTooLarge { document, .. }
            | Error::PoolExhausted { document, .. }
            | Error::HostResources { document, .. }
            | Error::Trap { document, .. }
            | Error::InvalidOutcome { document, .. } => *document = index,
            _ => {}
        }
        self
    }
}

/// Why a rule file was refused: which rule, which field, where in the file
/// (the engine's own type, shared through `chaff-common`).
pub use chaff_common::RuleError;

/// A 0.1.0 component's rule error.
pub(crate) fn rule_error_0_1_0(e: v0_1_0::guest::RuleError) -> RuleError {
    RuleError {
        rule: e.rule,
        field: e.field,
        line: e.line,
        column: e.column,
        message: e.message,
    }
}

/// A 0.1.1 component's `rules-error`.
pub(crate) fn rules_error(e: current::guest::RulesError) -> RuleError {
    use current::guest::RulesError;
    match e {
        RulesError::Syntax((position, message)) => RuleError {
            rule: None,
            field: None,
            line: Some(position.line),
            column: Some(position.column),
            message,
        },
        RulesError::Rule(problem) => RuleError {
            rule: Some(problem.rule),
            field: problem.field,
            line: None,
            column: None,
            message: problem.message,
        },
        RulesError::File(problem) => RuleError {
            rule: None,
            field: problem.field,
            line: None,
            column: None,
            message: problem.message,
        },
    }
}

impl From<current::guest::OptionsError> for OptionsError {
    fn from(e: current::guest::OptionsError) -> Self {
        use current::guest::OptionsError as Guest;
        match e {
            Guest::UnknownRule(id) => OptionsError::UnknownRule(id),
            Guest::UnknownCategory(c) => OptionsError::UnknownCategory(c),
            Guest::ProfileUnavailable(why) => OptionsError::ProfileUnavailable(why),
        }
    }
}
