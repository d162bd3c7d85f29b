//! The **site model**, between linking and rendering: every article, term, relation,
//! mention, note, event and cross-reference of the dossier in one place, in one id
//! space ([`ArticleId`], [`TermId`], [`PageRef`]). The link stage builds it once; the
//! render stage reads it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::clean::{CleanArticle, Removed};
use crate::config::Config;
use crate::date::PartialDate;
use crate::load::{ArticleAnnotation, IndexPage, Seed, TermAnnotation};

mod cooccur;
mod ids;
mod marks;
mod reads;
mod tags;
mod targets;

pub use cooccur::Pairs;
pub use ids::{ArticleId, PageRef, TermId};
pub use marks::{
    nest, with_shared, AnchoredNote, ArticleMarks, LinkedParagraph, Mark, MarkKind, NoteTally,
    Passage, SharedCopy, SharedPassage,
};
pub use reads::{
    summary_of, Aliases, ArticleCard, Cited, Dep, Fingerprints, Gist, Order, PageCtx,
    SummarySource, TermCard, TermEntry, TermList, Text,
};
pub use tags::{gather_publications, gather_tags, publication, tag_slug, Tag};
pub use targets::{fold, Targets};

/// An article with everything known about it.
#[derive(Debug, Clone)]
pub struct Article {
    /// Its annotation.
    pub ann: Arc<ArticleAnnotation>,
    /// Its seed.
    pub seed: Arc<Seed>,
    /// Its cleaned text.
    pub clean: Arc<CleanArticle>,
    /// Its marked text, notes and mentions.
    pub marks: Arc<ArticleMarks>,
    /// Resolved `see_also`.
    pub see_also: Vec<ArticleId>,
    /// Pages its annotation links to with `[[…]]`.
    pub links_to: Vec<PageRef>,
    /// Pages that link here (see_also or `[[…]]`), excluding itself.
    pub backlinks: Vec<PageRef>,
}

impl Article {
    /// What the clean stage cut from its seed.
    pub fn removed(&self) -> &[Removed] {
        &self.clean.removed
    }
}

/// A glossary term with everything known about it.
#[derive(Debug, Clone)]
pub struct Term {
    /// Its glossary entry.
    pub ann: Arc<TermAnnotation>,
    /// What a preview of it says: its definition's first sentence, as plain text
    /// ([`Site::fill_gists`] computes it).
    pub gist: String,
    /// Articles mentioning it in their text, with counts, in published order.
    pub mentioned_in: Vec<(ArticleId, usize)>,
    /// The terms mentioned in the same paragraphs as it, with in how many, by id.
    pub cooccurs: Vec<(TermId, usize)>,
    /// Pages linking here with `[[…]]` or `see_also`.
    pub backlinks: Vec<PageRef>,
    /// Broader term.
    pub part_of: Option<TermId>,
    /// Narrower terms.
    pub parts: Vec<TermId>,
    /// Resolved `see_also`.
    pub see_also: Vec<PageRef>,
    /// Pages the definition links to with `[[…]]`.
    pub links_to: Vec<PageRef>,
}

impl Term {
    /// The terms most often named in the same paragraphs as it: at most `max`, most
    /// often first (then by id).
    pub fn most_cooccurring(&self, max: usize) -> Vec<(TermId, usize)> {
        let mut v = self.cooccurs.clone();
        v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        v.truncate(max);
        v
    }

    /// A term as the link stage first knows it: no relations yet.
    pub fn new(ann: Arc<TermAnnotation>) -> Term {
        Term {
            gist: String::new(),
            ann,
            mentioned_in: Vec::new(),
            cooccurs: Vec::new(),
            backlinks: Vec::new(),
            part_of: None,
            parts: Vec::new(),
            see_also: Vec::new(),
            links_to: Vec::new(),
        }
    }
}

/// A dated event, for the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimelineEntry {
    /// When.
    pub date: PartialDate,
    /// The reporting article.
    pub article: ArticleId,
    /// Event index in the article annotation.
    pub event: usize,
}

/// The whole dossier, linked.
#[derive(Debug, Clone)]
pub struct Site {
    /// `dossier.toml`.
    pub config: Config,
    /// Articles, by [`ArticleId`] (published order).
    pub articles: Vec<Article>,
    /// Glossary terms, by [`TermId`] (slug order).
    pub terms: Vec<Term>,
    /// The introduction.
    pub index: Option<Arc<IndexPage>>,
    /// Pages the introduction links to.
    pub index_links: Vec<PageRef>,
    /// Every event of every article, by date.
    pub timeline: Vec<TimelineEntry>,
    /// The articles' tags, by slug.
    pub tags: Vec<Tag>,
    /// The publications, by slug, each with the articles it published.
    pub publications: Vec<Tag>,
    /// How link targets resolve.
    pub targets: Targets,
    /// The passages each article shares with others, by [`ArticleId`].
    pub shared: Vec<Vec<SharedPassage>>,
    /// Template overrides: name (relative to `templates/`) → content.
    pub templates: BTreeMap<String, Arc<Vec<u8>>>,
}

impl Site {
    /// The article with this id.
    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id.index()]
    }

    /// Every article's marked paragraphs, by id.
    pub fn texts(&self) -> Vec<&[LinkedParagraph]> {
        self.articles
            .iter()
            .map(|a| &a.marks.paragraphs[..])
            .collect()
    }

    /// The term with this id.
    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id.index()]
    }

    /// Every article id, in published order.
    pub fn article_ids(&self) -> impl ExactSizeIterator<Item = ArticleId> + '_ {
        (0..self.articles.len()).map(ArticleId::at)
    }

    /// Every term id, in slug order.
    pub fn term_ids(&self) -> impl Iterator<Item = TermId> + '_ {
        (0..self.terms.len()).map(TermId::at)
    }

    /// The gist of term `id`'s definition, its `[[slug]]` links read as titles.
    pub fn gist_of(&self, id: TermId) -> String {
        let title_of = |target: &str| match self.targets.resolve_how(target)? {
            (PageRef::Article(a), true) => Some(self.article(a).ann.title.clone()),
            (PageRef::Term(t), true) => Some(self.term(t).ann.term.value.clone()),
            _ => None,
        };
        crate::markdown::gist(&self.term(id).ann.definition.text, &title_of)
    }

    /// Computes every term's gist (once the site is linked).
    pub fn fill_gists(&mut self) {
        let gists: Vec<String> = self.term_ids().map(|t| self.gist_of(t)).collect();
        for (t, g) in self.terms.iter_mut().zip(gists) {
            t.gist = g;
        }
    }

    /// The article with this slug.
    pub fn article_by_slug(&self, slug: &str) -> Option<ArticleId> {
        match self.targets.slug(slug) {
            Some(PageRef::Article(a)) => Some(a),
            _ => None,
        }
    }
}
