//! Stage 3, **link**: connects articles and terms.
//!
//! - Glossary matching: one Aho–Corasick automaton over every term name and alias
//!   finds mentions in the cleaned article text; of overlapping candidates the
//!   leftmost-longest one that sits on word boundaries wins (boundaries understand
//!   hyphens, both apostrophes and possessives: "Pakistan’s" mentions Pakistan,
//!   "ISLAMABAD" does not mention "IS"). ALL-CAPS aliases match case-exactly.
//! - Notes are anchored to their quotes (exact, then whitespace/quote-insensitive).
//! - `[[target]]` links in annotation Markdown, `see_also` and `part_of` are
//!   resolved and checked; backlinks and per-term mentions are computed once.
//! - The timeline is gathered from every article's events.
//!
//! The output marks each paragraph with properly nested spans (note ⊇ fix ⊇ term)
//! for the render stage.

use rustc_hash::FxHashSet as HashSet;

use crate::clean::{CleanArticle, CleanEntry, Cleaned};
use crate::diagnostic::Diagnostics;
use crate::load::{ArticleAnnotation, Loaded};
use crate::site::{Article, ArticleId, PageRef, Site, Targets, Term, TermId};

mod anchor;
mod cache;
mod citations;
pub mod derive;
mod fuzzy;
mod marks;
mod matcher;
mod orphans;
mod relations;
mod shared;
mod targets;

pub use anchor::{anchor, distinguishing_prefixes, text_after, text_before, Anchor, Selector};
pub use cache::LinkCache;
pub use marks::mark_article;
pub use matcher::{on_word_boundaries, Matcher, Mention};
use relations::Backlinks;
pub use shared::{describe as describe_shared, shared_passages};

/// Runs the link stage.
pub fn link(cleaned: Cleaned, diags: &mut Diagnostics) -> Site {
    link_cached(cleaned, &mut LinkCache::default(), diags)
}

/// Like [`link`], reusing the marks of every article whose inputs did not change.
pub fn link_cached(cleaned: Cleaned, cache: &mut LinkCache, diags: &mut Diagnostics) -> Site {
    cache.marked_last = 0;
    let Cleaned { loaded, articles } = cleaned;
    let entries = published_order(&loaded, articles);
    let published: Vec<&ArticleAnnotation> =
        entries.iter().map(|c| &*loaded.articles[c.index]).collect();
    // Articles the clean stage had to leave out (their seed could not be had; already
    // reported) are still link targets as far as errors go.
    let published_slugs: HashSet<&str> = published.iter().map(|p| p.slug.as_str()).collect();
    let skipped: Vec<&str> = loaded
        .articles
        .iter()
        .map(|a| a.slug.as_str())
        .filter(|s| !published_slugs.contains(s))
        .collect();
    let incomplete = !skipped.is_empty() || !loaded.unreadable.is_empty();
    let targets = targets::build_targets(&loaded, &published, &skipped, diags);
    let (matcher_fp, matcher) = cache.matcher_for(&loaded, diags);
    cache.set_targets(&targets);
    let mode = loaded.config.link_mode;
    let items: Vec<(&ArticleAnnotation, &CleanArticle)> = entries
        .iter()
        .map(|c| (&*loaded.articles[c.index], &*c.article))
        .collect();
    let marks = cache.marks_all(&items, (matcher_fp, &matcher), &targets, mode, diags);
    let mut site_articles: Vec<Article> = entries
        .iter()
        .zip(marks)
        .map(|(c, marks)| {
            let ann = loaded.articles[c.index].clone();
            Article {
                seed: loaded.seeds[&ann.seed.value].clone(),
                ann,
                clean: c.article.clone(),
                marks,
                see_also: Vec::new(),
                links_to: Vec::new(),
                backlinks: Vec::new(),
            }
        })
        .collect();
    cache.forget_gone(&loaded, site_articles.len());
    let mut terms: Vec<Term> = loaded.terms.iter().cloned().map(Term::new).collect();
    let index_links = relate(&loaded, &mut site_articles, &mut terms, &targets, diags);
    // Unmentioned terms, unless an article could not be read: it may mention them.
    if !incomplete {
        relations::warn_unmentioned(&terms, diags);
    }
    targets::collapse_unknown_targets(&loaded, diags);
    let mut site = Site {
        shared: Vec::new(),
        timeline: Vec::new(),
        tags: Vec::new(),
        publications: Vec::new(),
        config: loaded.config,
        articles: site_articles,
        terms,
        index: loaded.index,
        index_links,
        targets,
        templates: loaded.templates,
    };
    derive::derive_all(&mut site);
    site
}

/// Resolves the relations between articles, terms and the introduction (see_also,
/// `[[links]]`, part_of) and their backlinks; returns what the introduction links.
fn relate(
    loaded: &Loaded,
    articles: &mut [Article],
    terms: &mut [Term],
    targets: &Targets,
    diags: &mut Diagnostics,
) -> Vec<PageRef> {
    let mut back = Backlinks::default();
    let all_slugs: Vec<&str> = loaded.articles.iter().map(|a| a.slug.as_str()).collect();
    for (i, a) in articles.iter_mut().enumerate() {
        let ctx = (targets, &all_slugs[..]);
        relations::article_relations(ArticleId::at(i), a, ctx, terms, &mut back, diags);
    }
    for t in 0..terms.len() {
        relations::term_relations(TermId::at(t), terms, targets, &mut back, diags);
    }
    relations::report_part_of_cycles(terms, diags);
    let index_links = match &loaded.index {
        Some(ix) => relations::index_links(ix, targets, &mut back, diags),
        None => Vec::new(),
    };
    back.apply(articles, terms);
    relations::warn_not_mutual(articles, targets, diags);
    relations::warn_undated(articles, diags);
    index_links
}

/// Cleaned articles in published order: by date (undated last), then title.
fn published_order(loaded: &Loaded, mut entries: Vec<CleanEntry>) -> Vec<CleanEntry> {
    entries.sort_by(|a, b| {
        let (x, y) = (&loaded.articles[a.index], &loaded.articles[b.index]);
        match (x.date, y.date) {
            (Some(d1), Some(d2)) => d1.cmp(&d2),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| x.title.cmp(&y.title))
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::anchor::{anchor, Anchor, Selector};
    use super::*;
    use crate::load::{CaseRule, Located, TermKind};
    use crate::site::nest;
    use crate::site::{Mark, MarkKind};

    #[test]
    fn boundaries() {
        let t = "Pakistan’s ISLAMABAD anti-IS O'Brien ISIS-K Taliban's";
        let at = |w: &str| t.find(w).unwrap();
        assert!(on_word_boundaries(t, 0, "Pakistan".len()));
        let i = at("ISLAMABAD");
        assert!(!on_word_boundaries(t, i, i + 2));
        let i = at("IS O");
        assert!(on_word_boundaries(t, i, i + 2));
        let i = at("Brien");
        assert!(!on_word_boundaries(t, i, i + 5));
        let i = at("O'Brien");
        assert!(!on_word_boundaries(t, i, i + 1));
        let i = at("Taliban's");
        assert!(on_word_boundaries(t, i, i + 7));
        // A letter, digit or underscore right before or after is inside a word.
        for (text, start, end) in [
            ("aIS b", 1, 3),
            ("_IS b", 1, 3),
            ("9IS b", 1, 3),
            ("a ISx", 2, 4),
            ("a IS_", 2, 4),
        ] {
            assert!(!on_word_boundaries(text, start, end), "{text}");
        }
        for (text, start, end) in [("(IS)", 1, 3), ("-IS-", 1, 3), ("IS", 0, 2), ("“IS”", 3, 5)]
        {
            assert!(on_word_boundaries(text, start, end), "{text}");
        }
    }

    fn matcher(terms: &[(&str, &[&str])]) -> Matcher {
        use crate::load::{SourceFile, TermAnnotation};
        use std::sync::Arc;
        let src = Arc::new(SourceFile {
            path: "g.md".into(),
            text: String::new(),
        });
        let l = |s: &str| Located {
            value: s.to_string(),
            span: 0..0,
        };
        let loaded = Loaded {
            root: ".".into(),
            config: toml::from_str("title = \"t\"").unwrap(),
            seeds: Default::default(),
            articles: vec![],
            terms: terms
                .iter()
                .map(|(name, aliases)| {
                    Arc::new(TermAnnotation {
                        slug: name.to_lowercase(),
                        version: 1,
                        source: src.clone(),
                        term: l(name),
                        aliases: aliases.iter().map(|a| l(a)).collect(),
                        weak_aliases: vec![],
                        kind: TermKind::Organization,
                        part_of: None,
                        see_also: vec![],
                        case: CaseRule::Auto,
                        definition: Default::default(),
                        sources: vec![],
                    })
                })
                .collect(),
            boilerplate: None,
            index: None,
            templates: Default::default(),
            unreadable: vec![],
        };
        Matcher::new(&loaded, &mut Diagnostics::new())
    }

    fn found(m: &Matcher, text: &str) -> Vec<(String, usize)> {
        m.find(text)
            .into_iter()
            .map(|x| (text[x.range].to_string(), x.term.index()))
            .collect()
    }

    #[test]
    fn leftmost_longest_with_boundaries_and_case() {
        let m = matcher(&[
            ("Islamic State", &["IS", "ISIS", "ISIL", "Daesh"]),
            ("ISIS-K", &["ISIS-Khorasan", "Daesh-Khorasan"]),
            ("Pakistan", &[]),
            ("al-Qa’ida", &[]),
        ]);
        assert_eq!(
            found(
                &m,
                "ISIS-Khorasan and ISIS in ISLAMABAD, Pakistan’s anti-IS push, al-Qa'ida, daesh"
            ),
            vec![
                ("ISIS-Khorasan".to_string(), 1),
                ("ISIS".to_string(), 0),
                ("Pakistan".to_string(), 2),
                ("IS".to_string(), 0),
                ("al-Qa'ida".to_string(), 3),
                ("daesh".to_string(), 0),
            ]
        );
        // "is" in lower case is an ordinary word, not the acronym.
        assert!(found(&m, "this is it").is_empty());
        // A longer candidate that fails the boundary test yields to a shorter one.
        assert_eq!(found(&m, "ISIS-Kx"), vec![("ISIS".to_string(), 0)]);
    }

    #[test]
    fn loose_quote_matching() {
        let one = |text: &str, quote: &str| {
            let a = anchor(
                &[text],
                &Selector {
                    quote,
                    ..Default::default()
                },
            );
            match a {
                Anchor::Exact(p) => text[p.range].to_string(),
                other => panic!("{other:?}"),
            }
        };
        let t = "He said “have the ability”  to recruit.";
        assert_eq!(one(t, "\"have the ability\" to"), "“have the ability”  to");
        // Tabs, no-break spaces and line breaks in either are one space.
        let t = "the\u{a0}border\tregion – near";
        assert_eq!(one(t, "the border\n region - near"), t);
    }

    #[test]
    fn nesting_drops_crossing_terms() {
        let marks = vec![
            Mark {
                range: 0..10,
                kind: MarkKind::Note(1),
            },
            Mark {
                range: 8..14,
                kind: MarkKind::Term {
                    term: TermId(0),
                    linked: true,
                },
            },
            Mark {
                range: 2..5,
                kind: MarkKind::Term {
                    term: TermId(1),
                    linked: true,
                },
            },
        ];
        let kept = nest(marks);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].range, 0..10);
        assert_eq!(kept[1].range, 2..5);
    }

    /// The obvious quadratic nesting, as the oracle for [`nest`].
    fn nest_naive(marks: Vec<Mark>) -> Vec<Mark> {
        let rank = MarkKind::rank;
        let mut by_rank = marks;
        by_rank.sort_by(|a, b| {
            (rank(&a.kind), a.range.start, std::cmp::Reverse(a.range.end)).cmp(&(
                rank(&b.kind),
                b.range.start,
                std::cmp::Reverse(b.range.end),
            ))
        });
        let mut kept: Vec<Mark> = Vec::new();
        for m in by_rank {
            let ok = kept.iter().all(|k| {
                let disjoint = m.range.end <= k.range.start || k.range.end <= m.range.start;
                let inside = k.range.start <= m.range.start && m.range.end <= k.range.end;
                let outside = m.range.start <= k.range.start && k.range.end <= m.range.end;
                disjoint || inside || outside
            });
            if ok && !m.range.is_empty() {
                kept.push(m);
            }
        }
        kept.sort_by(|a, b| {
            (a.range.start, std::cmp::Reverse(a.range.end), rank(&a.kind)).cmp(&(
                b.range.start,
                std::cmp::Reverse(b.range.end),
                rank(&b.kind),
            ))
        });
        kept
    }

    fn arb_mark() -> impl proptest::strategy::Strategy<Value = Mark> {
        use proptest::prelude::*;
        (0usize..40, 0usize..12, 0u8..3, 0usize..4).prop_map(|(start, len, kind, n)| Mark {
            range: start..start + len,
            kind: match kind {
                0 => MarkKind::Note(n),
                1 => MarkKind::Fix {
                    original: n.to_string(),
                    note: None,
                },
                _ => MarkKind::Term {
                    term: TermId(n as u32),
                    linked: n % 2 == 0,
                },
            },
        })
    }

    proptest::proptest! {
        /// `nest` keeps exactly what the quadratic definition keeps, and what it keeps
        /// nests properly.
        #[test]
        fn nest_matches_the_quadratic_definition(marks in proptest::collection::vec(arb_mark(), 0..60)) {
            let fast = nest(marks.clone());
            proptest::prop_assert_eq!(&fast, &nest_naive(marks));
            for (i, a) in fast.iter().enumerate() {
                for b in &fast[i + 1..] {
                    let disjoint = a.range.end <= b.range.start || b.range.end <= a.range.start;
                    let nested = (a.range.start <= b.range.start && b.range.end <= a.range.end)
                        || (b.range.start <= a.range.start && a.range.end <= b.range.end);
                    proptest::prop_assert!(disjoint || nested);
                }
            }
        }
    }

    /// A one-line seed makes one paragraph with tens of thousands of marks.
    #[test]
    fn nesting_a_huge_paragraph() {
        let mut marks: Vec<Mark> = (0..50_000)
            .map(|i| Mark {
                range: i * 10..i * 10 + 6,
                kind: MarkKind::Term {
                    term: TermId((i % 7) as u32),
                    linked: false,
                },
            })
            .collect();
        marks.push(Mark {
            range: 3..250_000,
            kind: MarkKind::Note(1),
        });
        let kept = nest(marks);
        // The note crosses the first term (0..6), which is dropped; the rest nest inside it or follow.
        assert_eq!(kept.len(), 50_000);
        assert_eq!(kept[0].range, 3..250_000);
    }
}
