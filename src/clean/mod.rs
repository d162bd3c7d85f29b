//! Stage 2, **clean**: turns each seed's raw text into the article text readers see.
//!
//! Applies the global boilerplate rules and the article's own `[[cut]]`s (whole
//! lines, a block from one line to another or to the end, exact spans), splits what
//! remains into paragraphs, and applies `[[fix]]` corrections as visible marks that
//! keep the original wording. Every removed span is recorded with the rule that
//! removed it (provenance). A cut or fix that matches nothing is an error, so a
//! re-scraped seed can never silently keep its junk; a global rule that matches no
//! seed at all is a warning.

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;

use crate::config::Paragraphs;
use crate::diagnostic::Diagnostics;
use crate::load::{
    ArticleAnnotation, Boilerplate, Cut, CutKind, Loaded, Located, Seed, SourceFile,
};

mod article;
mod cache;
mod cuts;
pub mod engine;
mod model;
mod paragraphs;
mod seeds;

pub use article::clean_article;
pub use cache::{CleanCache, CleanKey, RuleUse};
use cuts::*;
pub use model::{CleanArticle, CleanEntry, Cleaned, FixMark, Paragraph, Removed};
use paragraphs::*;

/// Runs the clean stage over every article.
pub fn clean(loaded: Loaded, diags: &mut Diagnostics) -> Cleaned {
    clean_cached(loaded, &mut CleanCache::default(), diags)
}

/// Like [`clean`], reusing every article whose annotation, seed and global rules did not change.
pub fn clean_cached(loaded: Loaded, cache: &mut CleanCache, diags: &mut Diagnostics) -> Cleaned {
    cache.cleaned_last = 0;
    cache.set_boilerplate(loaded.boilerplate.clone());
    let mut rule_use = RuleUse::default();
    let mut articles = Vec::new();
    let mut claims = seeds::Claims::default();
    seeds::no_seeds(&loaded, diags);
    let claimed: Vec<(usize, &Seed)> = loaded
        .articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, &**claims.claim(&loaded, a, diags)?)))
        .collect();
    let items: Vec<(&ArticleAnnotation, &Seed)> = claimed
        .iter()
        .map(|&(i, seed)| (&*loaded.articles[i], seed))
        .collect();
    let cleaned = cache.clean_all(&loaded, &items, &mut rule_use, diags);
    for ((index, _), article) in claimed.iter().zip(cleaned) {
        articles.push(CleanEntry {
            index: *index,
            article,
        });
    }
    cache.forget_gone(&loaded, articles.len());
    claims.check_published_names(diags);
    claims.warn_unannotated(&loaded, diags);
    // A global rule unused so far may be used by an article that could not be cleaned.
    if articles.len() == loaded.articles.len() && loaded.unreadable.is_empty() {
        warn_unused_rules(&loaded, &rule_use, diags);
    }
    Cleaned { loaded, articles }
}

#[cfg(test)]
mod tests {
    use super::engine::Line;
    use super::*;
    use std::sync::Arc;

    fn located(s: &str, at: usize) -> Located<String> {
        Located {
            value: s.to_string(),
            span: at..at + s.len(),
        }
    }

    fn article(cuts: Vec<Cut>, fixes: Vec<crate::load::Fix>) -> ArticleAnnotation {
        ArticleAnnotation {
            slug: "a".into(),
            version: 1,
            source: Arc::new(SourceFile {
                path: "a.md".into(),
                text: "x".repeat(200),
            }),
            seed: located("s.txt", 0),
            title: "T".into(),
            cuts,
            fixes,
            ..Default::default()
        }
    }

    fn seed(text: &str) -> Seed {
        Seed::new(
            "s.txt".into(),
            text.into(),
            std::sync::Arc::new(text.as_bytes().to_vec()),
            1,
            None,
        )
    }

    fn run(a: &ArticleAnnotation, text: &str) -> (CleanArticle, Diagnostics) {
        let mut d = Diagnostics::new();
        let mut u = RuleUse::default();
        let c = clean_article(a, &seed(text), None, Paragraphs::Lines, &mut u, &mut d);
        (c, d)
    }

    #[test]
    fn cuts_lines_blocks_and_spans() {
        let a = article(
            vec![
                Cut {
                    kind: CutKind::Lines(vec![located("close", 10)]),
                    reason: None,
                    span: 0..1,
                },
                Cut {
                    kind: CutKind::Range {
                        from: located("Share This:", 20),
                        to: None,
                    },
                    reason: Some("footer".into()),
                    span: 0..1,
                },
                Cut {
                    kind: CutKind::Text(located(" [ad]", 40)),
                    reason: None,
                    span: 0..1,
                },
            ],
            vec![],
        );
        let (c, d) = run(
            &a,
            "close\nBody one [ad] here.\n\nBody two.\nShare This:\n\nLogin\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let texts: Vec<&str> = c.paragraphs.iter().map(|p| &*p.text).collect();
        assert_eq!(texts, ["Body one here.", "Body two."]);
        assert_eq!(c.paragraphs[1].seed_line, 4);
        let removed: Vec<&str> = c.removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(removed, ["close", " [ad]", "Share This:", "Login"]);
    }

    #[test]
    fn unmatched_cut_and_fix_are_errors() {
        let a = article(
            vec![Cut {
                kind: CutKind::Lines(vec![located("nothing like this", 10)]),
                reason: None,
                span: 0..1,
            }],
            vec![crate::load::Fix {
                find: located("absent", 50),
                replace: "x".into(),
                note: None,
            }],
        );
        let (_, d) = run(&a, "Body.\n");
        assert_eq!(d.error_count(), 2);
    }

    #[test]
    fn fixes_keep_the_original() {
        let a = article(
            vec![],
            vec![crate::load::Fix {
                find: located("Security Coalition", 10),
                replace: "Security Council".into(),
                note: None,
            }],
        );
        let (c, d) = run(&a, "the United Nations Security Coalition adopted it\n");
        assert!(d.is_empty());
        let p = &c.paragraphs[0];
        assert_eq!(&*p.text, "the United Nations Security Council adopted it");
        assert_eq!(&p.text[p.fixes[0].range.clone()], "Security Council");
        assert_eq!(p.fixes[0].original, "Security Coalition");
        // Adjacent fixes both apply; an overlapping one does not.
        let fix = |find: &str, replace: &str, at| crate::load::Fix {
            find: located(find, at),
            replace: replace.into(),
            note: None,
        };
        let a = article(
            vec![],
            vec![fix("ab", "AB", 0), fix("cd", "CD", 10), fix("bc", "X", 20)],
        );
        let (c, d) = run(&a, "abcd\n");
        assert_eq!(&*c.paragraphs[0].text, "ABCD");
        assert_eq!(d.items().len(), 1);
        assert!(
            d.items()[0].message.contains("fix overlaps an earlier fix"),
            "{:?}",
            d.items()
        );
    }

    #[test]
    fn a_text_cut_of_text_already_cut_is_a_warning() {
        let cut = |t: &str, at| Cut {
            kind: CutKind::Text(located(t, at)),
            reason: None,
            span: at..at + 1,
        };
        let a = article(vec![cut("junk", 0), cut("unk", 20)], vec![]);
        let (_, d) = run(&a, "some junk here\n");
        assert_eq!(d.items().len(), 1);
        let w = &d.items()[0];
        assert_eq!(w.severity, crate::diagnostic::Severity::Warning);
        assert!(w.message.contains("already cut"), "{}", w.message);
    }

    #[test]
    fn blank_line_paragraphs_join_lines() {
        let lines = Line::all("a\nb\n\nc");
        let p = paragraphs(&lines, Paragraphs::BlankLines);
        assert_eq!(p.len(), 2);
        assert_eq!(&*p[0].text, "a b");
    }
}
