//! Incremental rebuilds (what `serve` does on every edit) must produce exactly what a
//! fresh build produces, while redoing only what the edit touches.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::common::*;
use dossier::render::RenderOptions;
use dossier::session::{Rebuild, Session};

fn files(r: &Rebuild) -> BTreeMap<String, Vec<u8>> {
    r.files
        .as_ref()
        .unwrap_or_else(|| panic!("rebuild failed:\n{}", r.diags.render(false)))
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

fn assert_same_as_fresh(root: &Path, r: &Rebuild) {
    let fresh = Session::new(root, RenderOptions::default()).rebuild();
    if r.files.is_none() {
        assert!(fresh.files.is_none());
        assert_eq!(r.diags.items(), fresh.diags.items());
        return;
    }
    let (a, b) = (files(r), files(&fresh));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        if bytes != &b[path] {
            let (x, y) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&b[path]),
            );
            let at = x
                .bytes()
                .zip(y.bytes())
                .position(|(p, q)| p != q)
                .unwrap_or(0);
            let around = |t: &str| {
                t.get(at.saturating_sub(200)..(at + 200).min(t.len()))
                    .unwrap_or("")
                    .to_string()
            };
            panic!(
                "{path} differs from a fresh build:\n{}\n---- fresh:\n{}",
                around(&x),
                around(&y)
            );
        }
    }
    assert_eq!(r.diags.items(), fresh.diags.items());
}

/// Replaces the first `from` in `rel` with `to`; returns the file's path.
fn write_edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p
}

/// Rebuilds and checks what was redone: (files parsed, articles cleaned, articles
/// linked), and that the number of pages rendered lies in `rendered`.
fn rebuild_expecting(
    s: &mut Session,
    redone: (usize, usize, usize),
    rendered: std::ops::Range<usize>,
) -> Rebuild {
    let r = s.rebuild();
    let st = r.stats;
    assert_eq!((st.parsed, st.cleaned, st.marked), redone, "{st:?}");
    assert!(rendered.contains(&st.rendered), "{st:?}");
    r
}

#[test]
fn rebuilds_only_what_an_edit_touches_and_match_fresh_builds() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let mut s = Session::new(root, RenderOptions::default());
    let first = s.rebuild();
    let pages = first.stats.rendered;
    assert!(pages > 80, "{:?}", first.stats);
    let art = "annotations/articles/ct-dialogue-washington-2024.md";
    let term = "annotations/glossary/raheel-sharif.md";

    // Nothing changed: nothing is redone.
    let r = rebuild_expecting(&mut s, (0, 0, 0), 0..1);
    assert_same_as_fresh(root, &r);
    // Edits a file (the session is told, as by a watcher that does not vouch for the
    // rest), rebuilds, checks what was redone when `expect` says, and compares the
    // output with a fresh build.
    type Expect = Option<((usize, usize, usize), Range<usize>)>;
    let mut step = |rel: &str, from: &str, to: &str, expect: Expect| {
        let p = write_edit(root, rel, from, to);
        s.invalidate([p.as_path()]);
        let r = match expect {
            Some((redone, rendered)) => rebuild_expecting(&mut s, redone, rendered),
            None => s.rebuild(),
        };
        assert_same_as_fresh(root, &r);
        r
    };
    // An article's summary: that article, and the few pages that show its summary.
    step(
        art,
        "summary = \"",
        "summary = \"Edited. ",
        Some(((1, 1, 1), 2..pages / 2)),
    );
    // A definition: the term page and pages that show it, no article re-linked.
    let (from, to) = (
        "North Waziristan offensive",
        "North Waziristan military offensive",
    );
    step(term, from, to, Some(((1, 0, 0), 1..pages / 2)));
    // A new spelling: every article is matched again.
    let to = "aliases = [\"army chief Raheel\", ";
    step(term, "aliases = [", to, Some(((1, 0, 5), 1..pages + 1)));
    // An article title: pages listing it change too.
    let other = "annotations/articles/daesh-information-sharing-2016.md";
    step(other, "title = \"", "title = \"Retitled: ", None);
    // A template: everything re-rendered, nothing re-parsed but the template.
    let (from, to) = ("Skip to content", "Skip to the text");
    step(
        "templates/base.html",
        from,
        to,
        Some(((1, 0, 0), pages..pages + 1)),
    );
    // A broken edit fails; fixing it recovers.
    let r = step(art, "title = ", "title = = ", None);
    assert!(r.files.is_none() && r.diags.has_errors());
    step(art, "title = = ", "title = ", None);
    // A global rule.
    step(
        "annotations/boilerplate.toml",
        "login form",
        "login prompt",
        None,
    );
}

#[test]
fn fast_path_patches_the_last_build_exactly() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let mut s = Session::new(root, RenderOptions::default());
    assert!(s.rebuild().diags.is_empty());
    let art = "annotations/articles/ct-dialogue-washington-2024.md";
    let term = "annotations/glossary/raheel-sharif.md";
    let seed = "seeds/003_0e25f014531c5be4.txt";
    // Edits `rel`, rebuilds as serve does, checks the path taken and the output.
    let mut step = |rel: &str, from: &str, to: &str, fast: bool| {
        let p = write_edit(root, rel, from, to);
        s.changed_only([p.as_path()]);
        let r = s.rebuild();
        let st = r.stats;
        assert_eq!(
            st.fast,
            fast,
            "{rel}: {from:?} → {to:?}: {st:?}\n{}",
            r.diags.render(false)
        );
        assert_same_as_fresh(root, &r);
        r
    };

    // Commentary only: the article page, and the data export and print edition that
    // hold it.
    let r = step(art, "## Notes", "One more sentence.\n\n## Notes", true);
    assert_eq!(r.stats.rendered, 3);
    // A byline: still only the article's own page.
    step(art, "seed = ", "byline = \"A. Reporter\"\nseed = ", true);
    // The seed text: a new mention reaches Lahore's page and the glossary index.
    let r = step(
        seed,
        "Both governments resolved",
        "Both governments, far from Lahore, resolved",
        true,
    );
    assert!(r.stats.rendered >= 3, "{:?}", r.stats);
    // The seed quotes another article's sentence: a shared passage on both pages.
    let wire = "Pakistan and the US are committed to enhancing intelligence cooperation and information sharing";
    let r = step(
        seed,
        "Both governments, far from Lahore, resolved",
        &format!("{wire}. Both governments, far from Lahore, resolved"),
        true,
    );
    let built = files(&r);
    let shared: Vec<&String> = built
        .iter()
        .filter(|(k, v)| {
            k.starts_with("articles/") && String::from_utf8_lossy(v).contains("id=\"shared-1\"")
        })
        .map(|(k, _)| k)
        .collect();
    assert_eq!(shared.len(), 2, "{shared:?}");
    // A glossary definition past its first sentence: the term's own page, the data
    // export and the print edition.
    let r = step(
        term,
        "He attended the inaugural",
        "He attended the first",
        true,
    );
    assert_eq!(r.stats.rendered, 3);
    // Its first sentence is the preview articles show and the glossary index lists:
    // the term's page, the article naming him, the glossary index, the search
    // page (which lists every term's names, read with the preview), the data export
    // and the print edition.
    let r = step(
        term,
        "North Waziristan offensive",
        "North Waziristan military offensive",
        true,
    );
    assert_eq!(r.stats.rendered, 6, "{:?}", r.stats);
    // Its spellings are matched in articles: the full rebuild runs.
    step(
        term,
        "aliases = [",
        "aliases = [\"Sharif the general\", ",
        false,
    );
    // A title shows on other pages: the full rebuild runs.
    step(art, "title = \"", "title = \"New: ", false);
    // A note whose quote is gone is an error: no fast path, errors reported.
    let orphan = "\n> Quite unlike any passage: zebras juggle quinces over Oslo\n\nOrphaned.\n\n> ";
    let r = step(art, "\n> ", orphan, false);
    assert!(r.diags.has_errors() && r.files.is_none());
    // Fixed again: a full rebuild (the last build was not clean), then fast again.
    step(art, orphan, "\n> ", false);
    step(
        art,
        "One more sentence.",
        "One more sentence, edited.",
        true,
    );
    // Without a `summary`, the index shows the commentary's first paragraph: editing it
    // must reach index.html too (it once stayed stale).
    step(art, "summary = \"", "x_summary = \"", false);
    step(art, "x_summary = \"", "# summary = \"", false);
    let r = step(art, "Eight years after", "Nine years after", true);
    assert!(r.stats.rendered >= 2, "{:?}", r.stats);
}

/// One kind of edit an author makes while `serve` runs; returns the file it changed.
/// Each toggles or varies its file, so any sequence of them stays meaningful.
fn random_edit(root: &Path, op: u8, n: u8) -> PathBuf {
    let p = |rel: &str| root.join(rel);
    let edit = |rel: &str, f: &dyn Fn(String) -> String| {
        let path = p(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, f(text)).unwrap();
        path
    };
    let toggle = |rel: &str, a: &str, b: &str| {
        edit(rel, &|t: String| {
            if t.contains(a) {
                t.replacen(a, b, 1)
            } else {
                t.replacen(b, a, 1)
            }
        })
    };
    let alpha = "annotations/articles/alpha.md";
    let beta = "annotations/articles/beta.md";
    match op % 16 {
        // The commentary, a note, the summary: only the article's own pages.
        0 => edit(alpha, &|t| {
            t.replacen("Commentary links", &format!("Commentary {n} links"), 1)
        }),
        1 => edit(alpha, &|t| {
            t.replacen("A note about", &format!("A note {n} about"), 1)
        }),
        2 => edit(alpha, &|t| {
            t.replacen("summary = \"", &format!("summary = \"{n} "), 1)
        }),
        // What other pages show: the title, the date, see_also.
        3 => edit(beta, &|t| {
            t.replacen("title = \"", &format!("title = \"T{n} "), 1)
        }),
        4 => toggle(beta, "date = \"~2015-09\"", "date = \"2017-01-02\""),
        5 => toggle(beta, "see_also = [\"alpha\"]", "see_also = []"),
        // The seed: new mentions, lost mentions.
        6 => toggle("seeds/beta.txt", "and ISIL too.", "and Pakistan too."),
        7 => edit("seeds/alpha.txt", &|t| {
            t.replacen("were discussed.", &format!("were discussed {n} times."), 1)
        }),
        // The glossary: a definition alone, then what is matched and shown elsewhere.
        8 => edit("annotations/glossary/pakistan.md", &|t| {
            t.replacen("The country", &format!("The country {n}"), 1)
        }),
        9 => toggle(
            "annotations/glossary/pakistan.md",
            "kind = \"place\"",
            "aliases = [\"envoy\"]\nkind = \"place\"",
        ),
        10 => toggle(
            "annotations/glossary/islamic-state.md",
            "kind = \"group\"",
            "kind = \"organization\"",
        ),
        // Mistakes and their repair.
        11 => toggle(
            alpha,
            "title = \"Alpha headline\"",
            "title = \"Alpha headline",
        ),
        12 => toggle(
            beta,
            "lines = [\"Beta headline\"]",
            "lines = [\"Gamma headline\"]",
        ),
        // The introduction and the global rules.
        13 => edit("annotations/index.md", &|t| {
            t.replacen("This fixture", &format!("This {n} fixture"), 1)
        }),
        14 => toggle(
            "annotations/boilerplate.toml",
            "reason = \"comment widget\"",
            "reason = \"comment box\"",
        ),
        // A link to an article that may not exist, and that article coming and going:
        // the targets change while no glossary spelling does.
        15 if n.is_multiple_of(3) => toggle(alpha, "the envoy.", "the envoy ([[gamma]])."),
        15 if n % 3 == 1 => {
            let (ann, seed) = (p("annotations/articles/gamma.md"), p("seeds/gamma.txt"));
            if ann.exists() {
                std::fs::remove_file(&ann).unwrap();
            } else {
                std::fs::write(&seed, "Gamma text about Pakistan.\n").unwrap();
                std::fs::write(&ann, "+++\nseed = \"gamma.txt\"\ntitle = \"Gamma\"\ndate = \"2019\"\n+++\nOn [[alpha]].\n").unwrap();
            }
            ann
        }
        // A glossary entry appears or goes away.
        _ => {
            let path = p("annotations/glossary/extra.md");
            if path.exists() {
                std::fs::remove_file(&path).unwrap();
            } else {
                std::fs::write(
                    &path,
                    "+++\nterm = \"Coalition\"\nkind = \"group\"\n+++\nA term.\n",
                )
                .unwrap();
            }
            path
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 25,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// After every edit of a random sequence (25 sequences of 40: 1,000 edits), the
    /// incremental rebuild `serve` does gives exactly the files and diagnostics of a
    /// fresh build.
    #[test]
    fn incremental_rebuilds_equal_fresh_builds(ops in proptest::collection::vec((0u8..16, 0u8..9), 40)) {
        let dir = copy_dossier(&fixture("basic"));
        let root = dir.path();
        let mut s = Session::new(root, RenderOptions::default());
        s.rebuild();
        for (op, n) in ops {
            let path = random_edit(root, op, n);
            s.changed_only([path.as_path()]);
            let r = s.rebuild();
            assert_same_as_fresh(root, &r);
        }
    }
}

#[test]
fn caches_forget_deleted_articles() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let mut s = Session::new(root, RenderOptions::default());
    let r = s.rebuild();
    assert!(r.files.is_some(), "{}", r.diags.render(false));
    assert_eq!(r.stats.held, [2, 2]);
    write_edit(
        root,
        "annotations/articles/alpha.md",
        "see_also = [\"beta\"]",
        "",
    );
    let alpha = write_edit(
        root,
        "annotations/articles/alpha.md",
        "[[beta|the beta article]]",
        "the beta article",
    );
    let (beta, seed) = (
        root.join("annotations/articles/beta.md"),
        root.join("seeds/beta.txt"),
    );
    std::fs::remove_file(&beta).unwrap();
    std::fs::remove_file(&seed).unwrap();
    s.invalidate([alpha.as_path(), beta.as_path(), seed.as_path()]);
    let r = s.rebuild();
    assert!(r.files.is_some(), "{}", r.diags.render(false));
    assert_same_as_fresh(root, &r);
    // Held: only the live article, in both caches.
    assert_eq!(r.stats.held, [1, 1], "{}", r.diags.render(false));
}
