#!/usr/bin/env bash
# Every test: the Rust workspace (engine, host, CLI, sandbox), then the same
# component in Node (jco) and Python (wasmtime-py), compared with the Rust
# host on the project's fixtures. Installs the Node and Python packages it
# needs (pinned) into examples/node/node_modules and target/py-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

# The pinned toolchain and the wasm target, where rustup does not install
# them by itself (RUSTUP_AUTO_INSTALL=0).
bash scripts/setup-toolchain.sh

echo "== Rust: cargo test --release"
cargo test --release --locked
# `cargo test --release` has built target/release/chaff and left the component
# at target/guest/chaff.wasm; the Node and Python tests use both.

echo "== Node (jco)"
# `npm install` (not `npm ci`): npm 11 leaves optional per-platform packages
# of jco out of the lock file and then refuses `npm ci`.
(cd examples/node && npm install --no-audit --no-fund --loglevel=error && npm test)

echo "== Node package (bindings/node: npm pack, install the tarball, clean)"
(cd bindings/node && npm install --no-audit --no-fund --loglevel=error && npm test)

echo "== Python (wasmtime-py)"
if [ ! -x target/py-venv/bin/python ]; then
    python3 -m venv target/py-venv
fi
target/py-venv/bin/pip install --quiet --disable-pip-version-check -r examples/python/requirements.txt
(cd examples/python && ../../target/py-venv/bin/python -m pytest -q)
