//! Pieces every page view uses: a link to another page (title and a line of meta),
//! annotation Markdown rendered with its links resolved, a Sources list, the page
//! metadata templates read.

use serde::Serialize;

use crate::load::Source;
use crate::markdown::{self, Links, Resolved};
use crate::render::paths::href;
use crate::site::{PageCtx, PageRef};

/// A link to another page, as lists show it.
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub href: String,
    pub title: String,
    pub meta: String,
}

/// What every page's template gets as `page`.
#[derive(Serialize)]
pub struct PageMeta {
    pub root: String,
    pub path: String,
    pub title: String,
    pub description: String,
    pub canonical: Option<String>,
    pub section: &'static str,
    /// The page's schema.org description, as JSON safe inside `<script>`.
    pub json_ld: Option<String>,
}

/// A source as a page's Sources list shows it.
#[derive(Serialize)]
pub struct SourceView {
    id: String,
    title: String,
    author: Option<String>,
    publisher: Option<String>,
    date: Option<String>,
    url: Option<String>,
    accessed: Option<String>,
    /// A web-archive copy, linked "archived copy" beside the original.
    archived: Option<String>,
    /// What the source is and why it is used, shown after it.
    note: Option<String>,
}

/// The Sources list of a page.
pub fn source_views(sources: &[Source]) -> Vec<SourceView> {
    sources
        .iter()
        .map(|s| SourceView {
            id: s.id.value.clone(),
            title: s.title.value.clone(),
            author: s.author.clone(),
            publisher: s.publisher.clone(),
            date: s.date.map(|d| d.human()),
            url: s.url.as_ref().map(|u| u.value.clone()),
            accessed: s.accessed.map(|d| d.human()),
            archived: s.archived.as_ref().map(|u| u.value.clone()),
            note: s.note.clone(),
        })
        .collect()
}

/// The title of a page as links show it.
pub fn page_title(ctx: &PageCtx, page: PageRef) -> String {
    match page {
        PageRef::Index => "Introduction".to_string(),
        PageRef::Article(a) => ctx.article_card(a).title.to_string(),
        PageRef::Term(t) => ctx.term_card(t).name.to_string(),
    }
}

/// A link to `page` with its title and a line of meta (publication and date, a term's
/// kind).
pub fn link_view(ctx: &PageCtx, root: &str, page: PageRef) -> LinkView {
    let meta = match page {
        PageRef::Article(a) => {
            let card = ctx.article_card(a);
            let date = card
                .date
                .map(|d| d.human())
                .unwrap_or_else(|| "undated".into());
            match card.publication {
                Some(p) => format!("{p}, {date}"),
                None => date,
            }
        }
        PageRef::Term(t) => ctx.term_card(t).kind.to_string(),
        PageRef::Index => String::new(),
    };
    LinkView {
        href: href(ctx, root, page),
        title: page_title(ctx, page),
        meta,
    }
}

/// How Markdown on this page resolves `[[targets]]` and `[@citations]`.
pub fn links<'a>(ctx: &'a PageCtx<'a>, root: &'a str, sources: &'a [Source]) -> Links<'a> {
    Links {
        resolve: Box::new(move |target| {
            ctx.resolve(target).map(|(p, by_slug)| Resolved {
                href: href(ctx, root, p),
                title: page_title(ctx, p),
                by_slug,
            })
        }),
        allow_raw_html: ctx.config().allow_raw_html,
        sources,
        sources_page: String::new(),
    }
}

/// Markdown as HTML on this page.
pub fn md_html(ctx: &PageCtx, root: &str, sources: &[Source], md: &str) -> String {
    markdown::to_html(md, &links(ctx, root, sources))
}

/// `html`, or nothing when it shows nothing (only whitespace and HTML comments, as in
/// the stub `dossier add` writes), so that templates can skip an empty section.
pub fn visible_or_empty(html: String) -> String {
    let mut rest = html.as_str();
    let mut visible = String::new();
    while let Some(i) = rest.find("<!--") {
        visible.push_str(&rest[..i]);
        rest = rest[i..]
            .find("-->")
            .map(|j| &rest[i + j + 3..])
            .unwrap_or("");
    }
    visible.push_str(rest);
    if visible.trim().is_empty() {
        String::new()
    } else {
        html
    }
}

/// The link that edits the annotation at `path` (relative to the dossier), when
/// `edit_url` is set: the template with `{path}` replaced by the percent-encoded path.
pub fn edit_href(ctx: &PageCtx, path: &std::path::Path) -> Option<String> {
    let template = ctx.config().edit_url.as_deref()?.trim();
    let rel = crate::load::rel_name(std::path::Path::new(""), path);
    Some(template.replace("{path}", &crate::render::encode_path(&rel)))
}
