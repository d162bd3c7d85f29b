//! The glossary term page: names, kind, definition, broader and narrower terms, the
//! terms named with it, the articles that name it (the first ones with their mentions
//! in context, the rest by title), the pages that link to it, sources.

use serde::Serialize;

use super::common::{edit_href, link_view, md_html, source_views, LinkView, SourceView};
use super::kwic::{counted_link, mention_groups, MentionGroup, IN_CONTEXT};
use crate::load::TermKind;
use crate::render::pager::{self, Pager};
use crate::site::{PageCtx, PageRef, TermId};

/// What `term.html` gets as `term`.
#[derive(Serialize)]
pub struct TermView {
    slug: String,
    pub term: String,
    kind: TermKind,
    aliases: Vec<String>,
    weak_aliases: Vec<String>,
    definition_html: String,
    part_of: Option<LinkView>,
    parts: Vec<LinkView>,
    see_also: Vec<LinkView>,
    mentioned_in: Vec<LinkView>,
    /// The mentions in context, by article, of the first [`IN_CONTEXT`] articles
    /// (on the first page only).
    mentions: Vec<MentionGroup>,
    /// The other articles of this page that name the term, by title.
    listed: Vec<LinkView>,
    /// The terms most often named in the same paragraphs.
    cooccurs: Vec<Cooccurring>,
    /// How many articles name the term, over all pages.
    mentioned_total: usize,
    pub pager: Pager,
    backlinks: Vec<LinkView>,
    sources: Vec<SourceView>,
    /// Where its glossary entry can be edited online (`edit_url`), when set.
    edit_href: Option<String>,
}

/// A term often named in the same paragraphs as the page's.
#[derive(Serialize)]
struct Cooccurring {
    link: LinkView,
    /// In how many paragraphs both are named.
    paragraphs: usize,
}

/// How many co-occurring terms a term page lists.
const COOCCURRING: usize = 12;

/// The view of page `n` of term `id` (pages after the first list more articles
/// that name it).
pub fn term_view(ctx: &PageCtx, id: TermId, root: &str, first: &str, n: usize) -> TermView {
    let term = ctx.term(id);
    let t = &term.ann;
    let named = &term.mentioned_in;
    let links = |pages: &mut dyn Iterator<Item = PageRef>| -> Vec<LinkView> {
        pages.map(|p| link_view(ctx, root, p)).collect()
    };
    let on_page = &named[pager::range(named.len(), n)];
    let (in_context, by_title) = on_page.split_at(if n == 1 {
        IN_CONTEXT.min(on_page.len())
    } else {
        0
    });
    let mentions = mention_groups(ctx, root, id, in_context);
    let listed: Vec<LinkView> = by_title
        .iter()
        .map(|&(a, count)| counted_link(ctx, root, a, count))
        .collect();
    TermView {
        slug: t.slug.clone(),
        term: t.term.value.clone(),
        kind: t.kind,
        aliases: t.aliases.iter().map(|a| a.value.clone()).collect(),
        weak_aliases: t.weak_aliases.clone(),
        definition_html: md_html(ctx, root, &t.sources, &t.definition.text),
        sources: source_views(&t.sources),
        edit_href: edit_href(ctx, &t.source.path),
        part_of: term.part_of.map(|p| link_view(ctx, root, PageRef::Term(p))),
        parts: links(&mut term.parts.iter().map(|&p| PageRef::Term(p))),
        see_also: links(&mut term.see_also.iter().copied()),
        mentioned_total: named.len(),
        pager: pager::pager(first, n, pager::count(named.len())),
        cooccurs: ctx
            .cooccurring(id, COOCCURRING)
            .into_iter()
            .map(|(t, paragraphs)| Cooccurring {
                link: link_view(ctx, root, PageRef::Term(t)),
                paragraphs,
            })
            .collect(),
        mentioned_in: mentions
            .iter()
            .map(|g| g.article.clone())
            .chain(listed.iter().cloned())
            .collect(),
        mentions,
        listed,
        backlinks: links(&mut term.backlinks.iter().copied()),
    }
}
