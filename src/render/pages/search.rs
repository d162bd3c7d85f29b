//! `search.html`: full-text search, when search is on.

use tera::Context;

use super::{one_if, theme, At, Body, PageKind, Scope, Template};
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("search.html");

/// The search page.
pub struct Search;

impl PageKind for Search {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<()> {
        one_if(site.config.search)
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "search.html".into()
    }

    fn make(&self, _: &PageCtx, (): (), at: &At) -> Body {
        let desc = "Search the articles, notes, commentary and glossary.";
        let mut c = Context::new();
        c.insert("page", &at.meta("Search", desc, "search"));
        Body::Template(FILE.0, c)
    }
}
