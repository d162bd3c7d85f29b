//! Reading the site for one page, and remembering what was read.
//!
//! A page's view reads the site only through a [`PageCtx`]. Each accessor records a
//! [`Dep`]: the part of the site it returned (an article's card, a term's page data,
//! the published order, …). After rendering, a page keeps its deps and a key made of
//! their [fingerprints](Fingerprints). On the next build the page is reused when
//! every dep still has the same fingerprint, and rendered again otherwise. Which pages
//! depend on what is therefore never written down by hand: a new kind of page, or a
//! view that reads one more thing, is tracked by construction.
//!
//! Each part is defined once, in the [`parts`] table: its `Dep`, the accessor that
//! reads it and its fingerprint, which is taken of the very value the accessor
//! returns. The table is the only code that reaches the site from a `PageCtx`.

use std::hash::Hash;
use std::sync::OnceLock;

use crate::load::Located;

use super::{ArticleId, LinkedParagraph, Mark, PageRef, Site, TermId};

/// Defines the parts of the site a page may read. Each entry is a `Dep` variant and
/// the `PageCtx` accessor of the same doc, `fn name(site, id) -> Value { get }`, and
/// `print(value) { fingerprint }`: the fingerprint sees only the value `get` made.
/// Parts of an article are kept per article, parts of a term per term.
macro_rules! parts {
    (
        article { $( $(#[$am:meta])* $AV:ident: fn $an:ident($as:ident, $ai:ident) -> $AT:ty
            $ag:block print($ap:ident) $apb:block )* }
        term { $( $(#[$tm:meta])* $TV:ident: fn $tn:ident($ts:ident, $ti:ident) -> $TT:ty
            $tg:block print($tp:ident) $tpb:block )* }
        whole { $( $(#[$wm:meta])* $WV:ident: fn $wn:ident($ws:ident) -> $WT:ty
            $wg:block print($wp:ident) $wpb:block )* }
    ) => {
        /// A part of the site a page may read.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Dep {
            $( $(#[$am])* $AV(ArticleId), )*
            $( $(#[$tm])* $TV(TermId), )*
            $( $(#[$wm])* $WV, )*
        }

        /// The slot of each part of an article.
        #[derive(Clone, Copy)]
        enum ArticleSlot { $($AV),* }
        /// The slot of each part of a term.
        #[derive(Clone, Copy)]
        enum TermSlot { $($TV),* }
        /// The slot of each part of the whole site.
        #[derive(Clone, Copy)]
        enum WholeSlot { $($WV),* }

        /// How many parts an article has.
        pub(super) const ARTICLE_PARTS: usize = [$(ArticleSlot::$AV),*].len();
        /// How many parts a term has.
        pub(super) const TERM_PARTS: usize = [$(TermSlot::$TV),*].len();
        /// How many parts the whole site has.
        pub(super) const WHOLE_PARTS: usize = [$(WholeSlot::$WV),*].len();

        impl<'a> PageCtx<'a> {
            $( $(#[$am])* pub fn $an(&self, $ai: ArticleId) -> $AT {
                let $as = self.reading(Dep::$AV($ai));
                $ag
            } )*
            $( $(#[$tm])* pub fn $tn(&self, $ti: TermId) -> $TT {
                let $ts = self.reading(Dep::$TV($ti));
                $tg
            } )*
            $( $(#[$wm])* pub fn $wn(&self) -> $WT {
                let $ws = self.reading(Dep::$WV);
                $wg
            } )*
        }

        impl<'a> Fingerprints<'a> {
            /// The fingerprint of one part of the site: of the value its accessor
            /// returns.
            pub fn of(&self, dep: Dep) -> u64 {
                let site: &'a Site = self.site;
                match dep {
                    $( Dep::$AV($ai) => self.article_slot($ai, ArticleSlot::$AV as usize, || {
                        let $as = site;
                        let $ap: $AT = $ag;
                        $apb
                    }), )*
                    $( Dep::$TV($ti) => self.term_slot($ti, TermSlot::$TV as usize, || {
                        let $ts = site;
                        let $tp: $TT = $tg;
                        $tpb
                    }), )*
                    $( Dep::$WV => self.whole_slot(WholeSlot::$WV as usize, || {
                        let $ws = site;
                        let $wp: $WT = $wg;
                        $wpb
                    }), )*
                }
            }
        }
    };
}

mod ctx;
mod parts;
mod views;

pub use ctx::PageCtx;
pub use parts::Dep;
pub use views::{
    summary_of, Aliases, ArticleCard, Cited, Gist, Order, SummarySource, TermCard, TermEntry,
    TermList, Text,
};

/// The fingerprints of a site's parts, each computed once, on first use, by any thread.
pub struct Fingerprints<'a> {
    site: &'a Site,
    article: Vec<[OnceLock<u64>; parts::ARTICLE_PARTS]>,
    term: Vec<[OnceLock<u64>; parts::TERM_PARTS]>,
    whole: [OnceLock<u64>; parts::WHOLE_PARTS],
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

    fn article_slot(&self, id: ArticleId, slot: usize, f: impl FnOnce() -> u64) -> u64 {
        let slots = self.article.get(id.index());
        slots.map_or(0, |x| *x[slot].get_or_init(f))
    }

    fn term_slot(&self, id: TermId, slot: usize, f: impl FnOnce() -> u64) -> u64 {
        let slots = self.term.get(id.index());
        slots.map_or(0, |x| *x[slot].get_or_init(f))
    }

    fn whole_slot(&self, slot: usize, f: impl FnOnce() -> u64) -> u64 {
        *self.whole[slot].get_or_init(f)
    }
}

/// Accessors made of the parts' accessors (never of the site itself).
impl<'a> PageCtx<'a> {
    /// The articles, in published order.
    pub fn articles(&self) -> impl ExactSizeIterator<Item = ArticleId> + 'a {
        self.order().ids()
    }

    /// The article before and after `id` in published order.
    pub fn neighbours(&self, id: ArticleId) -> (Option<ArticleId>, Option<ArticleId>) {
        self.order().neighbours(id)
    }

    /// The glossary terms, in slug order.
    pub fn terms(&self) -> impl Iterator<Item = TermId> + 'a {
        self.term_list().ids()
    }

    /// The summary lists show of `id`.
    pub fn summary(&self, id: ArticleId) -> String {
        self.summary_source(id).text()
    }

    /// The paragraphs of `id`, with their marks (for mentions in context).
    pub fn text(&self, id: ArticleId) -> &'a [LinkedParagraph] {
        self.marked_text(id).paragraphs()
    }

    /// The mentions of `term` in the text of `id`: (paragraph, mark), in order.
    pub fn mentions_of(
        &self,
        id: ArticleId,
        term: TermId,
    ) -> impl Iterator<Item = (&'a LinkedParagraph, &'a Mark)> + 'a {
        self.marked_text(id).mentions_of(term)
    }

    /// The terms most often named in the same paragraphs as `id`, with in how many.
    pub fn cooccurring(&self, id: TermId, max: usize) -> Vec<(TermId, usize)> {
        self.term(id).most_cooccurring(max)
    }

    /// What a preview of `id` says: the first sentence of its definition.
    pub fn term_gist(&self, id: TermId) -> &'a str {
        self.gist(id).gist
    }

    /// The other names of `id` (its aliases).
    pub fn term_aliases(&self, id: TermId) -> &'a [Located<String>] {
        self.gist(id).aliases.0
    }

    /// Every other name search finds `id` by: its aliases, then its weak aliases.
    pub fn term_search_names(&self, id: TermId) -> impl Iterator<Item = &'a str> + 'a {
        self.gist(id).search_names()
    }

    /// Where a `[[target]]` leads, and whether it was a slug.
    pub fn resolve(&self, target: &str) -> Option<(PageRef, bool)> {
        self.targets().resolve_how(target)
    }
}
