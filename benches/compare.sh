#!/usr/bin/env bash
# Side-by-side build timings of dossier and Zola on the same generated text.
#
#   ZOLA=/path/to/zola [RUNS=5] [WORK=dir] benches/compare.sh [N ...]   (default: 1000 10000)
#
# For each N: generates N articles and N/10 glossary terms (examples/corpus.rs) and
# the same text as a Zola site, then times full builds of both into an empty output
# folder in one hyperfine run (RUNS runs after a warm-up), a no-op rebuild and a
# rebuild after one glossary edit of dossier, and peak RSS (/usr/bin/time -v).
# These runs set `search = false` (Zola builds no search index unless asked); one
# more full build with search on (the default) is timed once for N <= SEARCH_MAX
# (default 10000: Pagefind's indexer needs about 0.28 GiB per 1,000 articles).
# Prints a Markdown table. Needs hyperfine and GNU time (Debian: hyperfine, time). Without ZOLA, only dossier is measured. Nothing here builds Zola.
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
echo "| N articles (terms) | dossier build | zola build | zola / dossier | no-op rebuild | one edit | dossier peak RSS | zola peak RSS | site size (zola) | build with search (peak RSS) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.3f' % x['median'] for x in r))" "$1"; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.0f MiB", $6/1024}'; }
runs=${RUNS:-5}
for n in "${sizes[@]}"; do
    d=$work/dossier-$n z=$work/zola-$n out=$work/site-$n zout=$work/zsite-$n
    [ -d "$d" ] || "$gen" "$n" $((n / 10)) "$d" "$z"
    grep -q '^search' "$d/dossier.toml" || echo 'search = false' >>"$d/dossier.toml"
    build="$bin --quiet --root $d build --output $out"
    cmds=("$build")
    [ -n "${ZOLA:-}" ] && cmds+=("$ZOLA --root $z build --output-dir $zout --force")
    # Full builds into an empty output folder, both tools alike.
    hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out $zout" \
        --export-json "$work/full-$n.json" "${cmds[@]}" >/dev/null
    read -r dt zt < <(median "$work/full-$n.json")
    # Nothing changed since the last build.
    $build
    hyperfine --runs "$runs" --export-json "$work/noop-$n.json" "$build" >/dev/null
    noop=$(median "$work/noop-$n.json")
    # One glossary definition edited before each run.
    edit="printf ' Edited.' >> $d/annotations/glossary/term-1.md"
    hyperfine --runs "$runs" --prepare "$edit" --export-json "$work/edit-$n.json" "$build" >/dev/null
    one=$(median "$work/edit-$n.json")
    rm -rf "$out"
    drss=$(rss $bin --quiet --root "$d" build --output "$out")
    size="$(du -sh "$out" | cut -f1)"
    zrss=- ratio=-
    if [ -n "${ZOLA:-}" ]; then
        zrss=$(rss "$ZOLA" --root "$z" build --output-dir "$zout" --force)
        ratio=$(python3 -c "print('%.2f' % ($zt / $dt))")
        size="$size ($(du -sh "$zout" | cut -f1))"
    fi
    searched=-
    if [ "$n" -le "${SEARCH_MAX:-10000}" ]; then
        sed -i 's/^search = false$/search = true/' "$d/dossier.toml"
        rm -rf "$out"
        searched=$( { /usr/bin/time -f '%e s (%M KiB)' $bin --quiet --root "$d" build --output "$out"; } 2>&1 | tail -n 1 |
            awk '{printf "%s s (%.0f MiB)", $1, substr($3, 2) / 1024}')
        sed -i 's/^search = true$/search = false/' "$d/dossier.toml"
    fi
    echo "| $n ($((n / 10))) | ${dt} s | ${zt:--} s | $ratio | ${noop} s | ${one} s | $drss | $zrss | $size | $searched |"
done
