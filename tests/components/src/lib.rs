//! Components for the host's tests.

#![forbid(unsafe_code)]

/// `tests/hostile-guest` as a component: implements the contract and
/// misbehaves on request (see that crate's docs for the trigger words).
pub const HOSTILE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/hostile.wasm"));

/// The hostile component built against the first release of the
/// contract (0.1.0): for the host's compatibility tests.
pub const HOSTILE_0_1_0: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/hostile-0.1.0.wasm"));

/// A valid component that exports nothing.
pub const EMPTY_WAT: &str = "(component)";

/// A component that exports the interface under a version this host does
/// not speak, with nothing in it.
pub const WRONG_VERSION_WAT: &str = r#"(component
  (instance $scrub)
  (export "chaff:scrubber/scrub@0.2.0" (instance $scrub))
)"#;

/// A component that imports WASI, which chaff hosts do not provide.
pub const NEEDS_WASI_WAT: &str = r#"(component
  (import "wasi:cli/environment@0.2.0" (instance
    (export "get-arguments" (func (result (list string))))
  ))
)"#;
