//! `seeds/index.html`: the one page that shows a seed as collected, lines numbered
//! (`#L12`). It holds no seed: its script reads the plain-text copy named in its
//! query (`?s=`, see `paths::seed_view_href`), so the site does not carry each seed twice.

use tera::Context;

use super::{theme, At, Body, PageKind, Scope, Template};
use crate::render::paths::SEED_VIEW_PATH;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("seed.html");

/// The seed page.
pub struct Seed;

impl PageKind for Seed {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<()> {
        super::one_if(site.article_ids().next().is_some())
    }

    fn path(&self, _: &Site, (): ()) -> String {
        SEED_VIEW_PATH.into()
    }

    fn make(&self, _: &PageCtx, (): (), at: &At) -> Body {
        let desc = "An article's source file exactly as it was collected, lines numbered.";
        let mut c = Context::new();
        c.insert("page", &at.meta("Source text", desc, "articles"));
        Body::Template(FILE.0, c)
    }
}
