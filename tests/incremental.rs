//! Incremental rebuilds (what `serve` does on every edit) must produce exactly what a
//! fresh build produces, while redoing only what the edit touches.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
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
        assert!(bytes == &b[path], "{path} differs from a fresh build");
    }
    assert_eq!(r.diags.items(), fresh.diags.items());
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String, s: &mut Session) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "the edit of {rel} changed nothing");
    std::fs::write(&p, new).unwrap();
    s.invalidate([p.as_path()]);
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

    // Nothing changed: nothing is redone.
    let r = rebuild_expecting(&mut s, (0, 0, 0), 0..1);
    assert_same_as_fresh(root, &r);

    // An article's commentary: that article, and the few pages that show its summary.
    edit(
        root,
        "annotations/articles/ct-dialogue-washington-2024.md",
        |t| t.replacen("summary = \"", "summary = \"Edited. ", 1),
        &mut s,
    );
    let r = rebuild_expecting(&mut s, (1, 1, 1), 2..pages / 2);
    assert_same_as_fresh(root, &r);

    // A definition: the term page and pages that show it, no article re-linked.
    edit(
        root,
        "annotations/glossary/raheel-sharif.md",
        |t| {
            t.replacen("+++\n", "+++\nEdited definition. ", 2).replacen(
                "Edited definition. ",
                "",
                1,
            )
        },
        &mut s,
    );
    let r = rebuild_expecting(&mut s, (1, 0, 0), 1..pages / 2);
    assert_same_as_fresh(root, &r);

    // A new spelling: every article is matched again.
    edit(
        root,
        "annotations/glossary/raheel-sharif.md",
        |t| t.replacen("aliases = [", "aliases = [\"army chief Raheel\", ", 1),
        &mut s,
    );
    let r = rebuild_expecting(&mut s, (1, 0, 5), 1..pages + 1);
    assert_same_as_fresh(root, &r);

    // An article title: pages listing it change too.
    edit(
        root,
        "annotations/articles/daesh-information-sharing-2016.md",
        |t| t.replacen("title = \"", "title = \"Retitled: ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert_same_as_fresh(root, &r);

    // A template: everything re-rendered, nothing re-parsed but the template.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    edit(
        root,
        "templates/base.html",
        |t| t.replace("Skip to content", "Skip to the text"),
        &mut s,
    );
    let r = rebuild_expecting(&mut s, (1, 0, 0), pages..pages + 1);
    assert_same_as_fresh(root, &r);

    // A broken edit fails; fixing it recovers, matching a fresh build.
    let art = "annotations/articles/ct-dialogue-islamabad-2025.md";
    let good = std::fs::read_to_string(root.join(art)).unwrap();
    edit(
        root,
        art,
        |t| t.replacen("title = ", "title = = ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(r.files.is_none() && r.diags.has_errors());
    edit(root, art, |_| good.clone(), &mut s);
    let r = s.rebuild();
    assert_same_as_fresh(root, &r);

    // A global rule and a seed.
    edit(
        root,
        "annotations/boilerplate.toml",
        |t| t.replace("login form", "login prompt"),
        &mut s,
    );
    let r = s.rebuild();
    assert_same_as_fresh(root, &r);
}

/// Like `edit`, but tells the session which file changed, as `serve`'s watcher does.
fn edit_watched(root: &Path, rel: &str, f: impl FnOnce(String) -> String, s: &mut Session) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "the edit of {rel} changed nothing");
    std::fs::write(&p, new).unwrap();
    s.changed_only([p.as_path()]);
}

#[test]
fn fast_path_patches_the_last_build_exactly() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let mut s = Session::new(root, RenderOptions::default());
    assert!(s.rebuild().diags.is_empty());
    let art = "annotations/articles/ct-dialogue-washington-2024.md";

    // Commentary only: the article page alone.
    edit_watched(
        root,
        art,
        |t| t.replacen("## Notes", "One more sentence.\n\n## Notes", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(r.stats.fast, "{:?}\n{}", r.stats, r.diags.render(false));
    assert_eq!(r.stats.rendered, 1);
    assert_same_as_fresh(root, &r);

    // A byline: still only the article's own page.
    edit_watched(
        root,
        art,
        |t| t.replacen("seed = ", "byline = \"A. Reporter\"\nseed = ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(r.stats.fast, "{:?}\n{}", r.stats, r.diags.render(false));
    assert_same_as_fresh(root, &r);

    // The seed text: new mentions reach the term pages and the glossary index.
    let seed = "seeds/003_0e25f014531c5be4.txt";
    edit_watched(
        root,
        seed,
        |t| {
            t.replacen(
                "Both governments resolved",
                "Both governments, meeting far from Lahore, resolved",
                1,
            )
        },
        &mut s,
    );
    let r = s.rebuild();
    assert!(r.stats.fast, "{:?}\n{}", r.stats, r.diags.render(false));
    assert!(
        r.stats.rendered >= 3,
        "article, Lahore's page, the glossary: {:?}",
        r.stats
    );
    assert_same_as_fresh(root, &r);

    // A glossary definition: only the term's own page.
    let term = "annotations/glossary/raheel-sharif.md";
    edit_watched(root, term, |t| format!("{t}\nAn added sentence.\n"), &mut s);
    let r = s.rebuild();
    assert!(r.stats.fast, "{:?}\n{}", r.stats, r.diags.render(false));
    assert_eq!(r.stats.rendered, 1);
    assert_same_as_fresh(root, &r);
    // Its spellings are matched in articles: the full rebuild runs.
    edit_watched(
        root,
        term,
        |t| t.replacen("aliases = [", "aliases = [\"Sharif the general\", ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(!r.stats.fast);
    assert_same_as_fresh(root, &r);

    // A title shows on other pages: the full rebuild runs.
    edit_watched(
        root,
        art,
        |t| t.replacen("title = \"", "title = \"New: ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(!r.stats.fast);
    assert_same_as_fresh(root, &r);

    // A note whose quote is gone is an error: no fast path, errors reported.
    edit_watched(
        root,
        art,
        |t| t.replacen("\n> ", "\n> not in the text at all ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(!r.stats.fast && r.diags.has_errors() && r.files.is_none());
    assert_same_as_fresh(root, &r);
    // Fixed again: a full rebuild (the last build was not clean), then fast again.
    edit_watched(
        root,
        art,
        |t| t.replacen("\n> not in the text at all ", "\n> ", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(!r.stats.fast);
    assert_same_as_fresh(root, &r);
    edit_watched(
        root,
        art,
        |t| t.replacen("One more sentence.", "One more sentence, edited.", 1),
        &mut s,
    );
    let r = s.rebuild();
    assert!(r.stats.fast, "{:?}\n{}", r.stats, r.diags.render(false));
    assert_same_as_fresh(root, &r);
}
