//! The timeline: `timeline.html`, then `timeline.page-<n>.html` for page `n` of the
//! events.

use tera::Context;

use super::{insert_pager, paged_title, theme, At, Body, PageKind, Scope, Template};
use crate::render::pager;
use crate::render::views::lists;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("timeline.html");

/// The timeline's pages.
pub struct Timeline;

impl PageKind for Timeline {
    /// The page number.
    type Key = (usize,);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(usize,)> {
        (1..=pager::count(site.timeline.len()))
            .map(|n| (n,))
            .collect()
    }

    fn path(&self, _: &Site, (n,): (usize,)) -> String {
        pager::path("timeline.html", n)
    }

    fn make(&self, ctx: &PageCtx, (n,): (usize,), at: &At) -> Body {
        let desc = "Dated events reported by the articles.";
        let (years, pager, starts) = lists::timeline_view(ctx, &at.root, n);
        let title = paged_title("Timeline".into(), &pager);
        let mut c = Context::new();
        c.insert("page", &at.meta(&title, desc, "timeline"));
        c.insert("years", &years);
        c.insert("year_starts", &starts);
        insert_pager(&mut c, pager);
        Body::Template(FILE.0, c)
    }
}
