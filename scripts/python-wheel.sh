#!/usr/bin/env bash
# Builds the Python package's wheel (chaff-scrubber, bindings/python) into
# dist/: an abi3 wheel for CPython >= 3.10 on this platform, tagged
# manylinux_2_X for this machine's glibc (maturin checks the symbols it
# uses). For wheels that run on older Linux distributions, build inside a
# manylinux container (e.g. quay.io/pypa/manylinux_2_28_x86_64).
#
# maturin (pinned) is installed into target/py-build-venv; the build uses
# the workspace's target/, so it reuses whatever `cargo build --release`
# has compiled.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/py-build-venv
if [ ! -x "$venv/bin/maturin" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin==1.16.0"
fi
"$venv/bin/maturin" build --release --locked --out dist --manifest-path bindings/python/Cargo.toml "$@"
ls -l dist/chaff_scrubber-*.whl
