#!/usr/bin/env bash
# Every test: the Rust workspace (engine, host, CLI, sandbox), then the same
# component in Node (jco) and Python (wasmtime-py), compared with the Rust
# host on the project's fixtures, then the Python package (bindings/python,
# the host library through PyO3). Installs the Node and Python packages it
# needs (pinned) into examples/node/node_modules, target/py-venv and
# target/py-package-venv.
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

echo "== Python package (bindings/python: pip install, pytest against the CLI)"
# pip builds the extension with maturin in this workspace's target/, where
# `cargo test --release` has just compiled wasmtime and the host: only pyo3
# and the bindings compile here (bindings/python/Cargo.toml keeps the
# features in line so that cargo can reuse them). The CLI it is checked
# against is the one `cargo test` built.
venv=target/py-package-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bindings/python/tests/requirements.txt
"$venv/bin/pip" install --disable-pip-version-check --no-deps --force-reinstall -v ./bindings/python \
    > target/py-package-build.log 2>&1 || { tail -50 target/py-package-build.log; exit 1; }
if grep -q "Compiling wasmtime v" target/py-package-build.log; then
    echo "warning: building the Python extension compiled wasmtime again (its features drifted" \
        "from the test build's; see bindings/python/Cargo.toml)" >&2
fi
(cd bindings/python && CHAFF_CLI="$PWD/../../target/release/chaff" "../../$venv/bin/python" -m pytest -q tests)
