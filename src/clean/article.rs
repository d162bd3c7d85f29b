//! Cleaning one article: global rules, its own cuts, paragraphs, fixes, and the
//! diagnostics for rules that matched nothing.

use super::engine::Line;
use super::*;
use crate::diagnostic::Diagnostics;

/// Cleans one article. Errors for cuts and fixes that match nothing go to `diags`;
/// global rule usage is added to `rule_use`.
pub fn clean_article(
    article: &ArticleAnnotation,
    seed: &Seed,
    boilerplate: Option<&Boilerplate>,
    mode: Paragraphs,
    rule_use: &mut RuleUse,
    diags: &mut Diagnostics,
) -> CleanArticle {
    let mut lines = Line::all(seed.text());
    let mut removed = Vec::new();
    if let Some(bp) = boilerplate {
        for cut in &bp.cuts {
            for (item, n) in apply_cut(cut, &mut lines, &bp.source, true, &mut removed) {
                *rule_use.entry(item.span.start).or_default() += n;
            }
        }
    }
    for cut in &article.cuts {
        for (item, n) in apply_cut(cut, &mut lines, &article.source, false, &mut removed) {
            if n == 0 {
                diags.push(unmatched_cut(cut, &item, &removed, article, seed));
            }
        }
    }
    removed.sort_by_key(|r| r.line);
    let mut paras = paragraphs(&lines, mode);
    if paras.is_empty() {
        let why = if seed.text().trim().is_empty() {
            "the seed is empty"
        } else {
            "the cuts remove every line"
        };
        diags.push(
            article
                .source
                .warning(
                    article.seed.span.clone(),
                    format!("no text is left of seed `{}`: {why}", seed.name),
                )
                .with_help("check the seed file and the cuts; the article page will show no text"),
        );
    }
    let (counts, found) = apply_fixes(&mut paras, &article.fixes);
    for (i, f) in article.fixes.iter().enumerate() {
        if counts[i] > 0 {
            continue;
        }
        let d = if found[i] {
            article
                .source
                .error(
                    f.find.span.clone(),
                    format!(
                        "fix overlaps an earlier fix wherever it matches: {:?}",
                        f.find.value
                    ),
                )
                .with_help("two fixes cannot change the same words: merge them into one `[[fix]]`")
        } else {
            article
                .source
                .error(
                    f.find.span.clone(),
                    format!("fix matches nothing in seed `{}`: {:?}", seed.name, f.find.value),
                )
                .with_help("`find` must occur exactly in the article text after cuts; copy it from the seed")
        };
        diags.push(d);
    }
    CleanArticle {
        version: crate::load::next_version(),
        paragraphs: paras,
        removed,
    }
}
