//! Typed bindings for the `chaff:scrubber/plugin` world, generated from
//! `wit/`: the current contract (0.1.1) and, for components built against
//! the first release, 0.1.0 (`wit/compat/chaff-0.1.0.wit`).

// Both with borrowed parameters (`&[&str]` for a batch of documents, not
// `&[String]`), so documents go from the caller's text straight into the
// guest's memory, with no copy on the host's side.

/// The 0.1.1 contract: rule table, spans by rule index, per-call options.
pub(crate) mod current {
    wasmtime::component::bindgen!({
        path: "../wit/chaff.wit",
        world: "chaff:scrubber/plugin",
        ownership: Borrowing {
            duplicate_if_necessary: false
        },
    });

    pub use exports::chaff::scrubber::scrub as guest;
}

/// The 0.1.0 contract, for components that implement only it.
pub(crate) mod v0_1_0 {
    wasmtime::component::bindgen!({
        path: "../wit/compat/chaff-0.1.0.wit",
        world: "chaff:scrubber/plugin",
        ownership: Borrowing {
            duplicate_if_necessary: false
        },
    });

    pub use exports::chaff::scrubber::scrub as guest;
}
