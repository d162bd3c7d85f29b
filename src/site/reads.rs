//! Reading the site for one page, and remembering what was read.
//!
//! A page's view reads the site only through a [`PageCtx`]. Each accessor records a
//! [`Dep`]: the part of the site it returned (an article's card, a term's page data,
//! the published order, …). After rendering, a page keeps its deps and a key made of
//! their [fingerprints](Fingerprints). On the next build the page is reused when
//! every dep still has the same fingerprint, and rendered again otherwise. Which pages
//! depend on what is therefore never written down by hand: a new kind of page, or a
//! view that reads one more thing, is tracked by construction.

use std::cell::RefCell;
use std::hash::Hash;
use std::sync::OnceLock;

use crate::date::PartialDate;
use crate::load::{ArticleAnnotation, Event, IndexPage, Source, TermKind};

use super::{Article, ArticleId, MarkKind, PageRef, Site, Term, TermId, TimelineEntry};

/// A part of the site a page may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// What a link to a page shows: slug, title, and date and publication or kind.
    Card(PageRef),
    /// The summary an article shows in lists.
    Summary(ArticleId),
    /// Everything an article's own page shows of it.
    Article(ArticleId),
    /// An article's seed (its bytes and text).
    Seed(ArticleId),
    /// An article's events (and the sources their text cites).
    Events(ArticleId),
    /// What a citation of an article names ([`Cited`]).
    Citation(ArticleId),
    /// Which terms an article's text names, how often.
    Mentions(ArticleId),
    /// The passages an article shares with others.
    Shared(ArticleId),
    /// An article's text and where it names which terms (what a mention in context
    /// shows).
    Text(ArticleId),
    /// Everything a term's own page shows of it.
    Term(TermId),
    /// A term's row in the glossary index: names, kind, gist, mention count.
    TermEntry(TermId),
    /// What a preview of a term says (its gist), and the other names it is found by.
    Gist(TermId),
    /// The published order of the articles.
    Order,
    /// Which terms exist.
    TermList,
    /// The dated events, in order.
    Timeline,
    /// The introduction and what it links.
    Intro,
    /// How `[[targets]]` resolve.
    Targets,
    /// The tags and the articles carrying each.
    Tags,
    /// The publications and the articles each published.
    Publications,
}

/// What a link to an article shows.
#[derive(Debug, Clone, Copy)]
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

/// What a citation of an article names: what a link to it shows (the slug is the
/// citation key), and who wrote it, where the original is, when it was collected.
#[derive(Debug, Clone, Copy)]
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

fn cited(a: &ArticleAnnotation) -> Cited<'_> {
    Cited {
        card: card(a),
        byline: a.byline.as_deref(),
        url: a.url.as_deref(),
        retrieved: a.retrieved,
    }
}

/// What a link to a term shows.
#[derive(Debug, Clone, Copy)]
pub struct TermCard<'a> {
    /// The slug (its URL).
    pub slug: &'a str,
    /// The term's name.
    pub name: &'a str,
    /// Its kind.
    pub kind: TermKind,
}

/// A term's row in the glossary index.
#[derive(Debug, Clone, Copy)]
pub struct TermEntry<'a> {
    /// What a link to it shows.
    pub card: TermCard<'a>,
    /// Its other spellings.
    pub aliases: &'a [crate::load::Located<String>],
    /// The first sentence of its definition.
    pub gist: &'a str,
    /// How often the articles mention it.
    pub mentions: usize,
}

/// The site as one page reads it.
pub struct PageCtx<'a> {
    site: &'a Site,
    reads: RefCell<Vec<Dep>>,
}

impl<'a> PageCtx<'a> {
    /// Starts reading `site` for one page.
    pub fn new(site: &'a Site) -> PageCtx<'a> {
        PageCtx {
            site,
            reads: RefCell::new(Vec::new()),
        }
    }

    fn read(&self, dep: Dep) {
        self.reads.borrow_mut().push(dep);
    }

    /// Everything read, once each, in order.
    pub fn into_reads(self) -> Vec<Dep> {
        let mut v = self.reads.into_inner();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The settings (every page depends on them anyway).
    pub fn config(&self) -> &'a crate::config::Config {
        &self.site.config
    }

    /// How many articles, terms and events there are (shown in every page's footer).
    pub fn counts(&self) -> (usize, usize, usize) {
        let s = self.site;
        (s.articles.len(), s.terms.len(), s.timeline.len())
    }

    /// The articles, in published order.
    pub fn articles(&self) -> impl ExactSizeIterator<Item = ArticleId> + 'a {
        self.read(Dep::Order);
        self.site.article_ids()
    }

    /// The article before and after `id` in published order.
    pub fn neighbours(&self, id: ArticleId) -> (Option<ArticleId>, Option<ArticleId>) {
        self.read(Dep::Order);
        let i = id.index();
        let next = (i + 1 < self.site.articles.len()).then(|| ArticleId::at(i + 1));
        (i.checked_sub(1).map(ArticleId::at), next)
    }

    /// The glossary terms, in slug order.
    pub fn terms(&self) -> impl Iterator<Item = TermId> + 'a {
        self.read(Dep::TermList);
        self.site.term_ids()
    }

    /// What a link to `id` shows.
    pub fn article_card(&self, id: ArticleId) -> ArticleCard<'a> {
        self.read(Dep::Card(PageRef::Article(id)));
        card(&self.site.article(id).ann)
    }

    /// What a link to `id` shows.
    pub fn term_card(&self, id: TermId) -> TermCard<'a> {
        self.read(Dep::Card(PageRef::Term(id)));
        term_card(self.site.term(id))
    }

    /// The summary lists show of `id`.
    pub fn summary(&self, id: ArticleId) -> String {
        self.read(Dep::Summary(id));
        summary_of(&self.site.article(id).ann)
    }

    /// The terms the text of `id` names, with how often.
    pub fn mentions(&self, id: ArticleId) -> &'a std::collections::BTreeMap<TermId, usize> {
        self.read(Dep::Mentions(id));
        &self.site.article(id).marks.mentions
    }

    /// The paragraphs of `id`, with their marks (for mentions in context).
    pub fn text(&self, id: ArticleId) -> &'a [super::LinkedParagraph] {
        self.read(Dep::Text(id));
        &self.site.article(id).marks.paragraphs
    }

    /// The mentions of `term` in the text of `id`: (paragraph, mark), in order.
    pub fn mentions_of(
        &self,
        id: ArticleId,
        term: TermId,
    ) -> impl Iterator<Item = (&'a super::LinkedParagraph, &'a super::Mark)> + 'a {
        self.read(Dep::Text(id));
        self.site.article(id).marks.mentions_of(term)
    }

    /// The passages `id` shares with other articles.
    pub fn shared(&self, id: ArticleId) -> &'a [super::SharedPassage] {
        self.read(Dep::Shared(id));
        self.site.shared.get(id.index()).map_or(&[], |v| &v[..])
    }

    /// The terms most often named in the same paragraphs as `id`, with in how many.
    pub fn cooccurring(&self, id: TermId, max: usize) -> Vec<(TermId, usize)> {
        self.read(Dep::Term(id));
        self.site.most_cooccurring(id, max)
    }

    /// What a citation of `id` names.
    pub fn cited(&self, id: ArticleId) -> Cited<'a> {
        self.read(Dep::Citation(id));
        cited(&self.site.article(id).ann)
    }

    /// Everything about `id`, for its own page.
    pub fn article(&self, id: ArticleId) -> &'a Article {
        self.read(Dep::Article(id));
        self.site.article(id)
    }

    /// The seed of `id`.
    pub fn seed(&self, id: ArticleId) -> &'a crate::load::Seed {
        self.read(Dep::Seed(id));
        &self.site.article(id).seed
    }

    /// The events `id` reports, and the sources their text may cite.
    pub fn events(&self, id: ArticleId) -> (&'a [Event], &'a [Source]) {
        self.read(Dep::Events(id));
        let a = &self.site.article(id).ann;
        (&a.events, &a.sources)
    }

    /// Everything about `id`, for its own page.
    pub fn term(&self, id: TermId) -> &'a Term {
        self.read(Dep::Term(id));
        self.site.term(id)
    }

    /// What a preview of `id` says: the first sentence of its definition.
    pub fn term_gist(&self, id: TermId) -> &'a str {
        self.read(Dep::Gist(id));
        &self.site.term(id).gist
    }

    /// The other names of `id` (its aliases), for search.
    pub fn term_aliases(&self, id: TermId) -> &'a [crate::load::Located<String>] {
        self.read(Dep::Gist(id));
        &self.site.term(id).ann.aliases
    }

    /// `id`'s row in the glossary index.
    pub fn term_entry(&self, id: TermId) -> TermEntry<'a> {
        self.read(Dep::TermEntry(id));
        let t = self.site.term(id);
        TermEntry {
            card: term_card(t),
            aliases: &t.ann.aliases,
            gist: &t.gist,
            mentions: t.mentioned_in.iter().map(|x| x.1).sum(),
        }
    }

    /// Every dated event, by date.
    pub fn timeline(&self) -> &'a [TimelineEntry] {
        self.read(Dep::Timeline);
        &self.site.timeline
    }

    /// Every tag, by slug, with the articles carrying it.
    pub fn tags(&self) -> &'a [super::Tag] {
        self.read(Dep::Tags);
        &self.site.tags
    }

    /// Every publication, by slug, with the articles it published.
    pub fn publications(&self) -> &'a [super::Tag] {
        self.read(Dep::Publications);
        &self.site.publications
    }

    /// The introduction, and the pages it links to.
    pub fn intro(&self) -> (Option<&'a IndexPage>, &'a [PageRef]) {
        self.read(Dep::Intro);
        (self.site.index.as_deref(), &self.site.index_links)
    }

    /// Where a `[[target]]` leads, and whether it was a slug.
    pub fn resolve(&self, target: &str) -> Option<(PageRef, bool)> {
        self.read(Dep::Targets);
        self.site.targets.resolve_how(target)
    }
}

fn card(a: &ArticleAnnotation) -> ArticleCard<'_> {
    ArticleCard {
        slug: &a.slug,
        title: &a.title,
        date: a.date,
        publication: a.publication.as_deref(),
        seed: &a.seed.value,
    }
}

fn term_card(t: &Term) -> TermCard<'_> {
    TermCard {
        slug: &t.ann.slug,
        name: &t.ann.term.value,
        kind: t.ann.kind,
    }
}

/// What lists show of an article: its `summary`, else its commentary's first paragraph.
pub fn summary_of(a: &ArticleAnnotation) -> String {
    a.summary
        .clone()
        .unwrap_or_else(|| crate::markdown::first_paragraph_text(&a.commentary.text))
}

/// The fingerprints of a site's parts, each computed once, on first use, by any thread.
pub struct Fingerprints<'a> {
    site: &'a Site,
    article: Vec<[OnceLock<u64>; 9]>,
    term: Vec<[OnceLock<u64>; 4]>,
    whole: [OnceLock<u64>; 7],
}

impl<'a> Fingerprints<'a> {
    /// None computed yet.
    pub fn new(site: &'a Site) -> Fingerprints<'a> {
        Fingerprints {
            site,
            article: (0..site.articles.len())
                .map(|_| Default::default())
                .collect(),
            term: (0..site.terms.len()).map(|_| Default::default()).collect(),
            whole: Default::default(),
        }
    }

    /// The key of a page that read `deps`: it changes when any of them changes.
    pub fn key(&self, deps: &[Dep]) -> u64 {
        crate::hash::with(|h| {
            for d in deps {
                (d, self.of(*d)).hash(h);
            }
        })
    }

    /// The fingerprint of one part of the site.
    pub fn of(&self, dep: Dep) -> u64 {
        let s = self.site;
        let article = |id: ArticleId, slot: usize, f: &dyn Fn(&Article) -> u64| {
            let slots = self.article.get(id.index());
            slots.map_or(0, |x| *x[slot].get_or_init(|| f(s.article(id))))
        };
        let term = |id: TermId, slot: usize, f: &dyn Fn(&Term) -> u64| {
            let slots = self.term.get(id.index());
            slots.map_or(0, |x| *x[slot].get_or_init(|| f(s.term(id))))
        };
        let whole = |slot: usize, f: &dyn Fn() -> u64| *self.whole[slot].get_or_init(f);
        match dep {
            Dep::Card(PageRef::Index) => 0,
            Dep::Card(PageRef::Article(id)) => article(id, 0, &|a| {
                let c = card(&a.ann);
                crate::hash::of(&(c.slug, c.title, c.date, c.publication, c.seed))
            }),
            Dep::Summary(id) => article(id, 1, &|a| match &a.ann.summary {
                Some(x) => crate::hash::of(x),
                None => crate::hash::of(&a.ann.commentary.text),
            }),
            Dep::Article(id) => article(id, 2, &|a| {
                let versions = (
                    a.ann.version,
                    a.seed.version,
                    a.clean.version,
                    a.marks.version,
                );
                crate::hash::of(&(versions, &a.see_also, &a.links_to, &a.backlinks))
            }),
            Dep::Seed(id) => article(id, 4, &|a| a.seed.version),
            Dep::Mentions(id) => article(id, 6, &|a| crate::hash::of(&a.marks.mentions)),
            Dep::Shared(id) => {
                let slots = self.article.get(id.index());
                slots.map_or(0, |x| {
                    *x[8].get_or_init(|| crate::hash::of(&s.shared.get(id.index())))
                })
            }
            Dep::Text(id) => article(id, 7, &|a| {
                crate::hash::with(|h| {
                    for p in &a.marks.paragraphs {
                        (&*p.text, p.seed_line).hash(h);
                        for m in &p.marks {
                            if let MarkKind::Term { term, .. } = m.kind {
                                (&m.range, term).hash(h);
                            }
                        }
                    }
                })
            }),
            Dep::Citation(id) => article(id, 5, &|a| {
                let Cited {
                    card: c,
                    byline,
                    url,
                    retrieved,
                } = cited(&a.ann);
                let card = (c.slug, c.title, c.date, c.publication);
                crate::hash::of(&(card, byline, url, retrieved))
            }),
            Dep::Events(id) => article(id, 3, &|a| {
                let events: Vec<_> = a
                    .ann
                    .events
                    .iter()
                    .map(|e| (e.date, &e.text.value))
                    .collect();
                crate::hash::of(&(events, &a.ann.sources))
            }),
            Dep::Card(PageRef::Term(id)) => term(id, 0, &|t| {
                let c = term_card(t);
                crate::hash::of(&(c.slug, c.name, c.kind))
            }),
            Dep::Term(id) => term(id, 1, &|t| {
                let rel = (
                    &t.mentioned_in,
                    &t.cooccurs,
                    &t.backlinks,
                    t.part_of,
                    &t.parts,
                    &t.see_also,
                );
                crate::hash::of(&(t.ann.version, rel, &t.links_to))
            }),
            Dep::TermEntry(id) => term(id, 2, &|t| {
                let aliases: Vec<&str> = t.ann.aliases.iter().map(|a| a.value.as_str()).collect();
                let mentions: usize = t.mentioned_in.iter().map(|x| x.1).sum();
                let c = term_card(t);
                crate::hash::of(&(c.slug, c.name, c.kind, aliases, &t.gist, mentions))
            }),
            Dep::Gist(id) => term(id, 3, &|t| {
                let aliases: Vec<&str> = t.ann.aliases.iter().map(|a| a.value.as_str()).collect();
                crate::hash::of(&(&t.gist, aliases))
            }),
            Dep::Order => whole(0, &|| {
                crate::hash::of(&s.articles.iter().map(|a| &a.ann.slug).collect::<Vec<_>>())
            }),
            Dep::TermList => whole(1, &|| {
                crate::hash::of(&s.terms.iter().map(|t| &t.ann.slug).collect::<Vec<_>>())
            }),
            Dep::Timeline => whole(2, &|| crate::hash::of(&s.timeline)),
            Dep::Intro => whole(3, &|| {
                crate::hash::of(&(s.index.as_ref().map(|i| i.version), &s.index_links))
            }),
            Dep::Targets => whole(4, &|| s.targets.fingerprint()),
            Dep::Tags => whole(5, &|| crate::hash::of(&s.tags)),
            Dep::Publications => whole(6, &|| crate::hash::of(&s.publications)),
        }
    }
}
