//! `atom.xml`: the newest articles, only where the base URL is absolute.

use tera::Context;

use super::{one_if, theme, At, Body, PageKind, Scope, Template};
use crate::render::views::feed;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("atom.xml");

/// The Atom feed.
pub struct Feed;

impl PageKind for Feed {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);
    const IN_SITEMAP: bool = false;

    fn keys(&self, _: &Site, scope: Scope) -> Vec<()> {
        one_if(scope.feed)
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "atom.xml".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        let mut c = Context::new();
        c.insert("feed", &feed::feed_view(ctx, at.shared.base_url));
        Body::Template(FILE.0, c)
    }
}
