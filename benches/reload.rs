//! Edit-to-reload latency of `dossier serve`: the time from writing an annotation
//! file to a connected live-reload client receiving its `reload` event. Includes the
//! watcher's debounce (25 ms, the CLI default) and the incremental rebuild.
//!
//! Run: `cargo bench --bench reload` (shipped dossier, then a generated corpus of
//! ARTICLES=10000 articles, with search and then with `search = false`).

/// The allocator of the `dossier` binary, so the latency measured is the one users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/testsuite/common.rs"]
mod common;
mod corpus;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn measure(label: &str, root: &Path, file: &str, from: &str, runs: usize) {
    let server = dossier::serve::start(dossier::serve::ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        debounce: Duration::from_millis(25),
        verbose: false,
        write_annotations: false,
        editor: None,
    })
    .unwrap();
    let mut rebuilds = server.subscribe();
    let mut s = TcpStream::connect(server.addr).unwrap();
    write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    while !line.contains("connected") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    let path = root.join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut total = Vec::new();
    let mut rebuild = Vec::new();
    let mut last = None;
    for i in 0..runs {
        std::thread::sleep(Duration::from_millis(150));
        let text = original.replacen(from, &format!("{from} [{i}]"), 1);
        let t = Instant::now();
        std::fs::write(&path, text).unwrap();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line.starts_with("event: reload") {
                break;
            }
        }
        total.push(t.elapsed());
        if let Ok(ev) = rebuilds.try_recv() {
            assert!(ev.ok);
            rebuild.push(ev.stats.elapsed);
            last = Some(ev.stats);
        }
    }
    total.sort();
    rebuild.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: write → reload event median {:.1} ms, p90 {:.1} ms, max {:.1} ms; rebuild alone median {:.1} ms ({runs} edits)",
        ms(total[total.len() / 2]),
        ms(total[total.len() * 9 / 10]),
        ms(total[total.len() - 1]),
        ms(rebuild[rebuild.len() / 2]),
    );
    if let Some(st) = last {
        let [l, c, k, r, x] = st.stages.map(ms);
        println!(
            "  last rebuild: load {l:.1} ms ({} parsed), clean {c:.1} ms, link {k:.1} ms, render {r:.1} ms ({} of {} files rendered), search index {x:.1} ms",
            st.parsed, st.rendered, st.files
        );
    }
}

fn main() {
    let runs = env("RUNS", 20);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = common::copy_dossier(repo);
    measure(
        "shipped dossier (5 articles)",
        shipped.path(),
        "annotations/articles/ct-dialogue-washington-2024.md",
        "summary = \"",
        runs,
    );
    let articles = env("ARTICLES", 10_000);
    let big = tempfile::tempdir().unwrap();
    corpus::generate(big.path(), articles, env("TERMS", 300));
    // First without search (no indexer takes a core in the background), then with it.
    let config = big.path().join("dossier.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{toml}search = false\n")).unwrap();
    measure(
        &format!("generated corpus ({articles} articles), search = false"),
        big.path(),
        "annotations/articles/article-7.md",
        "Commentary on",
        runs,
    );
    std::fs::write(&config, toml).unwrap();
    measure(
        &format!("generated corpus ({articles} articles)"),
        big.path(),
        "annotations/articles/article-7.md",
        "Commentary on",
        runs,
    );
}
