//! The glossary term page: names, kind, definition, broader and narrower terms, the
//! articles that mention it, the pages that link to it, sources.

use serde::Serialize;

use super::common::{link_view, md_html, source_views, LinkView, SourceView};
use crate::load::TermKind;
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
    backlinks: Vec<LinkView>,
    sources: Vec<SourceView>,
}

/// The view of the page of term `id`.
pub fn term_view(ctx: &PageCtx, id: TermId, root: &str) -> TermView {
    let term = ctx.term(id);
    let t = &term.ann;
    let links = |pages: &mut dyn Iterator<Item = PageRef>| -> Vec<LinkView> {
        pages.map(|p| link_view(ctx, root, p)).collect()
    };
    TermView {
        slug: t.slug.clone(),
        term: t.term.value.clone(),
        kind: t.kind,
        aliases: t.aliases.iter().map(|a| a.value.clone()).collect(),
        weak_aliases: t.weak_aliases.clone(),
        definition_html: md_html(ctx, root, &t.sources, &t.definition.text),
        sources: source_views(&t.sources),
        part_of: term.part_of.map(|p| link_view(ctx, root, PageRef::Term(p))),
        parts: links(&mut term.parts.iter().map(|&p| PageRef::Term(p))),
        see_also: links(&mut term.see_also.iter().copied()),
        mentioned_in: term
            .mentioned_in
            .iter()
            .map(|&(a, c)| {
                let mut v = link_view(ctx, root, PageRef::Article(a));
                v.meta = format!("{} · {c} mention{}", v.meta, if c == 1 { "" } else { "s" });
                v
            })
            .collect(),
        backlinks: links(&mut term.backlinks.iter().copied()),
    }
}
