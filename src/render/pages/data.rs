//! `dossier.json.gz`: the whole dossier as data, gzip-compressed as it is streamed
//! to disk by `build` (it grows with the whole text of the dossier).

use std::io;

use super::{json_to, At, Body, PageKind, Scope, Shared};
use crate::render::gzip::gzip_to;
use crate::render::views::data;
use crate::site::{PageCtx, Site};

/// The data export.
pub struct Data;

impl PageKind for Data {
    type Key = ();
    const IN_SITEMAP: bool = false;
    const STREAMS: bool = true;

    fn keys(&self, _: &Site, _: Scope) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: &Site, (): ()) -> String {
        crate::render::DATA_EXPORT_PATH.into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        Body::gathered(|w| self.stream(ctx, (), at.shared, w))
    }

    fn stream(&self, ctx: &PageCtx, (): (), _: &Shared, w: &mut dyn io::Write) -> io::Result<()> {
        gzip_to(w, |w| json_to(w, &data::export(ctx)))
    }
}
