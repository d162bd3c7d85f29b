//! `404.html`, which GitHub Pages serves for any missing path, at any depth: its
//! links are absolute from the site's base path.

use tera::Context;

use super::{theme, At, Body, PageKind, Scope, Template};
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("404.html");

/// The page for a missing path.
pub struct NotFound;

impl PageKind for NotFound {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);
    const IN_SITEMAP: bool = false;

    fn keys(&self, _: &Site, _: Scope) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "404.html".into()
    }

    fn make(&self, _: &PageCtx, (): (), at: &At) -> Body {
        let mut m = at.meta("Page not found", at.shared.description, "404");
        m.root = at.shared.base_path.to_string();
        m.canonical = None;
        let mut c = Context::new();
        c.insert("page", &m);
        Body::Template(FILE.0, c)
    }
}
