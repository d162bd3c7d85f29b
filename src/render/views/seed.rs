//! The seed page: an article's raw source text, lines numbered (`#L12`), with the
//! plain-text file one click away.

use serde::Serialize;

use super::common::{link_view, LinkView};
use crate::render::paths::{encode_path, seed_raw_path};
use crate::site::{ArticleId, PageCtx, PageRef};

/// What `seed.html` gets as `seed`.
#[derive(Serialize)]
pub struct SeedView<'a> {
    pub name: &'a str,
    raw_href: String,
    bytes: usize,
    lines: Vec<&'a str>,
    pub article: LinkView,
}

/// The view of the seed page of article `id`.
pub fn seed_view<'a>(ctx: &PageCtx<'a>, id: ArticleId, root: &str) -> SeedView<'a> {
    let seed = ctx.seed(id);
    SeedView {
        name: &seed.name,
        raw_href: format!("{root}{}", encode_path(&seed_raw_path(&seed.name))),
        bytes: seed.raw.len(),
        lines: seed.text().split('\n').collect(),
        article: link_view(ctx, root, PageRef::Article(id)),
    }
}
