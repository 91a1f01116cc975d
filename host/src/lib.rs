pub const COMPONENT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/chaff.wasm"));
