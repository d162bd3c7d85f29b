//! The article page: metadata, the cleaned text with its marks and notes beside the
//! paragraphs they annotate, commentary, events, related pages, sources and
//! provenance (what was cut, by which rule).

use std::collections::HashMap;

use serde::Serialize;

use super::common::{
    edit_href, link_view, links, md_html, source_views, visible_or_empty, LinkView, SourceView,
};
use super::shared::{shared_views, SharedView};
use crate::markdown;
use crate::render::paragraph::{paragraph_html, Asides};
use crate::render::paths::{
    encode_path, href, publication_path, seed_raw_path, seed_view_href, tag_path, text_fragment,
};
use crate::site::{
    summary_of, tag_slug, with_shared, AnchoredNote, Article, ArticleId, LinkedParagraph, MarkKind,
    PageCtx, PageRef, TermId,
};

#[derive(Serialize)]
struct NoteView {
    number: usize,
    quote: String,
    html: String,
}

/// A tag of the article, linked to its page.
#[derive(Serialize)]
struct TagView {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct ParagraphView {
    html: String,
    line: usize,
}

/// An event as lists show it.
#[derive(Serialize)]
pub struct EventView {
    pub date: String,
    pub date_iso: String,
    pub html: String,
    pub article: Option<LinkView>,
}

/// What `article.html` gets as `article`.
#[derive(Serialize)]
pub struct ArticleView {
    sources: Vec<SourceView>,
    slug: String,
    pub title: String,
    date: Option<String>,
    date_iso: Option<String>,
    /// The year, for search filters.
    year: Option<i32>,
    approximate: bool,
    publication: Option<String>,
    /// The publication as a search filter value: Pagefind decodes entities in it and
    /// its UI shows filter values as HTML, so `<`, `>` and `&` become look-alikes.
    publication_filter: Option<String>,
    /// The page listing the publication's articles.
    publication_href: Option<String>,
    byline: Option<String>,
    url: Option<String>,
    pub summary: String,
    tags: Vec<TagView>,
    paragraphs: Vec<ParagraphView>,
    /// The passages other articles print too.
    shared: Vec<SharedView>,
    /// Where its annotation can be edited online (`edit_url`), when set.
    edit_href: Option<String>,
    /// The anchored notes in order (the text shows them beside their quotes; print
    /// shows them as endnotes).
    notes: Vec<NoteView>,
    commentary_html: String,
    unanchored_notes: Vec<NoteView>,
    see_also: Vec<LinkView>,
    backlinks: Vec<LinkView>,
    terms: Vec<NamedTerm>,
    /// Every name of its terms, for search (see [`search_names`]).
    search_names: Vec<SearchNames>,
    removed: Vec<crate::clean::Removed>,
    fix_count: usize,
    /// Every correction, for the provenance panel.
    fixes: Vec<FixView>,
    seed_href: String,
    seed_raw_href: String,
    seed_name: String,
    /// The seed's size in bytes and SHA-256 (lower-case hex, as `sha256sum` prints).
    seed_bytes: usize,
    seed_sha256: String,
    /// When the seed was collected, where known.
    retrieved: Option<String>,
    retrieved_iso: Option<String>,
    events: Vec<EventView>,
    prev: Option<LinkView>,
    next: Option<LinkView>,
}

/// A note's permalink: its paragraph's stable anchor (`p<seed line>`), and a text
/// fragment that browsers scroll to and highlight: the quote itself.
fn note_link(line: usize, quote: &str, number: usize) -> String {
    let fragment = text_fragment("", quote, "");
    format!(
        "<a class=\"note-link\" href=\"#p{line}{fragment}\" aria-label=\"Link to note {number}\">#</a>"
    )
}

/// `html` with `inline` at the end of its last paragraph (or after it).
fn append_inline(html: &str, inline: &str) -> String {
    let trimmed = html.trim_end();
    match trimmed.strip_suffix("</p>") {
        Some(body) => format!("{body} {inline}</p>"),
        None => format!("{trimmed} {inline}"),
    }
}

/// A correction as the provenance panel lists it.
#[derive(Serialize)]
struct FixView {
    /// The seed line of its paragraph (the paragraph's anchor is `p<line>`).
    line: usize,
    original: String,
    text: String,
    note: Option<String>,
}

/// Every correction of the article, in text order.
fn fix_views(marks: &crate::site::ArticleMarks) -> Vec<FixView> {
    let mut out = Vec::new();
    for p in &marks.paragraphs {
        for m in &p.marks {
            if let MarkKind::Fix { original, note } = &m.kind {
                out.push(FixView {
                    line: p.seed_line,
                    original: original.clone(),
                    text: p.text[m.range.clone()].to_string(),
                    note: note.clone(),
                });
            }
        }
    }
    out
}

/// One event of `article`, with a link to the article when `with_article`.
pub fn event_view(
    ctx: &PageCtx,
    root: &str,
    article: ArticleId,
    event: usize,
    with_article: bool,
) -> EventView {
    let (events, sources) = ctx.events(article);
    let e = &events[event];
    let mut links = links(ctx, root, sources);
    if with_article {
        // Shown away from its article: citations lead to the article's Sources list.
        links.sources_page = href(ctx, root, PageRef::Article(article));
    }
    EventView {
        date: e.date.human(),
        date_iso: e.date.datetime_attr(),
        html: markdown::to_inline_html(&e.text.value, &links),
        article: with_article.then(|| link_view(ctx, root, PageRef::Article(article))),
    }
}

/// The view of note `n` of `article`.
fn note_view(ctx: &PageCtx, root: &str, article: &Article, n: &AnchoredNote) -> NoteView {
    let a = &article.ann;
    let paragraphs = &article.marks.paragraphs;
    let note = &a.notes[n.note];
    let mut html = md_html(ctx, root, &a.sources, &note.body.value);
    // What the note quotes is the article's text (a close match may differ from the
    // quote as written).
    let quote = n.quoted(paragraphs).unwrap_or(&note.quote.value);
    if let Some(p) = n.paragraph().and_then(|p| paragraphs.get(p)) {
        html = append_inline(&html, &note_link(p.seed_line, quote, n.number));
    }
    NoteView {
        number: n.number,
        quote: quote.to_string(),
        html,
    }
}

/// The views of the notes of `article` anchored in its text (`anchored`), or not.
fn note_views(ctx: &PageCtx, root: &str, article: &Article, anchored: bool) -> Vec<NoteView> {
    let notes = article.marks.notes.iter();
    notes
        .filter(|n| n.passage.is_some() == anchored)
        .map(|n| note_view(ctx, root, article, n))
        .collect()
}

/// The paragraphs of article `id` as HTML, with its notes (`notes`) beside them and
/// the passages it shares with other articles marked; and the list of those.
fn paragraph_views(
    ctx: &PageCtx,
    root: &str,
    id: ArticleId,
    article: &Article,
    notes: &[NoteView],
    terms: &[(TermId, usize)],
) -> (Vec<SharedView>, Vec<ParagraphView>) {
    let note_html = |number: usize| {
        let note = notes.iter().find(|n| n.number == number);
        note.map(|n| n.html.clone())
    };
    let tips: HashMap<TermId, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, &(t, _))| (t, i))
        .collect();
    let tip_of = |t: TermId| tips.get(&t).map(|&i| tip_id(i));
    let (shared, pieces) = shared_views(ctx, root, id);
    let paragraph = |(pi, p): (usize, &LinkedParagraph)| {
        let asides = Asides {
            index: pi,
            note_html: &note_html,
            tip_id: &tip_of,
        };
        let html = match pieces.get(&pi) {
            Some(pieces) => {
                let with = LinkedParagraph {
                    marks: with_shared(p, pieces),
                    ..p.clone()
                };
                paragraph_html(ctx, root, &with, &asides)
            }
            None => paragraph_html(ctx, root, p, &asides),
        };
        ParagraphView {
            html,
            line: p.seed_line,
        }
    };
    let paragraphs = article.marks.paragraphs.iter().enumerate();
    (shared, paragraphs.map(paragraph).collect())
}

/// The tags of an article, each linking to its page.
fn tag_views(tags: &[String], root: &str) -> Vec<TagView> {
    let view = |t: &String| TagView {
        name: t.trim().to_string(),
        href: format!("{root}{}", encode_path(&tag_path(&tag_slug(t)))),
    };
    tags.iter().map(view).collect()
}

/// The view of the article page of `id`.
pub fn article_view(ctx: &PageCtx, id: ArticleId, root: &str) -> ArticleView {
    let article = ctx.article(id);
    let a = &article.ann;
    let marks = &article.marks;
    let notes = note_views(ctx, root, article, true);
    let terms = term_order(ctx, id);
    let (shared, paragraphs) = paragraph_views(ctx, root, id, article, &notes, &terms);
    let unanchored_notes = note_views(ctx, root, article, false);
    let fixes = fix_views(marks);
    let (prev, next) = ctx.neighbours(id);
    let related = |pages: &mut dyn Iterator<Item = PageRef>| -> Vec<LinkView> {
        pages.map(|p| link_view(ctx, root, p)).collect()
    };
    ArticleView {
        sources: source_views(&a.sources),
        slug: a.slug.clone(),
        title: a.title.clone(),
        date: a.date.map(|d| d.human()),
        date_iso: a.date.map(|d| d.datetime_attr()),
        year: a.date.map(|d| d.year()),
        approximate: a.date.is_some_and(|d| d.approximate),
        publication: a.publication.clone(),
        publication_filter: a.publication.as_deref().map(filter_value),
        publication_href: publication_href(a.publication.as_deref(), root),
        byline: a.byline.clone(),
        url: a.url.clone(),
        summary: summary_of(a),
        tags: tag_views(&a.tags, root),
        paragraphs,
        shared,
        edit_href: edit_href(ctx, &a.source.path),
        notes,
        commentary_html: visible_or_empty(md_html(ctx, root, &a.sources, &a.commentary.text)),
        unanchored_notes,
        see_also: related(&mut article.see_also.iter().map(|&p| PageRef::Article(p))),
        backlinks: related(&mut article.backlinks.iter().copied()),
        search_names: search_names(ctx, &terms),
        terms: named_terms(ctx, &terms, root),
        removed: article.removed().to_vec(),
        fix_count: fixes.len(),
        fixes,
        seed_bytes: article.seed.raw.len(),
        seed_sha256: ctx.seed(id).sha256_hex(),
        retrieved: a.retrieved.map(|d| d.human()),
        retrieved_iso: a.retrieved.map(|d| d.datetime_attr()),
        seed_href: format!("{root}{}", seed_view_href(a)),
        seed_raw_href: format!("{root}{}", encode_path(&seed_raw_path(&a.seed.value))),
        seed_name: article.seed.name.clone(),
        events: (0..a.events.len())
            .map(|ei| event_view(ctx, root, id, ei, false))
            .collect(),
        prev: prev.map(|p| link_view(ctx, root, PageRef::Article(p))),
        next: next.map(|p| link_view(ctx, root, PageRef::Article(p))),
    }
}

/// A term the article names: the link, how often, and its gist (print shows it).
#[derive(Serialize)]
struct NamedTerm {
    href: String,
    title: String,
    meta: String,
    /// Its kind and gist: the preview its mentions point to.
    kind: &'static str,
    gist: String,
    /// The preview's element id (`tip-<n>`, in list order).
    tip_id: String,
}

/// `s` with no character that could become markup in Pagefind's filter list.
fn filter_value(s: &str) -> String {
    s.replace('<', "‹").replace('>', "›").replace('&', "＆")
}

/// The list of names: the article's terms (`terms`, in [`term_order`]), with their previews.
fn named_terms(ctx: &PageCtx, terms: &[(TermId, usize)], root: &str) -> Vec<NamedTerm> {
    terms
        .iter()
        .enumerate()
        .map(|(i, &(t, c))| NamedTerm {
            href: href(ctx, root, PageRef::Term(t)),
            title: ctx.term_card(t).name.to_string(),
            meta: format!("{c}×"),
            kind: ctx.term_card(t).kind.as_str(),
            gist: ctx.term_gist(t).to_string(),
            tip_id: tip_id(i),
        })
        .collect()
}

/// One term's names for search: all of them (`Islamic State, IS, Daesh, …`), weighted
/// by how often the article names the term (at most 10, Pagefind's highest weight),
/// as if each mention carried them.
#[derive(Serialize)]
struct SearchNames {
    names: String,
    weight: usize,
}

/// Every name of each of the article's terms (`terms`), said once in the page (hidden) for
/// search to find the article by any of them, when the site has search.
fn search_names(ctx: &PageCtx, terms: &[(TermId, usize)]) -> Vec<SearchNames> {
    if !ctx.config().search {
        return Vec::new();
    }
    let names = |t: TermId| {
        std::iter::once(ctx.term_card(t).name)
            .chain(ctx.term_search_names(t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    terms
        .iter()
        .map(|&(t, count)| SearchNames {
            names: names(t),
            weight: count.min(10),
        })
        .collect()
}

/// The terms article `id` names and how often, most mentioned first (then by name):
/// the order of its list of names, whose entries hold the previews.
fn term_order(ctx: &PageCtx, id: ArticleId) -> Vec<(TermId, usize)> {
    let mut terms: Vec<(TermId, usize)> = ctx
        .article(id)
        .marks
        .mentions
        .iter()
        .map(|(&t, &c)| (t, c))
        .collect();
    terms.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then(ctx.term_card(x.0).name.cmp(ctx.term_card(y.0).name))
    });
    terms
}

/// The element id of the `i`th (from 0) preview in the list of names.
fn tip_id(i: usize) -> String {
    format!("tip-{}", i + 1)
}

/// The href of the page listing the articles of `publication`, when it has one (a
/// blank publication has none).
fn publication_href(publication: Option<&str>, root: &str) -> Option<String> {
    let name = crate::site::publication(publication)?;
    let path = publication_path(&tag_slug(name));
    Some(format!("{root}{}", encode_path(&path)))
}
