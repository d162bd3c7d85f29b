//! `search-titles.js`: the titles and names the search page answers from on disk,
//! when search is on.

use tera::Context;

use super::{one_if, theme, At, Body, PageKind, Scope, Template};
use crate::render::views::lists;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("search-titles.js");

/// The search page's titles.
pub struct SearchTitles;

impl PageKind for SearchTitles {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);
    const IN_SITEMAP: bool = false;

    fn keys(&self, site: &Site, _: Scope) -> Vec<()> {
        one_if(site.config.search)
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "search-titles.js".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        let mut c = Context::new();
        c.insert("titles_json", &lists::search_titles_json(ctx, &at.root));
        Body::Template(FILE.0, c)
    }
}
