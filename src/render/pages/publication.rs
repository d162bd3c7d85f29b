//! `publications/<slug>.html`: the articles a publication published, then
//! `<slug>.page-<n>.html` for page `n` of them.

use tera::Context;

use super::{group_pages, insert_pager, paged_title, theme, At, Body, PageKind, Scope, Template};
use crate::render::pager;
use crate::render::paths::publication_path;
use crate::render::views::lists;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("publication.html");

/// The publication pages.
pub struct Publication;

impl PageKind for Publication {
    /// The publication (its place in `Site::publications`) and the page number.
    type Key = (usize, usize);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(usize, usize)> {
        group_pages(&site.publications)
    }

    fn path(&self, site: &Site, (i, n): (usize, usize)) -> String {
        pager::path(&publication_path(&site.publications[i].slug), n)
    }

    fn make(&self, ctx: &PageCtx, (i, n): (usize, usize), at: &At) -> Body {
        let publication = &ctx.publications()[i];
        let first = publication_path(&publication.slug);
        let (name, articles, pager) = lists::group_view(ctx, &at.root, publication, &first, n);
        let desc = format!("The dossier's articles published by {name}.");
        let title = paged_title(format!("Published by {name}"), &pager);
        let mut c = Context::new();
        c.insert("page", &at.meta(&title, &desc, "articles"));
        c.insert("publication", &name);
        c.insert("articles", &articles);
        insert_pager(&mut c, pager);
        Body::Template(FILE.0, c)
    }
}
