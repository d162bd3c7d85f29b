//! The print edition, `print.html`: the whole dossier on one page, in reading order
//! (introduction; the articles by date, each with its notes as endnotes and its
//! commentary; the timeline; the glossary as an appendix), for printing or saving as
//! PDF. Ids on this page are prefixed by the article's number (`a3-n2`), so that the
//! notes of five articles never share one; term mentions link to the appendix.
//!
//! A dossier of more than [`PRINT_MAX`] articles gets no print edition: it would be
//! a book of thousands of pages, and a page that grows without bound with the dossier.

use serde::Serialize;

use super::article::{event_view, EventView};
use super::common::links;
use crate::markdown;
use crate::render::paths::{escape, href};
use crate::site::{ArticleId, LinkedParagraph, MarkKind, PageCtx, PageRef, TermId};

/// The most articles a print edition holds.
pub const PRINT_MAX: usize = 1000;

/// What `print.html` gets as `edition`.
#[derive(Serialize)]
pub struct Edition {
    intro_html: String,
    articles: Vec<PrintArticle>,
    events: Vec<EventView>,
    terms: Vec<PrintTerm>,
}

#[derive(Serialize)]
struct PrintArticle {
    /// `a<number>`: the prefix of its ids.
    id: String,
    /// Its page, for the running head (CSS `@page` names).
    title: String,
    /// The title as a CSS string, for the running head (`\` escapes only).
    css_title: String,
    meta: String,
    href: String,
    paragraphs: Vec<String>,
    notes: Vec<PrintNote>,
    commentary_html: String,
    seed_name: String,
    seed_sha256: String,
}

#[derive(Serialize)]
struct PrintNote {
    number: usize,
    quote: String,
    html: String,
}

#[derive(Serialize)]
struct PrintTerm {
    id: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
    definition_html: String,
}

/// The print edition, or `None` for a dossier too large to print.
pub fn edition(ctx: &PageCtx, root: &str) -> Option<Edition> {
    let ids = ctx.articles();
    if ids.len() > PRINT_MAX {
        return None;
    }
    let (intro, _) = ctx.intro();
    let intro_html = intro
        .map(|i| {
            let mut l = links(ctx, root, &i.sources);
            l.sources_page = href(ctx, root, PageRef::Index);
            markdown::to_html(&i.body.text, &l)
        })
        .unwrap_or_default();
    let articles = ids
        .enumerate()
        .map(|(n, id)| article(ctx, root, n + 1, id))
        .collect();
    let events = ctx
        .timeline()
        .iter()
        .map(|e| event_view(ctx, root, e.article, e.event, true))
        .collect();
    let mut terms: Vec<PrintTerm> = ctx.terms().map(|t| term(ctx, root, t)).collect();
    terms.sort_by_cached_key(|t| t.name.to_lowercase());
    Some(Edition {
        intro_html,
        articles,
        events,
        terms,
    })
}

/// The id of term `t`'s entry in the appendix.
fn term_anchor(ctx: &PageCtx, t: TermId) -> String {
    format!("g-{}", ctx.term_card(t).slug.replace('/', "-"))
}

/// `s` inside a CSS string: quotes, backslashes and line breaks escaped, and `<` too,
/// so the text cannot end the `<style>` element it sits in.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            '>' => out.push_str("\\3e "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn article(ctx: &PageCtx, root: &str, n: usize, id: ArticleId) -> PrintArticle {
    let a = ctx.article(id);
    let prefix = format!("a{n}");
    let meta = [
        a.ann.publication.clone(),
        a.ann.byline.clone(),
        a.ann.date.map(|d| d.human()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let sources_page = href(ctx, root, PageRef::Article(id));
    let md = |text: &str| {
        let mut l = links(ctx, root, &a.ann.sources);
        l.sources_page = sources_page.clone();
        markdown::to_html(text, &l)
    };
    let notes = a
        .marks
        .notes
        .iter()
        .filter(|n| n.passage.is_some())
        .map(|n| {
            let note = &a.ann.notes[n.note];
            PrintNote {
                number: n.number,
                quote: n
                    .quoted(&a.marks.paragraphs)
                    .unwrap_or(&note.quote.value)
                    .to_string(),
                html: md(&note.body.value),
            }
        })
        .collect();
    PrintArticle {
        title: a.ann.title.clone(),
        css_title: css_string(&a.ann.title),
        meta,
        href: sources_page.clone(),
        paragraphs: a
            .marks
            .paragraphs
            .iter()
            .map(|p| paragraph(ctx, &prefix, p))
            .collect(),
        notes,
        commentary_html: super::common::visible_or_empty(md(&a.ann.commentary.text)),
        seed_name: a.seed.name.clone(),
        seed_sha256: ctx.seed(id).sha256_hex(),
        id: prefix,
    }
}

fn term(ctx: &PageCtx, root: &str, t: TermId) -> PrintTerm {
    let term = ctx.term(t);
    let mut l = links(ctx, root, &term.ann.sources);
    l.sources_page = href(ctx, root, PageRef::Term(t));
    PrintTerm {
        id: term_anchor(ctx, t),
        name: term.ann.term.value.clone(),
        kind: term.ann.kind.as_str(),
        aliases: term.ann.aliases.iter().map(|a| a.value.clone()).collect(),
        definition_html: markdown::to_html(&term.ann.definition.text, &l),
    }
}

/// A paragraph for print: escaped text; notes as superscript numbers linking to the
/// article's endnotes, corrections with the original struck through, linked term
/// mentions linking to the glossary appendix.
fn paragraph(ctx: &PageCtx, prefix: &str, p: &LinkedParagraph) -> String {
    crate::render::paragraph::nest(&p.text, &p.marks, &mut PrintMarks { ctx, prefix })
}

/// How the print edition writes marks.
struct PrintMarks<'a> {
    ctx: &'a PageCtx<'a>,
    /// The article's id prefix (`a3`).
    prefix: &'a str,
}

impl crate::render::paragraph::MarkWriter for PrintMarks<'_> {
    fn tags(&mut self, kind: &MarkKind) -> (String, String) {
        let prefix = self.prefix;
        match kind {
            MarkKind::Note(n) => (
                "<mark class=\"note-anchor\">".to_string(),
                format!(
                    "</mark><sup class=\"noteref\"><a href=\"#{prefix}-n{n}\" id=\"{prefix}-r{n}\">{n}</a></sup>"
                ),
            ),
            MarkKind::Fix { original, .. } => (
                format!("<span class=\"fix\"><del>{}</del> <ins>", escape(original)),
                "</ins></span>".to_string(),
            ),
            MarkKind::Term { term, linked: true } => (
                format!("<a class=\"term\" href=\"#{}\">", escape(&term_anchor(self.ctx, *term))),
                "</a>".to_string(),
            ),
            MarkKind::Term { linked: false, .. } | MarkKind::Shared { .. } => {
                (String::new(), String::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_their_element() {
        assert_eq!(
            css_string("a \"b\" \\ </style>"),
            "a \\\"b\\\" \\\\ \\3c /style\\3e "
        );
    }
}
