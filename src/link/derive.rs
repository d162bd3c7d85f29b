//! The site-wide data derived from the articles and terms once they are related: the
//! timeline, the tags, the publications, the terms' gists, mention lists and co-occurrences, and the
//! passages articles share. Derived here for the whole site after a full link, and
//! patched here after `serve` replaces one article or one term in place, so that a
//! new derived datum is added in one place for both.

use std::collections::{BTreeMap, BTreeSet};

use super::shared_passages;
use crate::site::{Article, ArticleId, LinkedParagraph, Pairs, Site, TermId, TimelineEntry};

/// Derives every site-wide datum of `site` from its articles and terms.
pub fn derive_all(site: &mut Site) {
    gather(site);
    site.fill_gists();
    site.fill_cooccurs();
    site.shared = shared_passages(&site.texts());
}

/// What an article's derived data were made from, before it was replaced in place.
pub struct Before {
    /// The terms its text named, how often.
    pub mentions: BTreeMap<TermId, usize>,
    /// The pairs of terms its paragraphs named together.
    pub pairs: Pairs,
    /// Its paragraphs' text was the same as now.
    pub same_text: bool,
}

impl Before {
    /// What article `id` of `site` derives from now, to compare with its text `next`
    /// once it is replaced.
    pub fn of(site: &Site, id: ArticleId, next: &[LinkedParagraph]) -> Before {
        let a = site.article(id);
        Before {
            mentions: a.marks.mentions.clone(),
            pairs: a.marks.term_pairs(),
            same_text: same_text(&a.marks.paragraphs, next),
        }
    }
}

/// Patches the derived data after article `id` was replaced in place (its place in
/// the published order unchanged). `None` when a term is left mentioned nowhere: a
/// full rebuild reports that.
pub fn after_article(site: &mut Site, id: ArticleId, before: &Before) -> Option<()> {
    repoint_mentions(site, id, &before.mentions)?;
    let pairs = site.article(id).marks.term_pairs();
    site.repoint_cooccurs(&before.pairs, &pairs);
    // Shared passages span the corpus: found again only when the text changed.
    if !before.same_text {
        site.shared = shared_passages(&site.texts());
    }
    gather(site);
    Some(())
}

/// Patches the derived data after term `id`'s definition changed in place.
pub fn after_term(site: &mut Site, id: TermId) {
    site.terms[id.index()].gist = site.gist_of(id);
}

/// The lists gathered over every article.
fn gather(site: &mut Site) {
    site.timeline = timeline(&site.articles);
    site.tags = crate::site::gather_tags(&site.articles);
    site.publications = crate::site::gather_publications(&site.articles);
}

/// Every event of every article, by date (then article).
fn timeline(articles: &[Article]) -> Vec<TimelineEntry> {
    let mut timeline: Vec<TimelineEntry> = articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.ann
                .events
                .iter()
                .enumerate()
                .map(move |(ei, e)| TimelineEntry {
                    date: e.date,
                    article: ArticleId::at(i),
                    event: ei,
                })
        })
        .collect();
    timeline.sort_by(|a, b| a.date.cmp(&b.date).then(a.article.cmp(&b.article)));
    timeline
}

/// Whether two versions of an article's text are the same, paragraph for paragraph.
fn same_text(a: &[LinkedParagraph], b: &[LinkedParagraph]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

/// Updates the terms' mention lists for article `id`, whose mentions were `old`.
fn repoint_mentions(site: &mut Site, id: ArticleId, old: &BTreeMap<TermId, usize>) -> Option<()> {
    let new = site.article(id).marks.mentions.clone();
    let changed: BTreeSet<TermId> = old
        .keys()
        .chain(new.keys())
        .copied()
        .filter(|t| old.get(t) != new.get(t))
        .collect();
    for t in changed {
        let term = &mut site.terms[t.index()];
        term.mentioned_in.retain(|&(a, _)| a != id);
        if let Some(&n) = new.get(&t) {
            let at = term.mentioned_in.partition_point(|&(a, _)| a < id);
            term.mentioned_in.insert(at, (id, n));
        }
        if term.mentioned_in.is_empty() && term.backlinks.is_empty() {
            return None;
        }
    }
    Some(())
}
