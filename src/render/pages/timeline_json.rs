//! `timeline.json`: the events for TimelineJS, streamed like the data export.

use std::io;

use super::{json_to, At, Body, PageKind, Scope, Shared};
use crate::render::views::timeline_js;
use crate::site::{PageCtx, Site};

/// The events as TimelineJS data.
pub struct TimelineJson;

impl PageKind for TimelineJson {
    type Key = ();
    const IN_SITEMAP: bool = false;
    const STREAMS: bool = true;

    fn keys(&self, _: &Site, _: Scope) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "timeline.json".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        Body::gathered(|w| self.stream(ctx, (), at.shared, w))
    }

    fn stream(
        &self,
        ctx: &PageCtx,
        (): (),
        shared: &Shared,
        w: &mut dyn io::Write,
    ) -> io::Result<()> {
        json_to(w, &timeline_js::timeline_js(ctx, shared.base_url))
    }
}
