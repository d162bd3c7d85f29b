//! The kinds of output page, one file each: where a kind's pages live, which of them
//! the sitemap lists, whether `build` streams them, the template they fill and how
//! each builds its view from a [`PageCtx`]. [`KINDS`] is the one list of kinds;
//! [`all_pages`] and a [`Page`]'s path come from it.
//!
//! A kind is a [`PageKind`] with a typed key (an article, a term and a page number
//! …); a [`Page`] carries its kind and its key packed, so pages of every kind go
//! through the same render loop.

use std::any::TypeId;
use std::io;

use tera::Context;

use super::pager::Pager;
use super::paths::{encode_path, root_of};
use super::views::common::PageMeta;
use crate::site::{ArticleId, PageCtx, Site, TermId};

mod article;
mod cite;
mod data;
mod feed;
mod glossary;
mod graph;
mod index;
mod not_found;
mod print;
mod publication;
mod search;
mod search_titles;
mod seed;
mod tag;
mod tags;
mod term;
mod timeline;
mod timeline_json;

pub use data::Data;

/// Every kind of page, in the order the site lists them.
pub const KINDS: &[&dyn Kind] = &[
    &index::Index,
    &glossary::Glossary,
    &timeline::Timeline,
    &not_found::NotFound,
    &data::Data,
    &timeline_json::TimelineJson,
    &graph::Graph,
    &print::Print,
    &article::Article,
    &cite::Cite,
    &term::Term,
    &seed::Seed,
    &tags::Tags,
    &search::Search,
    &search_titles::SearchTitles,
    &tag::Tag,
    &feed::Feed,
    &publication::Publication,
];

/// What decides which pages exist besides the site itself.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// Whether the base URL is absolute (the feed needs it).
    pub feed: bool,
}

/// A default template: its name and text.
pub type Template = (&'static str, &'static str);

/// One kind of page.
pub trait PageKind: Sync + 'static {
    /// What tells one page of the kind from another.
    type Key: PageKey;
    /// The default theme's template the kind fills, when it fills one.
    const TEMPLATE: Option<Template> = None;
    /// Whether the sitemap lists the kind's pages (pages a reader lands on).
    const IN_SITEMAP: bool = true;
    /// Whether `build` streams the file to disk instead of holding it (data that
    /// grows with the whole dossier); such a kind writes it in [`PageKind::stream`].
    const STREAMS: bool = false;

    /// The kind's pages in this site, in order.
    fn keys(&self, site: &Site, scope: Scope) -> Vec<Self::Key>;

    /// Site path of the page.
    fn path(&self, site: &Site, key: Self::Key) -> String;

    /// How the page is made.
    fn make(&self, ctx: &PageCtx, key: Self::Key, at: &At) -> Body;

    /// Writes a streamed kind's file to `w`.
    fn stream(
        &self,
        _ctx: &PageCtx,
        _key: Self::Key,
        _shared: &Shared,
        _w: &mut dyn io::Write,
    ) -> io::Result<()> {
        Ok(())
    }
}

/// A page kind with its key packed: what the render loop and [`KINDS`] hold.
pub trait Kind: Sync {
    /// The kind's pages in this site, in order (keys packed).
    fn keys(&self, site: &Site, scope: Scope) -> Vec<Key>;
    /// See [`PageKind::path`].
    fn path(&self, site: &Site, key: Key) -> String;
    /// See [`PageKind::make`].
    fn make(&self, ctx: &PageCtx, key: Key, at: &At) -> Body;
    /// See [`PageKind::stream`].
    fn stream(
        &self,
        ctx: &PageCtx,
        key: Key,
        shared: &Shared,
        w: &mut dyn io::Write,
    ) -> io::Result<()>;
    /// See [`PageKind::TEMPLATE`].
    fn template(&self) -> Option<Template>;
    /// See [`PageKind::IN_SITEMAP`].
    fn in_sitemap(&self) -> bool;
    /// See [`PageKind::STREAMS`].
    fn streams(&self) -> bool;
    /// Which kind this is.
    fn kind_id(&self) -> TypeId;
    /// The kind's name, for debugging.
    fn name(&self) -> &'static str;
}

impl<K: PageKind> Kind for K {
    fn keys(&self, site: &Site, scope: Scope) -> Vec<Key> {
        PageKind::keys(self, site, scope)
            .into_iter()
            .map(PageKey::pack)
            .collect()
    }
    fn path(&self, site: &Site, key: Key) -> String {
        PageKind::path(self, site, K::Key::unpack(key))
    }
    fn make(&self, ctx: &PageCtx, key: Key, at: &At) -> Body {
        PageKind::make(self, ctx, K::Key::unpack(key), at)
    }
    fn stream(
        &self,
        ctx: &PageCtx,
        key: Key,
        shared: &Shared,
        w: &mut dyn io::Write,
    ) -> io::Result<()> {
        PageKind::stream(self, ctx, K::Key::unpack(key), shared, w)
    }
    fn template(&self) -> Option<Template> {
        K::TEMPLATE
    }
    fn in_sitemap(&self) -> bool {
        K::IN_SITEMAP
    }
    fn streams(&self) -> bool {
        K::STREAMS
    }
    fn kind_id(&self) -> TypeId {
        TypeId::of::<K>()
    }
    fn name(&self) -> &'static str {
        std::any::type_name::<K>()
    }
}

/// A key packed: two positions (an article, a term, a tag, a page number …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(usize, usize);

/// A kind's key, packed into a [`Key`] and back.
pub trait PageKey: Copy {
    /// The key packed.
    fn pack(self) -> Key;
    /// The key a [`PageKey::pack`] made.
    fn unpack(key: Key) -> Self;
}

/// A part of a key: a position.
pub trait Part: Copy {
    /// The position.
    fn index(self) -> usize;
    /// The part at a position.
    fn at(i: usize) -> Self;
}

impl Part for usize {
    fn index(self) -> usize {
        self
    }
    fn at(i: usize) -> usize {
        i
    }
}

impl Part for ArticleId {
    fn index(self) -> usize {
        ArticleId::index(self)
    }
    fn at(i: usize) -> ArticleId {
        ArticleId::at(i)
    }
}

impl Part for TermId {
    fn index(self) -> usize {
        TermId::index(self)
    }
    fn at(i: usize) -> TermId {
        TermId::at(i)
    }
}

impl PageKey for () {
    fn pack(self) -> Key {
        Key(0, 0)
    }
    fn unpack(_: Key) {}
}

impl<A: Part> PageKey for (A,) {
    fn pack(self) -> Key {
        Key(self.0.index(), 0)
    }
    fn unpack(key: Key) -> (A,) {
        (A::at(key.0),)
    }
}

impl<A: Part, B: Part> PageKey for (A, B) {
    fn pack(self) -> Key {
        Key(self.0.index(), self.1.index())
    }
    fn unpack(key: Key) -> (A, B) {
        (A::at(key.0), B::at(key.1))
    }
}

/// A page of the built site: its kind and which one of that kind.
#[derive(Clone, Copy)]
pub struct Page {
    kind: &'static dyn Kind,
    key: Key,
}

impl Page {
    /// The page's kind.
    pub fn kind(&self) -> &'static dyn Kind {
        self.kind
    }

    /// Whether the page is of kind `K`.
    pub fn is<K: PageKind>(&self) -> bool {
        self.kind.kind_id() == TypeId::of::<K>()
    }

    /// Site path of the page.
    pub fn path(&self, site: &Site) -> String {
        self.kind.path(site, self.key)
    }

    /// How the page is made.
    pub fn make(&self, ctx: &PageCtx, at: &At) -> Body {
        self.kind.make(ctx, self.key, at)
    }

    /// Writes a streamed page to `w`.
    pub fn stream(&self, ctx: &PageCtx, shared: &Shared, w: &mut dyn io::Write) -> io::Result<()> {
        self.kind.stream(ctx, self.key, shared, w)
    }

    /// Whether `build` streams the page to disk.
    pub fn streams(&self) -> bool {
        self.kind.streams()
    }

    /// Whether the sitemap lists the page.
    pub fn in_sitemap(&self) -> bool {
        self.kind.in_sitemap()
    }
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{:?}", self.kind.name(), self.key)
    }
}

/// Every page of the site, kind by kind in the order of [`KINDS`].
pub fn all_pages(site: &Site, scope: Scope) -> Vec<Page> {
    KINDS
        .iter()
        .flat_map(|&kind| {
            kind.keys(site, scope)
                .into_iter()
                .map(move |key| Page { kind, key })
        })
        .collect()
}

/// The default theme's page templates, one per kind that fills one.
pub fn templates() -> impl Iterator<Item = Template> {
    KINDS.iter().filter_map(|k| k.template())
}

/// Site-wide values every page's metadata needs.
pub struct Shared<'a> {
    /// `base_url` with one trailing slash, or empty.
    pub base_url: &'a str,
    /// The path part of the base URL (`/` when unset), for the 404 page.
    pub base_path: &'a str,
    /// The site's description, the default page description.
    pub description: &'a str,
    /// The site's title.
    pub title: &'a str,
}

impl Shared<'_> {
    /// The address of the page at `path`, when the base URL is set.
    fn absolute(&self, path: &str) -> Option<String> {
        (!self.base_url.is_empty()).then(|| format!("{}{}", self.base_url, encode_path(path)))
    }
}

/// Where a page is being made: its path, the way back to the site root from it, and
/// the site-wide values.
pub struct At<'a> {
    /// Site path of the page.
    pub path: &'a str,
    /// `../` once per directory level of the path.
    pub root: String,
    /// The site-wide values.
    pub shared: &'a Shared<'a>,
}

impl<'a> At<'a> {
    /// Where the page at `path` is made.
    pub fn new(path: &'a str, shared: &'a Shared<'a>) -> At<'a> {
        At {
            path,
            root: root_of(path),
            shared,
        }
    }

    /// The page's metadata.
    fn meta(&self, title: &str, description: &str, section: &'static str) -> PageMeta {
        PageMeta {
            root: self.root.clone(),
            path: self.path.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            canonical: self.shared.absolute(self.path),
            section,
            json_ld: None,
        }
    }
}

/// How a page is made: a template filled with a context, or data written by the
/// engine itself.
pub enum Body {
    /// A template and its context.
    Template(&'static str, Context),
    /// The finished file (data exports, citations).
    Data(Vec<u8>),
}

impl Body {
    /// The bytes `write` writes, held.
    fn gathered(write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> Body {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail, nor can serialising the views.
        let _ = write(&mut bytes);
        Body::Data(bytes)
    }
}

/// The key of a kind that has one page, or none.
fn one_if(exists: bool) -> Vec<()> {
    if exists {
        vec![()]
    } else {
        Vec::new()
    }
}

/// The keys of the pages listing each of `groups` (tags, publications): the group's
/// place and the page number.
fn group_pages(groups: &[crate::site::Tag]) -> Vec<(usize, usize)> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| (1..=super::pager::count(g.articles.len())).map(move |n| (i, n)))
        .collect()
}

/// A paged list's title: page numbers after the first page.
fn paged_title(title: String, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{title}, page {} of {}", pager.current, pager.total)
    } else {
        title
    }
}

/// Serialises `value` as JSON to `w`, buffered.
fn json_to(w: &mut dyn io::Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(&mut w, value).map_err(io::Error::other)?;
    io::Write::flush(&mut w)
}

/// Gives the template its `pager` when the list has more than one page.
fn insert_pager(c: &mut Context, pager: Pager) {
    if pager.total > 1 {
        c.insert("pager", &pager);
    }
}

/// A template's text, compiled in from the default theme.
macro_rules! theme {
    ($name:literal) => {
        ($name, include_str!(concat!("../../../templates/", $name)))
    };
}
use theme;
