//! The pages that list others: the index (introduction and articles in date order),
//! the glossary (terms by kind, A–Z within each), the timeline (events by year).

use serde::Serialize;

use super::article::{event_view, EventView};
use super::common::md_html;
use crate::load::TermKind;
use crate::render::pager::{self, Pager};
use crate::render::paths::{encode_path, href, tag_path};
use crate::site::{ArticleId, PageCtx, PageRef, Tag, TimelineEntry};

#[derive(Serialize)]
pub struct ArticleSummary {
    href: String,
    title: String,
    date: Option<String>,
    date_iso: Option<String>,
    publication: Option<String>,
    summary: String,
}

/// Page `n` of the index: the introduction as HTML (on the first page only), and
/// that page's articles in published order, with the pager.
pub fn index_view(ctx: &PageCtx, root: &str, n: usize) -> (String, Vec<ArticleSummary>, Pager) {
    let intro_html = match ctx.intro() {
        (Some(ix), _) if n == 1 => md_html(ctx, root, &ix.sources, &ix.body.text),
        _ => String::new(),
    };
    let ids = ctx.articles();
    let len = ids.len();
    let pager = pager::pager("index.html", n, pager::count(len));
    let shown = pager::range(len, n);
    let articles = ids
        .skip(shown.start)
        .take(shown.len())
        .map(|id| article_summary(ctx, root, id))
        .collect();
    (intro_html, articles, pager)
}

/// An article as lists show it: title, date, publication, summary.
fn article_summary(ctx: &PageCtx, root: &str, id: ArticleId) -> ArticleSummary {
    let card = ctx.article_card(id);
    ArticleSummary {
        href: href(ctx, root, PageRef::Article(id)),
        title: card.title.to_string(),
        date: card.date.map(|d| d.human()),
        date_iso: card.date.map(|d| d.datetime_attr()),
        publication: card.publication.map(str::to_string),
        summary: ctx.summary(id),
    }
}

/// A tag as the tag index lists it.
#[derive(Serialize)]
pub struct TagLink {
    name: String,
    href: String,
    count: usize,
}

/// Every tag, by name, with how many articles carry it.
pub fn tags_view(ctx: &PageCtx, root: &str) -> Vec<TagLink> {
    let mut tags: Vec<TagLink> = ctx
        .tags()
        .iter()
        .map(|t| TagLink {
            name: t.name.clone(),
            href: format!("{root}{}", encode_path(&tag_path(&t.slug))),
            count: t.articles.len(),
        })
        .collect();
    tags.sort_by_cached_key(|t| t.name.to_lowercase());
    tags
}

/// Page `n` of the tag at index `i`: its name and that page's articles, with the pager.
pub fn tag_view(
    ctx: &PageCtx,
    root: &str,
    i: usize,
    n: usize,
) -> (String, Vec<ArticleSummary>, Pager) {
    let tag = &ctx.tags()[i];
    group_view(ctx, root, tag, &tag_path(&tag.slug), n)
}

/// Page `n` of the list of `group`'s articles, whose first page is at `first`: its
/// name and that page's articles, with the pager.
pub fn group_view(
    ctx: &PageCtx,
    root: &str,
    group: &Tag,
    first: &str,
    n: usize,
) -> (String, Vec<ArticleSummary>, Pager) {
    let len = group.articles.len();
    let pager = pager::pager(first, n, pager::count(len));
    let shown = pager::range(len, n);
    let articles = group.articles[shown]
        .iter()
        .map(|&id| article_summary(ctx, root, id))
        .collect();
    (group.name.clone(), articles, pager)
}

/// A page the search page finds from disk, where full-text search cannot run.
#[derive(Serialize)]
struct Titled {
    /// Title or name.
    t: String,
    /// Other names.
    n: Vec<String>,
    /// What it is ("Article", or the term's kind).
    k: String,
    /// Link.
    h: String,
}

/// The titles of the articles and the names of the terms, as JSON (the value of
/// `search-titles.js`, a script of its own: no HTML parser reads it).
pub fn search_titles_json(ctx: &PageCtx, root: &str) -> String {
    let mut all: Vec<Titled> = ctx
        .articles()
        .map(|id| Titled {
            t: ctx.article_card(id).title.to_string(),
            n: Vec::new(),
            k: "Article".into(),
            h: href(ctx, root, PageRef::Article(id)),
        })
        .collect();
    all.extend(ctx.terms().map(|t| {
        let card = ctx.term_card(t);
        Titled {
            t: card.name.to_string(),
            n: ctx.term_search_names(t).map(str::to_string).collect(),
            k: card.kind.to_string(),
            h: href(ctx, root, PageRef::Term(t)),
        }
    }));
    serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())
}

#[derive(Serialize)]
struct TermSummary {
    href: String,
    term: String,
    kind: TermKind,
    aliases: Vec<String>,
    gist: String,
    mentions: usize,
}

/// The glossary's terms of one kind.
#[derive(Serialize)]
pub struct KindGroup {
    /// "People", "Places", …
    heading: &'static str,
    /// The kind as a fragment: `people`, `places`, …
    anchor: &'static str,
    terms: Vec<TermSummary>,
}

/// What a kind's group is called, and its fragment.
fn kind_heading(kind: TermKind) -> (&'static str, &'static str) {
    match kind {
        TermKind::Person => ("People", "people"),
        TermKind::Organization => ("Organisations", "organisations"),
        TermKind::Group => ("Armed and political groups", "groups"),
        TermKind::Place => ("Places", "places"),
        TermKind::Event => ("Events", "events"),
        TermKind::Document => ("Documents", "documents"),
        TermKind::Concept => ("Concepts and titles", "concepts"),
    }
}

/// The glossary index: terms grouped by kind (people first), alphabetically within
/// each, with their other names, gist and mention count.
pub fn glossary_groups(ctx: &PageCtx, root: &str) -> Vec<KindGroup> {
    let mut entries: Vec<_> = ctx.terms().map(|t| (t, ctx.term_entry(t))).collect();
    entries.sort_by_cached_key(|(_, e)| e.card.name.to_lowercase());
    let order = [
        TermKind::Person,
        TermKind::Organization,
        TermKind::Group,
        TermKind::Place,
        TermKind::Event,
        TermKind::Document,
        TermKind::Concept,
    ];
    order
        .into_iter()
        .filter_map(|kind| {
            let terms: Vec<TermSummary> = entries
                .iter()
                .filter(|(_, e)| e.card.kind == kind)
                .map(|&(t, e)| TermSummary {
                    href: href(ctx, root, PageRef::Term(t)),
                    term: e.card.name.to_string(),
                    kind,
                    aliases: e.aliases.0.iter().map(|a| a.value.clone()).collect(),
                    gist: e.gist.to_string(),
                    mentions: e.mentions,
                })
                .collect();
            let (heading, anchor) = kind_heading(kind);
            (!terms.is_empty()).then_some(KindGroup {
                heading,
                anchor,
                terms,
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct YearGroup {
    year: i32,
    events: Vec<EventView>,
}

/// A year of the timeline and the page where its events start.
#[derive(Serialize)]
pub struct YearLink {
    year: i32,
    href: String,
}

/// Page `n` of the timeline: its events by year, the pager, and (when there is more
/// than one page) the page each year starts on.
pub fn timeline_view(
    ctx: &PageCtx,
    root: &str,
    n: usize,
) -> (Vec<YearGroup>, Pager, Vec<YearLink>) {
    let all = ctx.timeline();
    let total = pager::count(all.len());
    let pager = pager::pager("timeline.html", n, total);
    // Events are in date order: each year's first event is found by bisection, so a
    // page costs the number of years, not of events.
    let mut starts: Vec<YearLink> = Vec::new();
    let mut i = 0;
    while total > 1 && i < all.len() {
        let year = all[i].date.year();
        let page = pager::path("timeline.html", i / pager::PER_PAGE + 1);
        starts.push(YearLink {
            year,
            href: format!("{}#year-{year}", encode_path(&page)),
        });
        i += all[i..].partition_point(|e| e.date.year() == year);
    }
    let years = timeline_years(ctx, root, &all[pager::range(all.len(), n)]);
    (years, pager, starts)
}

/// `events`, by year.
fn timeline_years(ctx: &PageCtx, root: &str, events: &[TimelineEntry]) -> Vec<YearGroup> {
    let mut years: Vec<YearGroup> = Vec::new();
    for e in events {
        let ev = event_view(ctx, root, e.article, e.event, true);
        match years.last_mut() {
            Some(y) if y.year == e.date.year() => y.events.push(ev),
            _ => years.push(YearGroup {
                year: e.date.year(),
                events: vec![ev],
            }),
        }
    }
    years
}
