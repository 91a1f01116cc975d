#!/usr/bin/env bash
# Installs the Rust toolchain pinned in rust-toolchain.toml, with the
# components and targets it names, when any of them is missing; says nothing
# more than one line when all are there.
#
#   bash scripts/setup-toolchain.sh && cargo run --release -- clean examples/article.txt
#
# rustup installs a pinned toolchain by itself only when auto-install is on.
# Where it is off (RUSTUP_AUTO_INSTALL=0: CI images, locked-down hosts) the
# first cargo command in this repository fails instead, and a toolchain that
# is there without the wasm target fails later, in the guest build. This
# script installs what is missing explicitly. Without rustup it checks the
# `rustc` on PATH and says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

file=rust-toolchain.toml
# `key = "value"` and `key = ["a", "b"]` (one line) under [toolchain].
value() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$file" | head -1
}
list() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\[\(.*\)\].*/\1/p" "$file" | head -1 |
        tr -d ' "' | tr ',' ' '
}
channel=$(value channel)
if [ -z "$channel" ]; then
    echo "setup-toolchain: no \`channel = \"...\"\` in $file" >&2
    exit 2
fi
read -r -a targets <<<"$(list targets)"
read -r -a components <<<"$(list components)"
joined() { local IFS=,; echo "$*"; }
what="Rust $channel${components[*]:+ with ${components[*]}}${targets[*]:+ and the ${targets[*]} target}"

if ! command -v rustup >/dev/null 2>&1; then
    # No rustup: accept a matching rustc (a distribution's, say) that has the
    # targets' standard libraries; otherwise say what is needed.
    if command -v rustc >/dev/null 2>&1; then
        version=$(rustc --version | awk '{print $2}')
        sysroot=$(rustc --print sysroot)
        missing=()
        for target in "${targets[@]}"; do
            [ -d "$sysroot/lib/rustlib/$target/lib" ] || missing+=("$target")
        done
        if [ "$version" = "$channel" ] && [ ${#missing[@]} -eq 0 ]; then
            echo "setup-toolchain: rustc $version without rustup; it matches $file"
            exit 0
        fi
        have="rustc $version${missing[*]:+ without the ${missing[*]} target}"
    else
        have="no rustc"
    fi
    cat >&2 <<EOF
setup-toolchain: rustup is not installed, and this machine has $have.
chaff builds with $what (pinned in $file).
Install rustup from https://rustup.rs (it reads $file), then run this script
again; or install that toolchain another way and put its rustc first on PATH.
EOF
    exit 1
fi

# The toolchain, as rustup names it: the channel, then a host triple.
installed() {
    rustup toolchain list 2>/dev/null | awk '{print $1}' | grep -qE "^${channel//./\\.}(-|$)"
}

if ! installed; then
    echo "setup-toolchain: installing $what (pinned in $file)"
    args=(toolchain install "$channel" --profile minimal)
    [ ${#components[@]} -eq 0 ] || args+=(--component "$(joined "${components[@]}")")
    [ ${#targets[@]} -eq 0 ] || args+=(--target "$(joined "${targets[@]}")")
    if ! rustup "${args[@]}"; then
        echo "setup-toolchain: \`rustup ${args[*]}\` failed" >&2
        exit 1
    fi
else
    # The toolchain is there; add the targets and components it lacks.
    have_targets=$(rustup target list --installed --toolchain "$channel")
    missing_targets=()
    for target in "${targets[@]}"; do
        grep -qx "$target" <<<"$have_targets" || missing_targets+=("$target")
    done
    # Installed components are listed with the host triple (`clippy-x86_64-…`).
    host=$(rustup run "$channel" rustc -vV | sed -n 's/^host: //p')
    have_components=$(rustup component list --installed --toolchain "$channel")
    missing_components=()
    for component in "${components[@]}"; do
        grep -qxE "${component}(-${host})?" <<<"$have_components" ||
            missing_components+=("$component")
    done
    if [ ${#missing_targets[@]} -gt 0 ]; then
        echo "setup-toolchain: adding the ${missing_targets[*]} target to Rust $channel"
        rustup target add --toolchain "$channel" "${missing_targets[@]}"
    fi
    if [ ${#missing_components[@]} -gt 0 ]; then
        echo "setup-toolchain: adding ${missing_components[*]} to Rust $channel"
        rustup component add --toolchain "$channel" "${missing_components[@]}"
    fi
fi

echo "setup-toolchain: $(rustup run "$channel" rustc --version) with ${targets[*]:-no extra targets}"
