#!/usr/bin/env bash
# Side-by-side build timings of dossier, Zola and Zola + Pagefind on the same text.
#
#   ZOLA=/path/to/zola [RUNS=5] [WORK=dir] [SEARCH_MAX=10000] benches/compare.sh [N ...]
#   (default N: 1000 10000)
#
# For each N: generates N articles and N/10 glossary terms (examples/corpus.rs) and the
# same text as a Zola site, then times full builds into an empty output folder in one
# hyperfine run (RUNS runs after a warm-up): dossier as shipped (search on), dossier
# with `search = false`, `zola build`, and `zola build` followed by the Pagefind CLI
# over Zola's output (npm `pagefind`, the pagefind crate's version, pinned in
# benches/pagefind/package-lock.json and installed from it when missing). Then a no-op
# rebuild and a rebuild after one glossary edit of dossier (search off), peak RSS of
# each pipeline (/usr/bin/time -v), and the bytes each one writes, dossier's by folder.
# Builds with search on run only for N <= SEARCH_MAX (the indexer's memory grows with
# N). Prints two Markdown tables. Needs hyperfine, GNU time and npm (Debian: hyperfine,
# time, npm). Without ZOLA, only dossier is measured. Nothing here builds Zola.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${WORK:-$(mktemp -d)}
runs=${RUNS:-5}
search_max=${SEARCH_MAX:-10000}
cargo build --release --quiet --bin dossier --example corpus
bin=$PWD/target/release/dossier
gen=$PWD/target/release/examples/corpus
pagefind=$PWD/benches/pagefind/node_modules/.bin/pagefind
if [ -n "${ZOLA:-}" ] && [ ! -x "$pagefind" ]; then
    npm ci --prefix benches/pagefind --no-audit --no-fund >/dev/null
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "dossier: $($bin --version)${ZOLA:+, zola: $($ZOLA --version), pagefind: $($pagefind --version)}"

medians() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.3f' % x['median'] for x in r))" "$1"; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.0f MiB", $6/1024}'; }
mb() { du -sb "$@" 2>/dev/null | awk '{s += $1} END {printf "%.1f", s / 1e6}'; }
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

times=() bytes=()
for n in "${sizes[@]}"; do
    d=$work/dossier-$n doff=$work/dossier-off-$n z=$work/zola-$n
    on=$work/site-$n off=$work/site-off-$n zout=$work/zsite-$n pout=$work/psite-$n
    [ -d "$d" ] || "$gen" "$n" $((n / 10)) "$d" "$z"
    if [ ! -d "$doff" ]; then
        cp -r "$d" "$doff"
        echo 'search = false' >>"$doff/dossier.toml"
    fi
    searched=$([ "$n" -le "$search_max" ] && echo 1 || true)
    build_on="$bin --quiet --root $d build --output $on"
    build_off="$bin --quiet --root $doff build --output $off"
    zola="$ZOLA --root $z build --output-dir $zout --force"
    zola_pf="$ZOLA --root $z build --output-dir $pout --force && $pagefind --site $pout --silent"
    cmds=() names=()
    if [ -n "$searched" ]; then cmds+=("$build_on") names+=(on); fi
    cmds+=("$build_off") names+=(off)
    if [ -n "${ZOLA:-}" ]; then
        cmds+=("$zola") names+=(zola)
        if [ -n "$searched" ]; then cmds+=("$zola_pf") names+=(zpf); fi
    fi
    # Full builds into an empty output folder, every pipeline alike, in one run.
    hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $on $off $zout $pout" \
        --export-json "$work/full-$n.json" "${cmds[@]}" >/dev/null
    declare -A t=()
    read -r -a got < <(medians "$work/full-$n.json")
    for i in "${!names[@]}"; do t[${names[$i]}]=${got[$i]}; done
    # Nothing changed since the last build; then one glossary definition edited.
    $build_off
    hyperfine --runs "$runs" --export-json "$work/noop-$n.json" "$build_off" >/dev/null
    edit="printf ' Edited.' >> $doff/annotations/glossary/term-1.md"
    hyperfine --runs "$runs" --prepare "$edit" --export-json "$work/edit-$n.json" "$build_off" >/dev/null
    declare -A m=()
    rm -rf "$off"
    m[off]=$(rss $bin --quiet --root "$doff" build --output "$off")
    if [ -n "$searched" ]; then
        rm -rf "$on"
        m[on]=$(rss $bin --quiet --root "$d" build --output "$on")
    fi
    if [ -n "${ZOLA:-}" ]; then
        m[zola]=$(rss $ZOLA --root "$z" build --output-dir "$zout" --force)
        if [ -n "$searched" ]; then m[zpf]=$(rss sh -c "$zola_pf"); fi
    fi
    site=$on
    if [ -z "$searched" ]; then site=$off; fi
    vs_zpf=- vs_zola=-
    if [ -n "${t[zpf]:-}" ]; then vs_zpf=$(ratio "${t[on]}" "${t[zpf]}"); fi
    if [ -n "${t[zola]:-}" ]; then vs_zola=$(ratio "${t[off]}" "${t[zola]}"); fi
    times+=("| $n ($((n / 10))) | ${t[on]:--} s (${m[on]:--}) | ${t[off]} s (${m[off]}) | ${t[zola]:--} s (${m[zola]:--}) | ${t[zpf]:--} s (${m[zpf]:--}) | $vs_zpf | $vs_zola | $(medians "$work/noop-$n.json") s | $(medians "$work/edit-$n.json") s |")
    pf_mb=-
    if [ -d "$pout/pagefind" ]; then pf_mb=$(mb "$pout"); fi
    bytes+=("| $n | $(mb "$site") | $(mb "$site/articles") | $(mb "$site/glossary") | $(mb "$site/dossier.json.gz") | $(mb "$site/seeds") | $(mb "$site/pagefind") | $(mb "$off") | ${ZOLA:+$(mb "$zout")} | $pf_mb |")
    unset t m
done
echo
echo "| N articles (terms) | dossier (peak RSS) | dossier, search = false | zola | zola + pagefind | dossier / zola + pagefind | search off / zola | no-op rebuild | one edit |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${times[@]}"
echo
echo "MB written (10^6 bytes):"
echo
echo "| N | dossier | articles/ | glossary/ | dossier.json.gz | seeds/ | pagefind/ | dossier, search = false | zola | zola + pagefind |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${bytes[@]}"
