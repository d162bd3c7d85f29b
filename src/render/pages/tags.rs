//! `tags/index.html`: every tag, when articles have tags.

use tera::Context;

use super::{one_if, theme, At, Body, PageKind, Scope, Template};
use crate::render::views::lists;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("tags.html");

/// The tags' index.
pub struct Tags;

impl PageKind for Tags {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<()> {
        one_if(!site.tags.is_empty())
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "tags/index.html".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        let mut c = Context::new();
        c.insert("page", &at.meta("Tags", "The articles' tags.", "articles"));
        c.insert("tags", &lists::tags_view(ctx, &at.root));
        Body::Template(FILE.0, c)
    }
}
