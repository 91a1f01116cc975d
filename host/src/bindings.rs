//! Typed bindings for the `chaff:scrubber/plugin` world, generated from `wit/`.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "chaff:scrubber/plugin",
});

pub use exports::chaff::scrubber::scrub as guest;
