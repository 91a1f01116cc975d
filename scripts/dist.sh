#!/usr/bin/env bash
# Release artefacts: the WIT contract and the built component, with
# checksums, in dist/chaff-<version>/ and a tarball next to it. Other
# languages build against wit/; any runtime loads chaff.wasm.
#   bash scripts/dist.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p chaff-cli
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out="dist/chaff-$version"
rm -rf "$out" && mkdir -p "$out"
cp -r wit "$out/wit"
cp target/guest/chaff.wasm "$out/chaff.wasm"
cp target/release/chaff "$out/chaff-$(uname -m)-$(uname -s | tr '[:upper:]' '[:lower:]')"
cp README.md "$out/"
(cd "$out" && sha256sum chaff.wasm chaff-* wit/*.wit > SHA256SUMS)
tar -C dist -czf "dist/chaff-$version.tar.gz" "chaff-$version"
echo "dist/chaff-$version.tar.gz:"
cat "$out/SHA256SUMS"
