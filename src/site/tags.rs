//! Tags: the articles' `tags`, gathered into one list per tag for the tag pages, and
//! their publications, gathered the same way for the publication pages. Names that
//! differ only in case or punctuation ("ISIS-K", "isis k") share one slug and one
//! page, named as the first article in published order spells it.

use std::collections::HashMap;

use super::{Article, ArticleId};

/// A tag (or a publication) and the articles carrying it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    /// As the first article carrying it spells it.
    pub name: String,
    /// Its URL: `tags/<slug>.html`.
    pub slug: String,
    /// The articles carrying it, in published order.
    pub articles: Vec<ArticleId>,
}

/// The URL slug of a tag or publication ([`slugify`](crate::load::slugify)); `tag`
/// when nothing is left.
pub fn tag_slug(name: &str) -> String {
    let slug = crate::load::slugify(name, usize::MAX);
    if slug.is_empty() {
        "tag".to_string()
    } else {
        slug
    }
}

/// Every tag of `articles` (in published order), sorted by slug.
pub fn gather_tags(articles: &[Article]) -> Vec<Tag> {
    gather(articles, |a| {
        a.ann.tags.iter().map(String::as_str).collect()
    })
}

/// An article's publication as its page gathers it: none when blank (no page).
pub fn publication(p: Option<&str>) -> Option<&str> {
    p.filter(|p| !p.trim().is_empty())
}

/// Every publication of `articles` (in published order), as a tag, sorted by slug.
pub fn gather_publications(articles: &[Article]) -> Vec<Tag> {
    gather(articles, |a| {
        publication(a.ann.publication.as_deref())
            .into_iter()
            .collect()
    })
}

/// The names `names_of` gives each of `articles`, each with the articles it names.
fn gather<'a, T>(articles: &'a [T], names_of: impl Fn(&'a T) -> Vec<&'a str>) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        let id = ArticleId::at(i);
        for name in names_of(a) {
            let slug = tag_slug(name);
            let at = *by_slug.entry(slug.clone()).or_insert_with(|| {
                tags.push(Tag {
                    name: name.trim().to_string(),
                    slug,
                    articles: Vec::new(),
                });
                tags.len() - 1
            });
            if tags[at].articles.last() != Some(&id) {
                tags[at].articles.push(id);
            }
        }
    }
    tags.sort_by(|a, b| a.slug.cmp(&b.slug));
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_case_and_punctuation() {
        assert_eq!(tag_slug("ISIS-K"), "isis-k");
        assert_eq!(tag_slug(" isis  k! "), "isis-k");
        assert_eq!(
            tag_slug("Counterterrorism Dialogue"),
            "counterterrorism-dialogue"
        );
        assert_eq!(tag_slug("Çà 2025"), "ca-2025");
        assert_eq!(tag_slug("U.S. Army’s"), "us-armys");
        assert_eq!(tag_slug("لاہور"), "لاہور");
        assert_eq!(tag_slug("!!!"), "tag");
        assert_eq!(tag_slug("../x"), "x");
    }

    #[test]
    fn publications_are_gathered_like_tags() {
        let articles = [
            Some("Dawn"),
            None,
            Some("Arab News"),
            Some("DAWN"),
            Some("  "),
            Some("Dawn"),
        ];
        let p = gather(&articles, |a| publication(*a).into_iter().collect());
        let got: Vec<(&str, &str, Vec<ArticleId>)> = p
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str(), t.articles.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("Arab News", "arab-news", vec![ArticleId(2)]),
                (
                    "Dawn",
                    "dawn",
                    vec![ArticleId(0), ArticleId(3), ArticleId(5)]
                ),
            ]
        );
    }
}
