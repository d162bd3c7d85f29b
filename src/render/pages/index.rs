//! The index: the introduction and the articles, `index.html` then
//! `index.page-<n>.html` for page `n` of the articles.

use tera::Context;

use super::{insert_pager, paged_title, theme, At, Body, PageKind, Scope, Template};
use crate::render::pager;
use crate::render::views::{common::source_views, lists};
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("index.html");

/// The index pages.
pub struct Index;

impl PageKind for Index {
    /// The page number.
    type Key = (usize,);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(usize,)> {
        (1..=pager::count(site.articles.len()))
            .map(|n| (n,))
            .collect()
    }

    fn path(&self, _: &Site, (n,): (usize,)) -> String {
        pager::path("index.html", n)
    }

    fn make(&self, ctx: &PageCtx, (n,): (usize,), at: &At) -> Body {
        let (intro_html, articles, pager) = lists::index_view(ctx, &at.root, n);
        let (intro, _) = ctx.intro();
        let title = intro
            .and_then(|i| i.title.clone())
            .unwrap_or_else(|| at.shared.title.to_string());
        let sources = intro
            .filter(|_| n == 1)
            .map(|i| &i.sources[..])
            .unwrap_or_default();
        let title = paged_title(title, &pager);
        let mut c = Context::new();
        c.insert("page", &at.meta(&title, at.shared.description, "index"));
        c.insert("intro_html", &intro_html);
        c.insert("sources", &source_views(sources));
        c.insert("articles", &articles);
        c.insert("tag_count", &ctx.tags().len());
        insert_pager(&mut c, pager);
        Body::Template(FILE.0, c)
    }
}
