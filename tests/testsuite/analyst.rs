//! What an analyst reads beyond the text: notes that survive re-scrapes and fixes
//! (anchored closely, with a warning), every mention of a term in context,
//! co-occurring terms, and passages two articles share.

use std::path::Path;

use dossier::diagnostic::{Diagnostics, Severity};

use crate::common::*;

/// Builds `root` into a temp dir; the build must succeed. Returns its diagnostics.
fn build_diags(root: &Path) -> (tempfile::TempDir, std::path::PathBuf, Diagnostics) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let mut diags = Diagnostics::new();
    let opts = dossier::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    };
    let built = dossier::build(&opts, &mut diags);
    assert!(built.is_some(), "build failed:\n{}", diags.render(false));
    (dir, out, diags)
}

fn edit(root: &Path, rel: &str, f: impl Fn(&str) -> String) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(&text);
    assert_ne!(new, text, "the edit of {rel} changed nothing");
    std::fs::write(p, new).unwrap();
}

/// The warnings' "file:line: message" lines.
fn warnings(diags: &Diagnostics) -> Vec<String> {
    diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Warning && !d.message.contains("base_url"))
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect()
}

/// `dossier check` of `root` with `flags`: its output, and what it printed on stderr.
fn check(root: &Path, flags: &[&str]) -> (std::process::Output, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .args(flags)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, err)
}

/// The text each note of the alpha article is anchored to, by note number.
fn anchors(site: &Path) -> Vec<(String, String)> {
    let doc = page(site, "articles/alpha.html");
    let marks = sel("mark.note-anchor");
    let ids = doc
        .select(&marks)
        .map(|m| m.value().attr("id").unwrap_or("").to_string());
    ids.zip(reading_texts(&doc, "mark.note-anchor")).collect()
}

const ALPHA: &str = "annotations/articles/alpha.md";
const QUOTE: &str = "> Pakistan’s envoy Jalil Abbas Jilani";

#[test]
fn a_note_follows_its_text_through_a_rescrape() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    // The seed is scraped again: an apostrophe turned straight, a letter dropped.
    edit(root, "seeds/alpha.txt", |t| {
        t.replace(
            "Pakistan’s envoy Jalil Abbas Jilani",
            "Pakistan's envoy Jalil Abas Jilani",
        )
    });
    let (_d, site, diags) = build_diags(root);
    assert_eq!(
        anchors(&site),
        [(
            "q1".to_string(),
            "Pakistan's envoy Jalil Abas Jilani".to_string()
        )]
    );
    assert_eq!(
        warnings(&diags),
        [format!(
            "{ALPHA}:28:3: note quote not found as written; anchored to a close match (1 edit)"
        )]
    );
    let help = diags.items().iter().find_map(|d| d.help.clone()).unwrap();
    assert!(
        help.contains("the note quotes “Pakistan’s envoy Jalil Abbas Jilani”")
            && help.contains("now reads “Pakistan's envoy Jalil Abas Jilani”"),
        "{help}"
    );
}

#[test]
fn a_note_follows_a_reworded_rescrape_and_an_orphan_shows_the_nearest_passage() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let line = std::fs::read_to_string(root.join("seeds/alpha.txt"))
        .unwrap()
        .lines()
        .find(|l| l.contains("Jalil Abbas Jilani"))
        .unwrap()
        .to_string();
    // The note quotes the whole line; the new scrape rewords two words of it (more
    // than one edit in ten characters).
    let quote = line.trim().to_string();
    edit(root, ALPHA, |t| t.replace(QUOTE, &format!("> {quote}")));
    let reworded = quote.replacen("envoy", "ambassador to Washington,", 1);
    assert_ne!(reworded, quote);
    edit(root, "seeds/alpha.txt", |t| t.replace(&quote, &reworded));
    let (_d, site, diags) = build_diags(root);
    assert_eq!(anchors(&site), [("q1".to_string(), reworded.clone())]);
    let w = warnings(&diags);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("anchored to a close match"), "{w:?}");
    // Reworded beyond recognition: an orphan, with the passage most like it.
    let far =
        "Pakistan’s ambassador met reporters on Friday to discuss visas, trade and energy ties";
    edit(root, ALPHA, |t| {
        t.replace(&format!("> {quote}"), &format!("> {far}"))
    });
    let (out, err) = check(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: note quote not found in the article text"),
        "{err}"
    );
    assert!(
        err.contains(
            "the closest passage, in paragraph 1, reads “Pakistan’s ambassador to Washington,"
        ),
        "{err}"
    );
}

#[test]
fn a_note_follows_the_words_a_fix_corrects() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    // The note quotes the source's words, which a fix corrects.
    edit(root, ALPHA, |t| {
        t.replace(
            QUOTE,
            "> The United Nations Security Coalition adopted resolution 2178.",
        )
    });
    let (_d, site, diags) = build_diags(root);
    let got = anchors(&site);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "q1");
    // The anchor holds the corrected words (the fix shows the original inside it).
    assert!(
        got[0]
            .1
            .contains("Security Council adopted resolution 2178."),
        "{got:?}"
    );
    let w = warnings(&diags);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("anchored to a close match"), "{w:?}");
}

#[test]
fn a_rewrapped_quote_with_straight_quotes_anchors_exactly() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    edit(root, ALPHA, |t| {
        t.replace(QUOTE, "> Pakistan's envoy\n> Jalil   Abbas Jilani")
    });
    let (_d, site, diags) = build_diags(root);
    assert_eq!(
        anchors(&site),
        [(
            "q1".to_string(),
            "Pakistan’s envoy Jalil Abbas Jilani".to_string()
        )]
    );
    assert_eq!(warnings(&diags), Vec::<String>::new());
}

#[test]
fn a_repeated_quote_anchors_where_its_context_says() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    edit(root, ALPHA, |t| {
        t.replace(QUOTE, "> The\nsuffix = \"United Nations\"")
    });
    let (_d, site, diags) = build_diags(root);
    assert_eq!(warnings(&diags), Vec::<String>::new());
    let doc = page(&site, "articles/alpha.html");
    // The anchor is in the paragraph that goes on "United Nations".
    let para = reading_texts(&doc, ".para:has(> mark.note-anchor)").join("");
    assert!(para.contains("Security Council adopted"), "{para}");
}

#[test]
fn check_reports_ambiguous_and_orphan_notes_with_file_and_line() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    edit(root, ALPHA, |t| {
        t.replace(
            QUOTE,
            "> The\n\nFirst.\n\n> Nobody said this at all, anywhere\n\nSecond.",
        )
    });
    let (out, err) = check(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: note quote occurs 2 times in the article"),
        "{err}"
    );
    assert!(err.contains(&format!("{ALPHA}:28")), "{err}");
    assert!(err.contains("occurrence 2: prefix = \""), "{err}");
    assert!(
        err.contains("error: note quote not found in the article text"),
        "{err}"
    );
    assert!(err.contains(&format!("{ALPHA}:32")), "{err}");
    assert!(
        err.contains("notes: 0 notes anchored as written, 0 by a close match, 2 not anchored"),
        "{err}"
    );
}

#[test]
fn no_link_spellings_and_corrected_words_are_not_linked() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let (_d, site) = build(root);
    let doc = page(&site, "articles/alpha.html");
    // The corrected words name the Security Council: a mention, not a link.
    assert_eq!(doc.select(&sel(".fix a.term")).count(), 0);
    assert_eq!(
        reading_texts(&doc, ".fix ins .mention"),
        ["United Nations Security Council"]
    );
    assert!(reading_texts(&doc, "a.term").contains(&"IS".to_string()));

    // "IS" opted out in this article: neither linked nor counted.
    edit(root, ALPHA, |t| {
        t.replace("tags =", "no_link = [\"IS\"]\ntags =")
    });
    let (_d, site, diags) = build_diags(root);
    assert_eq!(warnings(&diags), Vec::<String>::new());
    let doc = page(&site, "articles/alpha.html");
    let marked = reading_texts(&doc, "a.term, .mention");
    assert!(!marked.contains(&"IS".to_string()), "{marked:?}");
    assert!(marked.contains(&"Islamic State".to_string()), "{marked:?}");

    // A spelling that matches nothing is reported.
    edit(root, ALPHA, |t| {
        t.replace("no_link = [\"IS\"]", "no_link = [\"IS\", \"Daesh\"]")
    });
    let (_d, _site, diags) = build_diags(root);
    assert_eq!(
        warnings(&diags),
        [format!(
            "{ALPHA}:8:18: no_link `Daesh` matches no term mention in the article"
        )]
    );
}

#[test]
fn term_pages_show_every_mention_in_context_and_the_terms_named_with_it() {
    let (_d, site) = build(&fixture("basic"));
    let doc = page(&site, "glossary/islamic-state.html");
    // Grouped by article, in date order: beta (c. September 2015), then alpha (2016).
    let groups = reading_texts(&doc, ".kwic-article a");
    assert_eq!(groups, ["Beta headline — ça marche", "Alpha headline"]);
    let beta: Vec<String> = reading_texts(&doc, ".kwic-group:nth-of-type(1) .kwic li");
    assert_eq!(beta, ["Daesh-Khorasan was named again, and ISIL too."]);
    let spelled = reading_texts(&doc, ".kwic mark");
    assert_eq!(spelled, ["ISIL", "Islamic State", "IS"]);
    let alpha = reading_texts(&doc, ".kwic-group:nth-of-type(2) .kwic li");
    assert_eq!(
        alpha[1],
        "The Islamic State (IS) and ISIS-Khorasan were discussed. Pakistan’s envoy Jalil Abbas Jilani…"
    );
    // Each links to its paragraph's stable anchor, scrolled to the mention.
    let hrefs: Vec<&str> = doc
        .select(&sel(".kwic a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../articles/beta.html#p3:~:text=named%20again%2C%20and-,ISIL,-too%2E",
            "../articles/alpha.html#p6:~:text=The-,Islamic%20State,-%28IS%29%20and%20ISIS%2DKhorasan",
            "../articles/alpha.html#p6:~:text=Islamic%20State%20%28-,IS,-%29%20and%20ISIS%2DKhorasan",
        ]
    );
    for h in &hrefs {
        let (path, fragment) = h.split_once('#').unwrap();
        let id = fragment.split(":~:").next().unwrap();
        let target = page(&site, &format!("glossary/{path}"));
        assert_eq!(
            target.select(&sel(&format!(".para#{id}"))).count(),
            1,
            "{h}"
        );
    }

    // Named in the same paragraphs, with counts, linked.
    let with = reading_texts(&doc, ".cooccurs li");
    assert_eq!(
        with,
        [
            "Islamic State – Khorasan Province 2 paragraphs",
            "Pakistan 1 paragraph",
            "Jalil Abbas Jilani 1 paragraph",
        ]
    );
    let href = doc
        .select(&sel(".cooccurs a"))
        .next()
        .and_then(|a| a.value().attr("href"));
    assert_eq!(href, Some("../glossary/islamic-state-khorasan.html"));
}

/// A sentence two articles print alike (wire copy).
const WIRE: &str = "The two sides agreed to enhance intelligence sharing and to work \
                    together against the threat posed by militants in the region.";

#[test]
fn passages_two_articles_share_are_highlighted_linked_and_listed() {
    // Unrelated articles share nothing.
    let (_d, site) = build(&fixture("basic"));
    for a in ["alpha", "beta"] {
        let doc = page(&site, &format!("articles/{a}.html"));
        assert_eq!(doc.select(&sel(".shared, #shared-heading")).count(), 0);
    }

    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    edit(root, "seeds/alpha.txt", |t| {
        t.replace("A reader wrote", &format!("{WIRE}\nA reader wrote"))
    });
    // Beta prints it inside a longer line, in other case.
    edit(root, "seeds/beta.txt", |t| {
        t.replace(
            "and ISIL too.",
            &format!("and ISIL too. Officials said: {}", WIRE.to_uppercase()),
        )
    });
    let (_d, site) = build(root);
    let alpha = page(&site, "articles/alpha.html");
    let marked = reading_texts(&alpha, ".para .shared");
    assert_eq!(marked, [WIRE.trim_end_matches('.')]);
    let listed = reading_texts(&alpha, ".shared-passages li");
    assert_eq!(listed.len(), 1);
    assert!(
        listed[0].contains("21 words, also in Beta headline"),
        "{listed:?}"
    );
    // The reference after the passage leads to its entry; the entry to beta's copy.
    let r = alpha
        .select(&sel(".para .shared-ref"))
        .next()
        .and_then(|a| a.value().attr("href"));
    assert_eq!(r, Some("#shared-1"));
    let copy = alpha
        .select(&sel("#shared-1 a"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap()
        .to_string();
    assert!(
        copy.starts_with("../articles/beta.html#p3:~:text=THE%20TWO%20SIDES%20AGREED"),
        "{copy}"
    );
    let beta = page(&site, "articles/beta.html");
    assert_eq!(
        reading_texts(&beta, ".para#p3 .shared"),
        [WIRE.trim_end_matches('.').to_uppercase()]
    );
    // The data export has it on both articles, each span on the words the page marks.
    let data = data_export(&site);
    let article = |slug: &str| {
        data["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == slug)
            .unwrap()
            .clone()
    };
    let words_at = |a: &serde_json::Value, span: &serde_json::Value| -> String {
        let text = a["paragraphs"][span["paragraph"].as_u64().unwrap() as usize]["text"]
            .as_str()
            .unwrap();
        let (i, j) = (
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        text.chars()
            .skip(i as usize)
            .take((j - i) as usize)
            .collect()
    };
    let (a, b) = (article("alpha"), article("beta"));
    let shared = a["shared"].as_array().unwrap();
    assert_eq!(shared.len(), 1, "{shared:?}");
    assert_eq!(shared[0]["words"], 21);
    assert_eq!(
        words_at(&a, &shared[0]["spans"][0]),
        WIRE.trim_end_matches('.')
    );
    let copy = &shared[0]["copies"][0];
    assert_eq!(copy["article"], "beta");
    assert_eq!(
        words_at(&b, copy),
        WIRE.trim_end_matches('.').to_uppercase()
    );
    assert_eq!(b["shared"][0]["copies"][0]["article"], "alpha");

    // `check --verbose` lists it, once per pair.
    let (_, err) = check(root, &["--verbose"]);
    assert!(err.contains("shared passages: 1\n"), "{err}");
    assert!(
        err.contains("beta ¶3 = alpha ¶8: 21 words: “THE TWO SIDES AGREED"),
        "{err}"
    );
}
