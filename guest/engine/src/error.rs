//! The one error type of the engine, a rule set that cannot be used:
//! defined in `chaff-common`, which the host shares, so a rule error reads
//! the same whoever reports it.

pub use chaff_common::RuleError;
