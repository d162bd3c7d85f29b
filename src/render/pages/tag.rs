//! `tags/<slug>.html`: the articles with a tag, then `<slug>.page-<n>.html` for
//! page `n` of them.

use tera::Context;

use super::{group_pages, insert_pager, paged_title, theme, At, Body, PageKind, Scope, Template};
use crate::render::pager;
use crate::render::paths::tag_path;
use crate::render::views::lists;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("tag.html");

/// The tag pages.
pub struct Tag;

impl PageKind for Tag {
    /// The tag (its place in `Site::tags`) and the page number.
    type Key = (usize, usize);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(usize, usize)> {
        group_pages(&site.tags)
    }

    fn path(&self, site: &Site, (i, n): (usize, usize)) -> String {
        pager::path(&tag_path(&site.tags[i].slug), n)
    }

    fn make(&self, ctx: &PageCtx, (i, n): (usize, usize), at: &At) -> Body {
        let (name, articles, pager) = lists::tag_view(ctx, &at.root, i, n);
        let desc = format!("Articles tagged “{name}”.");
        let title = paged_title(format!("Tagged “{name}”"), &pager);
        let mut c = Context::new();
        c.insert("page", &at.meta(&title, &desc, "articles"));
        c.insert("tag", &name);
        c.insert("articles", &articles);
        insert_pager(&mut c, pager);
        Body::Template(FILE.0, c)
    }
}
