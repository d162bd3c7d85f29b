//! The shipped dossier's own contract: complete, dated, cross-referenced, and every
//! spelling of a named group reaches one glossary page.

use std::collections::BTreeSet;

use crate::common::*;
use dossier::site::{MarkKind, PageRef};

#[test]
fn every_term_is_mentioned_and_every_article_is_dated_and_cross_referenced() {
    let mut diags = dossier::diagnostic::Diagnostics::new();
    let linked = dossier::check(&repo(), &mut diags).expect("the shipped dossier loads");
    assert!(!diags.has_errors(), "{}", diags.render(false));
    assert_eq!(linked.articles.len(), 5);
    assert!(
        linked.terms.len() >= 40,
        "the glossary covers every entity: {}",
        linked.terms.len()
    );
    for lt in &linked.terms {
        let t = &lt.ann;
        assert!(
            !lt.mentioned_in.is_empty() || !lt.backlinks.is_empty(),
            "term `{}` is mentioned by no article and no annotation",
            t.slug
        );
        assert!(
            !t.definition.text.trim().is_empty(),
            "term `{}` has no definition",
            t.slug
        );
    }
    for a in &linked.articles {
        let ann = &a.ann;
        assert!(ann.date.is_some(), "article `{}` has no date", ann.slug);
        assert!(
            !a.see_also.is_empty(),
            "article `{}` has no see_also",
            ann.slug
        );
        assert!(
            ann.summary.is_some(),
            "article `{}` has no summary",
            ann.slug
        );
        assert!(
            !ann.commentary.text.trim().is_empty(),
            "article `{}` has no commentary",
            ann.slug
        );
    }
    // The introduction links into the dossier.
    assert!(linked
        .index_links
        .iter()
        .any(|p| matches!(p, PageRef::Article(_))));
    assert!(!linked.timeline.is_empty());
}

#[test]
fn every_mentioned_term_is_linked_on_the_article_page() {
    let mut diags = dossier::diagnostic::Diagnostics::new();
    let linked = dossier::check(&repo(), &mut diags).expect("loads");
    let (_t, site) = build(&repo());
    for a in &linked.articles {
        let ann = &a.ann;
        let doc = page(&site, &format!("articles/{}.html", ann.slug));
        let linked_hrefs: BTreeSet<String> = doc
            .select(&sel(".source-text a.term"))
            .map(|e| e.value().attr("href").unwrap_or_default().to_string())
            .collect();
        // A mention that overlaps a correction is never a link; every other is, once.
        let outside_fixes: BTreeSet<_> = a
            .marks
            .paragraphs
            .iter()
            .flat_map(|p| {
                let fixes: Vec<_> = p
                    .marks
                    .iter()
                    .filter(|m| matches!(m.kind, MarkKind::Fix { .. }))
                    .map(|m| m.range.clone())
                    .collect();
                p.marks.iter().filter_map(move |m| match m.kind {
                    MarkKind::Term { term, .. }
                        if !fixes
                            .iter()
                            .any(|f| f.start < m.range.end && m.range.start < f.end) =>
                    {
                        Some(term)
                    }
                    _ => None,
                })
            })
            .collect();
        for &t in &outside_fixes {
            let want = format!("../glossary/{}.html", linked.term(t).ann.slug);
            assert!(
                linked_hrefs.contains(&want),
                "{}: term `{}` is mentioned but not linked",
                ann.slug,
                linked.term(t).ann.slug
            );
        }
    }
}

/// (spelling as it appears in a seed, glossary page it must link to)
const SPELLINGS: &[(&str, &str)] = &[
    ("ISIL", "islamic-state"),
    ("Daesh", "islamic-state"),
    ("IS", "islamic-state"),
    ("ISIS", "islamic-state"),
    ("Islamic State", "islamic-state"),
    ("ISIS-K", "islamic-state-khorasan"),
    ("ISIS-Khorasan", "islamic-state-khorasan"),
    ("Daesh-Khorasan", "islamic-state-khorasan"),
    ("Khorasan chapter", "islamic-state-khorasan"),
    (
        "Islamic State of Iraq and Syria Khorasan",
        "islamic-state-khorasan",
    ),
    ("TTP", "tehrik-e-taliban-pakistan"),
    ("Tehrik-e-Taliban Pakistan", "tehrik-e-taliban-pakistan"),
    ("Tehreek-e-Taliban Pakistan", "tehrik-e-taliban-pakistan"),
    ("Pakistani Taliban", "tehrik-e-taliban-pakistan"),
    ("al-Qa’ida", "al-qaida"),
    ("AQIS", "aqis"),
    ("BLA", "balochistan-liberation-army"),
    ("Balochistan Liberation Army", "balochistan-liberation-army"),
    ("Haqqani Network", "haqqani-network"),
    ("DoD", "us-department-of-defense"),
    ("Pentagon", "us-department-of-defense"),
    ("CENTCOM", "centcom"),
    ("Jalil Abbas Jilani", "jalil-abbas-jilani"),
    ("Susan Rice", "susan-rice"),
    ("Raheel Sharif", "raheel-sharif"),
    ("Asim Munir", "asim-munir"),
    ("Nabeel Munir", "nabeel-munir"),
    ("Elizabeth Richard", "elizabeth-richard"),
    ("Syed Haider Shah", "syed-haider-shah"),
];

#[test]
fn all_spellings_of_a_group_reach_one_page() {
    let (_t, site) = build(&repo());
    // Every term link on every article page: (link text, target page).
    let mut seen: Vec<(String, String)> = Vec::new();
    for rel in html_files(&site)
        .iter()
        .filter(|p| p.starts_with("articles/"))
    {
        let doc = page(&site, rel);
        for a in doc.select(&sel(".source-text a.term")) {
            let text: String = a.text().collect();
            let href = a.value().attr("href").unwrap_or_default();
            let slug = href
                .trim_start_matches("../glossary/")
                .trim_end_matches(".html")
                .to_string();
            seen.push((text, slug));
        }
    }
    for (spelling, slug) in SPELLINGS {
        let hits: Vec<&(String, String)> =
            seen.iter().filter(|(t, _)| t.contains(spelling)).collect();
        assert!(!hits.is_empty(), "`{spelling}` is never linked");
        assert!(
            hits.iter().any(|(_, s)| s == slug),
            "`{spelling}` should link to {slug}: {hits:?}"
        );
        for (t, s) in &hits {
            if t == spelling {
                assert_eq!(s, slug, "`{spelling}` links to the wrong page");
            }
        }
    }
}
