#!/usr/bin/env bash
# Every test: the Rust workspace (engine, host, CLI, sandbox), then the same
# component in Node (jco) and Python (wasmtime-py), compared with the Rust
# host on the project's fixtures. Installs the Node and Python packages it
# needs (pinned) into examples/node/node_modules and target/py-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: cargo test --release"
cargo test --release --locked
# The Node and Python tests compare with the release CLI and load the
# component that building it leaves at target/guest/chaff.wasm.
cargo build --release --locked -p chaff

echo "== Node (jco)"
(cd examples/node && npm ci --no-audit --no-fund --loglevel=error && npm test)

echo "== Python (wasmtime-py)"
if [ ! -x target/py-venv/bin/python ]; then
    python3 -m venv target/py-venv
fi
target/py-venv/bin/pip install --quiet --disable-pip-version-check -r examples/python/requirements.txt
(cd examples/python && ../../target/py-venv/bin/python -m pytest -q)
