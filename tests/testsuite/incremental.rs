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
        assert!(bytes == &b[path], "{path} differs from a fresh build");
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

    // Commentary only: the article page alone.
    let r = step(art, "## Notes", "One more sentence.\n\n## Notes", true);
    assert_eq!(r.stats.rendered, 1);
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
    // A glossary definition: only the term's own page.
    let r = step(
        term,
        "North Waziristan offensive",
        "North Waziristan military offensive",
        true,
    );
    assert_eq!(r.stats.rendered, 1);
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
    let r = step(art, "\n> ", "\n> not in the text at all ", false);
    assert!(r.diags.has_errors() && r.files.is_none());
    // Fixed again: a full rebuild (the last build was not clean), then fast again.
    step(art, "\n> not in the text at all ", "\n> ", false);
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
