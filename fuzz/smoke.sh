#!/usr/bin/env bash
# A short fuzz run for CI: builds the five targets (no sanitizer: the code under test
# is safe Rust) and runs each from its seed corpus for RUNS inputs (default 2000),
# then replays every saved regression input of that target. New inputs go to a
# throwaway folder, so the tree is left as it was. REPLAY=0 skips the replay (a saved
# input fails until the bug it shows is fixed in src/). cargo-fuzz needs nightly flags;
# RUSTC_BOOTSTRAP lets the stable toolchain accept them.
#
#   fuzz/smoke.sh              # RUNS=2000
#   RUNS=500 fuzz/smoke.sh
#   REPLAY=0 fuzz/smoke.sh     # seeds only
set -euo pipefail
cd "$(dirname "$0")"
# The panic message and where the failing input went, without the backtraces.
why() { grep -E -A1 'panicked at' "$1" | head -n 4; grep -E 'Test unit written|Running:|Executed' "$1" | tail -n 3; }
export RUSTC_BOOTSTRAP=1
RUNS=${RUNS:-2000}
REPLAY=${REPLAY:-1}
targets=(front_matter clean link markdown quote)
cargo fuzz build -s none
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t"
    log="$scratch/$t.log"
    if ! cargo fuzz run -s none "$t" "$scratch/$t" "seeds/$t" -- \
        -runs="$RUNS" -max_len=4096 >"$log" 2>&1; then
        why "$log"
        echo "fuzz smoke: $t failed"
        exit 1
    fi
    echo "$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" || tail -n 1 "$log")"
    if [ "$REPLAY" != 0 ] && compgen -G "regressions/$t/*" >/dev/null; then
        if ! cargo fuzz run -s none "$t" regressions/"$t"/* >"$log" 2>&1; then
            why "$log"
            echo "fuzz smoke: $t fails on a saved regression input"
            exit 1
        fi
        echo "$t: regressions/$t/ replayed"
    fi
done
echo "fuzz smoke: ${#targets[@]} targets, $RUNS runs each, no failure"
