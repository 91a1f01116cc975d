#!/usr/bin/env bash
# Tests scripts/setup-toolchain.sh against a stand-in `rustup` that keeps its
# toolchains in a temporary directory, so that no case downloads anything:
#
# * only an older default toolchain (what a fresh machine with
#   RUSTUP_AUTO_INSTALL=0 has): the pinned one is installed, with its
#   components and targets, in one `rustup toolchain install`; a second run
#   installs nothing;
# * the pinned toolchain without the wasm target or a component: only those
#   are added;
# * no rustup: a clear message and exit 1, unless the rustc on PATH matches;
# * a failing install: exit 1, naming the command.
#
# The real path (rustup downloading the toolchain into an empty RUSTUP_HOME)
# runs with `CHAFF_TEST_REAL_RUSTUP=1` (it downloads about 300 MB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() { # NAME COMMAND...: counts and reports one assertion
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: $name" >&2
    fi
}

host=x86_64-unknown-linux-gnu

# A repository with the script and a pinned toolchain in the real file's form.
repo=$work/repo
mkdir -p "$repo/scripts"
cp "$root/scripts/setup-toolchain.sh" "$repo/scripts/"
cat >"$repo/rust-toolchain.toml" <<'EOF'
# comment
[toolchain]
channel = "1.99.0"
targets = ["wasm32-unknown-unknown"]
components = ["rustfmt", "clippy"]
EOF

# The tools the script may use, and nothing else: no rustup, no rustc.
tools=$work/tools
mkdir -p "$tools"
for tool in bash sed awk grep tr head cat dirname; do
    ln -s "$(command -v "$tool")" "$tools/$tool"
done

# A stand-in rustup: state in $STATE (one file per toolchain, listing its
# components and targets), every call appended to $STATE/log.
stub=$work/stub
mkdir -p "$stub"
cat >"$stub/rustup" <<'EOF'
#!/usr/bin/env bash
set -eu
echo "$*" >>"$STATE/log"
host=x86_64-unknown-linux-gnu
case "$1 ${2:-}" in
"toolchain list")
    for t in "$STATE"/toolchains/*; do [ -e "$t" ] && echo "${t##*/}"; done
    ;;
"toolchain install")
    [ ! -e "$STATE/fail" ] || { echo "error: could not download" >&2; exit 1; }
    channel=$3; shift 3
    file=$STATE/toolchains/$channel-$host
    echo "rust-std-$host" >"$file"
    while [ $# -gt 0 ]; do
        case $1 in
        --component) for c in ${2//,/ }; do echo "$c-$host" >>"$file"; done; shift ;;
        --target) for t in ${2//,/ }; do echo "rust-std-$t" >>"$file"; done; shift ;;
        esac
        shift
    done
    ;;
"target list")   # --installed --toolchain CH
    sed -n 's/^rust-std-//p' "$STATE/toolchains/$5-$host"
    ;;
"component list")   # --installed --toolchain CH
    cat "$STATE/toolchains/$5-$host"
    ;;
"target add")   # --toolchain CH T...
    file=$STATE/toolchains/$4-$host; shift 4
    for t in "$@"; do echo "rust-std-$t" >>"$file"; done
    ;;
"component add")   # --toolchain CH C...
    file=$STATE/toolchains/$4-$host; shift 4
    for c in "$@"; do echo "$c-$host" >>"$file"; done
    ;;
"run "*)   # run CH rustc -vV | --version
    [ -e "$STATE/toolchains/$2-$host" ] || { echo "error: toolchain '$2' is not installed" >&2; exit 1; }
    if [ "$4" = -vV ]; then echo "host: $host"; else echo "rustc $2 (stub)"; fi
    ;;
*)
    echo "stub rustup: unexpected call: $*" >&2
    exit 3
    ;;
esac
EOF
chmod +x "$stub/rustup"

# A fresh state with the given toolchains: NAME=COMPONENT,... (host suffixed).
state() {
    STATE=$work/state-$1
    export STATE
    rm -rf "$STATE"
    mkdir -p "$STATE/toolchains"
    : >"$STATE/log"
    shift
    local spec name
    for spec in "$@"; do
        name=${spec%%=*}
        : >"$STATE/toolchains/$name-$host"
        for c in ${spec#*=}; do
            case $c in
            std:*) echo "rust-std-${c#std:}" ;;
            *) echo "$c-$host" ;;
            esac >>"$STATE/toolchains/$name-$host"
        done
    done
}
run() { # runs the script with the stub; output in $work/out, status in $status
    status=0
    PATH="$stub:$tools" RUSTUP_AUTO_INSTALL=0 bash "$repo/scripts/setup-toolchain.sh" >"$work/out" 2>&1 || status=$?
}
logged() { grep -qxF -- "$1" "$STATE/log"; }
not_logged() { ! grep -qE -- "$1" "$STATE/log"; }
said() { grep -qF -- "$1" "$work/out"; }

# Only an older default toolchain: one install with everything pinned.
state older "1.95.0=rustc cargo std:$host std:wasm32-unknown-unknown"
run
check "older default: exit 0" [ "$status" -eq 0 ]
check "older default: one toolchain install with components and target" \
    logged "toolchain install 1.99.0 --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown"
check "older default: says what it installs" said "installing Rust 1.99.0 with rustfmt clippy and the wasm32-unknown-unknown target"
check "older default: ends on the pinned rustc" said "rustc 1.99.0 (stub) with wasm32-unknown-unknown"
: >"$STATE/log"
run
check "second run: exit 0" [ "$status" -eq 0 ]
check "second run: installs nothing" not_logged "toolchain install|(target|component) add"

# The pinned toolchain without the wasm target and clippy: only those added.
state partial "1.99.0=rustc cargo rustfmt std:$host"
run
check "partial: exit 0" [ "$status" -eq 0 ]
check "partial: no toolchain install" not_logged "toolchain install"
check "partial: adds the target" logged "target add --toolchain 1.99.0 wasm32-unknown-unknown"
check "partial: adds clippy alone" logged "component add --toolchain 1.99.0 clippy"

# Everything there: nothing changed, one line of output.
state ready "1.99.0=rustc cargo rustfmt clippy std:$host std:wasm32-unknown-unknown"
run
check "ready: exit 0" [ "$status" -eq 0 ]
check "ready: nothing installed" not_logged "toolchain install|(target|component) add"
check "ready: one line" [ "$(wc -l <"$work/out")" -eq 1 ]

# rustup fails to install: exit 1, naming the command.
state failing "1.95.0=rustc cargo std:$host"
touch "$STATE/fail"
run
check "failing install: exit 1" [ "$status" -eq 1 ]
check "failing install: names the command" said "\`rustup toolchain install 1.99.0"

# No rustup and no rustc: exit 1, pointing to rustup.
status=0
PATH="$tools" bash "$repo/scripts/setup-toolchain.sh" >"$work/out" 2>&1 || status=$?
check "no rustup: exit 1" [ "$status" -eq 1 ]
check "no rustup: points to rustup.rs" said "https://rustup.rs"
check "no rustup: names the toolchain" said "Rust 1.99.0 with rustfmt clippy and the wasm32-unknown-unknown target"

# No rustup, an older rustc: exit 1 naming it. A matching one with the target: 0.
rustc_stub=$work/rustc-stub
mkdir -p "$rustc_stub/sysroot/lib/rustlib/wasm32-unknown-unknown/lib"
cat >"$rustc_stub/rustc" <<EOF
#!/usr/bin/env bash
case "\$1" in
--version) echo "rustc \$(cat "$rustc_stub/version") (distro)" ;;
--print) echo "$rustc_stub/sysroot" ;;
esac
EOF
chmod +x "$rustc_stub/rustc"
echo 1.95.0 >"$rustc_stub/version"
status=0
PATH="$rustc_stub:$tools" bash "$repo/scripts/setup-toolchain.sh" >"$work/out" 2>&1 || status=$?
check "older rustc without rustup: exit 1" [ "$status" -eq 1 ]
check "older rustc without rustup: names it" said "this machine has rustc 1.95.0."
echo 1.99.0 >"$rustc_stub/version"
status=0
PATH="$rustc_stub:$tools" bash "$repo/scripts/setup-toolchain.sh" >"$work/out" 2>&1 || status=$?
check "matching rustc without rustup: exit 0" [ "$status" -eq 0 ]

# The real file names a channel, the wasm target, rustfmt and clippy.
check "rust-toolchain.toml pins a version" \
    grep -qE '^channel = "[0-9]+\.[0-9]+\.[0-9]+"$' "$root/rust-toolchain.toml"
check "rust-toolchain.toml names the wasm target" \
    grep -qE '^targets = \[.*"wasm32-unknown-unknown"' "$root/rust-toolchain.toml"

# The real thing: an empty RUSTUP_HOME but for the machine's default
# toolchain (linked, not copied), auto-install off; rustup downloads the
# pinned toolchain and cargo then uses it with the wasm target.
if [ "${CHAFF_TEST_REAL_RUSTUP:-}" = 1 ]; then
    home=$work/rustup-home
    real_home=${RUSTUP_HOME:-$HOME/.rustup}
    default=$(cd "$work" && rustup default | awk '{print $1}')
    mkdir -p "$home/toolchains"
    ln -s "$real_home/toolchains/$default" "$home/toolchains/$default"
    printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\nauto_self_update = "disable"\n' \
        "$default" >"$home/settings.toml"
    pinned=$(sed -n 's/^channel = "\(.*\)"/\1/p' "$root/rust-toolchain.toml")
    status=0
    (cd "$root" && RUSTUP_HOME=$home RUSTUP_AUTO_INSTALL=0 cargo --version) >"$work/out" 2>&1 || status=$?
    check "real: before, cargo fails for want of the pinned toolchain" [ "$status" -ne 0 ]
    status=0
    RUSTUP_HOME=$home RUSTUP_AUTO_INSTALL=0 bash "$root/scripts/setup-toolchain.sh" || status=$?
    check "real: the script installs it" [ "$status" -eq 0 ]
    check "real: cargo in the repository is the pinned one" \
        bash -c "cd '$root' && RUSTUP_HOME='$home' RUSTUP_AUTO_INSTALL=0 cargo --version | grep -q ' $pinned '"
    check "real: with the wasm target" \
        bash -c "cd '$root' && RUSTUP_HOME='$home' rustup target list --installed | grep -qx wasm32-unknown-unknown"
    check "real: with clippy and rustfmt" \
        bash -c "cd '$root' && RUSTUP_HOME='$home' cargo clippy --version && RUSTUP_HOME='$home' cargo fmt --version"
fi

echo "setup-toolchain: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
