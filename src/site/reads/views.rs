//! The values the parts of the site are read as: each as narrow as what a page
//! shows of it, so that its fingerprint (taken of the value itself) covers it.

use std::hash::Hash;

use crate::date::PartialDate;
use crate::load::{ArticleAnnotation, Located, TermKind};
use crate::site::{Article, ArticleId, Term, TermId};

/// What a link to an article shows.
#[derive(Debug, Clone, Copy, Hash)]
pub struct ArticleCard<'a> {
    /// The slug (its URL).
    pub slug: &'a str,
    /// The title.
    pub title: &'a str,
    /// When it was published.
    pub date: Option<PartialDate>,
    /// Where.
    pub publication: Option<&'a str>,
    /// The seed file's name.
    pub seed: &'a str,
}

impl ArticleCard<'_> {
    pub(super) fn of(a: &ArticleAnnotation) -> ArticleCard<'_> {
        ArticleCard {
            slug: &a.slug,
            title: &a.title,
            date: a.date,
            publication: a.publication.as_deref(),
            seed: &a.seed.value,
        }
    }
}

/// What a citation of an article names: what a link to it shows (the slug is the
/// citation key), and who wrote it, where the original is, when it was collected.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Cited<'a> {
    /// Slug, title, date, publication.
    pub card: ArticleCard<'a>,
    /// Who wrote it.
    pub byline: Option<&'a str>,
    /// The original's address.
    pub url: Option<&'a str>,
    /// When the seed was collected.
    pub retrieved: Option<PartialDate>,
}

impl Cited<'_> {
    pub(super) fn of(a: &ArticleAnnotation) -> Cited<'_> {
        Cited {
            card: ArticleCard::of(a),
            byline: a.byline.as_deref(),
            url: a.url.as_deref(),
            retrieved: a.retrieved,
        }
    }
}

/// What lists show of an article, before it is made: its `summary`, else its
/// commentary (whose first paragraph is shown).
#[derive(Debug, Clone, Copy)]
pub struct SummarySource<'a> {
    summary: Option<&'a str>,
    commentary: &'a str,
}

impl SummarySource<'_> {
    pub(super) fn of(a: &ArticleAnnotation) -> SummarySource<'_> {
        SummarySource {
            summary: a.summary.as_deref(),
            commentary: &a.commentary.text,
        }
    }

    /// The summary, as plain text.
    pub fn text(&self) -> String {
        match self.summary {
            Some(s) => s.to_string(),
            None => crate::markdown::first_paragraph_text(self.commentary),
        }
    }
}

/// With a `summary`, the commentary is not shown in lists: not hashed.
impl Hash for SummarySource<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self.summary {
            Some(s) => s.hash(h),
            None => self.commentary.hash(h),
        }
    }
}

/// What lists show of an article: its `summary`, else its commentary's first paragraph.
pub fn summary_of(a: &ArticleAnnotation) -> String {
    SummarySource::of(a).text()
}

/// What a link to a term shows.
#[derive(Debug, Clone, Copy, Hash)]
pub struct TermCard<'a> {
    /// The slug (its URL).
    pub slug: &'a str,
    /// The term's name.
    pub name: &'a str,
    /// Its kind.
    pub kind: TermKind,
}

impl TermCard<'_> {
    pub(super) fn of(t: &Term) -> TermCard<'_> {
        TermCard {
            slug: &t.ann.slug,
            name: &t.ann.term.value,
            kind: t.ann.kind,
        }
    }
}

/// A term's other names as written (where they are written does not count).
#[derive(Debug, Clone, Copy)]
pub struct Aliases<'a>(pub &'a [Located<String>]);

impl Hash for Aliases<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for a in self.0 {
            a.value.hash(h);
        }
    }
}

/// A term's row in the glossary index.
#[derive(Debug, Clone, Copy, Hash)]
pub struct TermEntry<'a> {
    /// What a link to it shows.
    pub card: TermCard<'a>,
    /// Its other spellings.
    pub aliases: Aliases<'a>,
    /// The first sentence of its definition.
    pub gist: &'a str,
    /// How often the articles mention it.
    pub mentions: usize,
}

impl TermEntry<'_> {
    pub(super) fn of(t: &Term) -> TermEntry<'_> {
        TermEntry {
            card: TermCard::of(t),
            aliases: Aliases(&t.ann.aliases),
            gist: &t.gist,
            mentions: t.mentioned_in.iter().map(|x| x.1).sum(),
        }
    }
}

/// What a preview of a term says (its gist), and the other names it is found by.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Gist<'a> {
    /// The first sentence of its definition.
    pub gist: &'a str,
    /// Its other names.
    pub aliases: Aliases<'a>,
    /// The names listed but never matched in the text (search still finds by them).
    pub weak: &'a [String],
}

impl<'a> Gist<'a> {
    /// Every other name search finds the term by: its aliases, then its weak aliases.
    pub fn search_names(&self) -> impl Iterator<Item = &'a str> + 'a {
        let aliases = self.aliases.0.iter().map(|a| a.value.as_str());
        aliases.chain(self.weak.iter().map(String::as_str))
    }
}

/// The published order of the articles: which id is where. Its fingerprint is the
/// slugs in that order.
#[derive(Debug, Clone, Copy)]
pub struct Order<'a>(pub(super) &'a [Article]);

impl<'a> Order<'a> {
    /// The ids, in published order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = ArticleId> + 'a {
        (0..self.0.len()).map(ArticleId::at)
    }

    /// The article before and after `id`.
    pub fn neighbours(&self, id: ArticleId) -> (Option<ArticleId>, Option<ArticleId>) {
        let i = id.index();
        let next = (i + 1 < self.0.len()).then(|| ArticleId::at(i + 1));
        (i.checked_sub(1).map(ArticleId::at), next)
    }
}

impl Hash for Order<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for a in self.0 {
            a.ann.slug.hash(h);
        }
    }
}

/// Which terms exist, in slug order. Its fingerprint is their slugs.
#[derive(Debug, Clone, Copy)]
pub struct TermList<'a>(pub(super) &'a [Term]);

impl<'a> TermList<'a> {
    /// The ids, in slug order.
    pub fn ids(&self) -> impl Iterator<Item = TermId> + 'a {
        (0..self.0.len()).map(TermId::at)
    }
}

impl Hash for TermList<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for t in self.0 {
            t.ann.slug.hash(h);
        }
    }
}

/// An article's text: its paragraphs with their marks, and where it names each term.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a>(pub(super) &'a crate::site::ArticleMarks);

impl<'a> Text<'a> {
    /// The paragraphs, with their marks.
    pub fn paragraphs(&self) -> &'a [crate::site::LinkedParagraph] {
        &self.0.paragraphs
    }

    /// The mentions of `term`: (paragraph, mark), in order.
    pub fn mentions_of(
        &self,
        term: TermId,
    ) -> impl Iterator<Item = (&'a crate::site::LinkedParagraph, &'a crate::site::Mark)> + 'a {
        self.0.mentions_of(term)
    }
}
