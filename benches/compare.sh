#!/usr/bin/env bash
# Side-by-side build timings of dossier and Zola on the same generated text.
#
#   ZOLA=/path/to/zola benches/compare.sh [N ...]      (default: 1000 10000)
#
# For each N: generates N articles and N/10 glossary terms (examples/corpus.rs) and
# the same text as a Zola site, then times full builds of both in one hyperfine run
# (3 runs after a warm-up), a no-op rebuild of dossier, and peak RSS (/usr/bin/time
# -v). Prints a Markdown table. Needs hyperfine and GNU time (Debian: hyperfine,
# time). Without ZOLA, only dossier is measured. Nothing here builds Zola.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${WORK:-$(mktemp -d)}
cargo build --release --quiet --bin dossier --example corpus
bin=$PWD/target/release/dossier
gen=$PWD/target/release/examples/corpus
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "dossier: $($bin --version)${ZOLA:+, zola: $($ZOLA --version)}"
echo
echo "| N articles (terms) | dossier build | zola build | dossier / zola | no-op rebuild | dossier peak RSS | zola peak RSS |"
echo "|---|---|---|---|---|---|---|"
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.3f' % x['median'] for x in r))" "$1"; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.0f MiB", $6/1024}'; }
for n in "${sizes[@]}"; do
    d=$work/dossier-$n z=$work/zola-$n
    [ -d "$d" ] || "$gen" "$n" $((n / 10)) "$d" "$z"
    cmds=("$bin --quiet --root $d build --output $work/site-$n")
    [ -n "${ZOLA:-}" ] && cmds+=("$ZOLA --root $z build --output-dir $work/zsite-$n --force")
    hyperfine --warmup 1 --runs 3 --export-json "$work/full-$n.json" "${cmds[@]}" >/dev/null
    read -r dt zt < <(median "$work/full-$n.json")
    hyperfine --runs 3 --export-json "$work/noop-$n.json" "${cmds[0]}" >/dev/null
    noop=$(median "$work/noop-$n.json")
    drss=$(rss $bin --quiet --root "$d" build --output "$work/site-$n")
    zrss=- ratio=-
    if [ -n "${ZOLA:-}" ]; then
        zrss=$(rss "$ZOLA" --root "$z" build --output-dir "$work/zsite-$n" --force)
        ratio=$(python3 -c "print('%.2f' % ($dt / $zt))")
    fi
    echo "| $n ($((n / 10))) | ${dt} s | ${zt:--} s | $ratio | ${noop} s | $drss | $zrss |"
done
