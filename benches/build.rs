//! Build benchmarks on a generated corpus (see benches/corpus.rs):
//! a full build, and incremental rebuilds after typical edits (what `serve` does).
//!
//! Run: `cargo bench --bench build` (ARTICLES=10000 TERMS=300 by default).

mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::render::RenderOptions;
use dossier::session::Session;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str, s: &mut Session) {
    let p = root.join(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    s.changed_only([p.as_path()]);
}

/// An edit applied before a timed rebuild (its argument makes each run's edit differ).
type EditFn<'a> = Box<dyn Fn(&mut Session, usize) + 'a>;

fn main() {
    let articles = env("ARTICLES", 10_000);
    let terms = env("TERMS", 300);
    let runs = env("RUNS", 5);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let t = Instant::now();
    corpus::generate(root, articles, terms);
    println!(
        "generated {articles} articles, {terms} terms in {}",
        ms(t.elapsed())
    );

    // Full builds, in memory and to disk (SKIP_FULL=1 skips them, for profiling).
    let skip_full = std::env::var_os("SKIP_FULL").is_some();
    let runs_full = if skip_full { 0 } else { runs };
    let mut full = Vec::new();
    let mut files = 0;
    for _ in 0..runs_full {
        let t = Instant::now();
        let r = Session::new(root, RenderOptions::default()).rebuild();
        full.push(t.elapsed());
        assert!(r.files.is_some(), "{}", r.diags.render(false));
        files = r.stats.files;
    }
    if !skip_full {
        println!(
            "full build (in memory), {files} files: median {} over {runs} runs",
            ms(median(full))
        );
    }
    let out = dir.path().join("site");
    let mut to_disk = Vec::new();
    for _ in 0..runs_full.min(3) {
        let t = Instant::now();
        let mut d = dossier::diagnostic::Diagnostics::new();
        let opts = dossier::BuildOptions {
            root: root.to_path_buf(),
            output: Some(out.clone()),
            base_url: None,
        };
        assert!(dossier::build(&opts, &mut d).is_some());
        to_disk.push(t.elapsed());
    }
    if !skip_full {
        println!(
            "full build (written to disk): median {}",
            ms(median(to_disk))
        );
    }

    // Incremental rebuilds.
    let mut s = Session::new(root, RenderOptions::default());
    let first = s.rebuild();
    assert!(
        first.diags.is_empty(),
        "the corpus should be clean:\n{}",
        first.diags.render(false)
    );
    let cases: Vec<(&str, EditFn)> = vec![
        ("no change", Box::new(|_: &mut Session, _| {})),
        (
            "article commentary",
            Box::new(|s: &mut Session, i| {
                edit(
                    root,
                    "annotations/articles/article-7.md",
                    "Commentary on",
                    &format!("Edit {i}. Commentary on"),
                    s,
                )
            }),
        ),
        (
            "article title",
            Box::new(|s: &mut Session, i| {
                edit(
                    root,
                    "annotations/articles/article-9.md",
                    "title = \"",
                    &format!("title = \"T{i} "),
                    s,
                )
            }),
        ),
        (
            "seed text",
            Box::new(|s: &mut Session, i| {
                edit(
                    root,
                    "seeds/00011.txt",
                    "officials",
                    &format!("officials{i}"),
                    s,
                )
            }),
        ),
        (
            "glossary definition",
            Box::new(|s: &mut Session, i| {
                edit(
                    root,
                    "annotations/glossary/term-5.md",
                    "is a body",
                    &format!("is a body ({i})"),
                    s,
                )
            }),
        ),
        (
            "glossary alias added",
            Box::new(|s: &mut Session, i| {
                edit(
                    root,
                    "annotations/glossary/term-6.md",
                    "aliases = [",
                    &format!("aliases = [\"Alias{i}\", "),
                    s,
                )
            }),
        ),
        (
            "template",
            Box::new(|s: &mut Session, i| {
                std::fs::create_dir_all(root.join("templates")).unwrap();
                let p = root.join("templates/article.html");
                let base = dossier::render::default_templates()
                    .find(|t| t.0 == "article.html")
                    .unwrap()
                    .1;
                std::fs::write(&p, base.replace("The article", &format!("The article {i}")))
                    .unwrap();
                s.changed_only([p.as_path()]);
            }),
        ),
    ];
    println!("\n| edit | median rebuild | path | parsed | cleaned | linked | rendered | load / clean / link / render (last run) |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, f) in &cases {
        let mut times = Vec::new();
        let mut last = None;
        for i in 0..runs {
            f(&mut s, i);
            let t = Instant::now();
            let r = s.rebuild();
            times.push(t.elapsed());
            assert!(r.files.is_some(), "{}", r.diags.render(false));
            last = Some(r.stats);
        }
        let st = last.unwrap();
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} of {} | {} / {} / {} / {} |",
            ms(median(times)),
            if st.fast { "fast" } else { "full" },
            st.parsed,
            st.cleaned,
            st.marked,
            st.rendered,
            st.files,
            ms(st.stages[0]),
            ms(st.stages[1]),
            ms(st.stages[2]),
            ms(st.stages[3]),
        );
    }
}
