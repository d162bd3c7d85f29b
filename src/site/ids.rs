//! Typed indices into the site: an article is an [`ArticleId`] (its place in published
//! order), a glossary term a [`TermId`] (its place in slug order), anything a link can
//! lead to a [`PageRef`]. One id space for the whole site: no raw positions.

use serde::Serialize;

/// An article, by its place in published order (date, then title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ArticleId(pub u32);

/// A glossary term, by its place in slug order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TermId(pub u32);

impl ArticleId {
    /// The position.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id of the article at `i`.
    pub fn at(i: usize) -> ArticleId {
        ArticleId(i as u32)
    }
}

impl TermId {
    /// The position.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id of the term at `i`.
    pub fn at(i: usize) -> TermId {
        TermId(i as u32)
    }
}

/// A page that can link or be linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    /// The index page (introduction).
    Index,
    /// An article page.
    Article(ArticleId),
    /// A glossary term page.
    Term(TermId),
}
