//! `articles/<slug>.bib` and `articles/<slug>.json`: how to cite an article, as
//! BibTeX and as CSL-JSON, beside its page.

use super::{At, Body, PageKind, Part, Scope, Shared};
use crate::render::paths::{article_path, cite_path};
use crate::render::views::cite;
use crate::site::{ArticleId, PageCtx, Site};

/// The citation files of every article.
pub struct Cite;

/// A citation file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// BibTeX (`.bib`).
    Bib,
    /// CSL-JSON (`.json`).
    Csl,
}

impl Part for Format {
    fn index(self) -> usize {
        match self {
            Format::Bib => 0,
            Format::Csl => 1,
        }
    }
    fn at(i: usize) -> Format {
        if i == 0 {
            Format::Bib
        } else {
            Format::Csl
        }
    }
}

impl PageKind for Cite {
    type Key = (ArticleId, Format);
    const IN_SITEMAP: bool = false;

    fn keys(&self, site: &Site, _: Scope) -> Vec<(ArticleId, Format)> {
        site.article_ids()
            .flat_map(|a| [(a, Format::Bib), (a, Format::Csl)])
            .collect()
    }

    fn path(&self, site: &Site, (id, format): (ArticleId, Format)) -> String {
        let ext = match format {
            Format::Bib => "bib",
            Format::Csl => "json",
        };
        cite_path(&site.article(id).ann.slug, ext)
    }

    fn make(&self, ctx: &PageCtx, (id, format): (ArticleId, Format), at: &At) -> Body {
        let d = dossier(ctx, id, at.shared);
        let text = match format {
            Format::Bib => cite::bibtex(ctx, id, &d),
            Format::Csl => cite::csl_json(ctx, id, &d),
        };
        Body::Data(text.into_bytes())
    }
}

/// What citing article `id` needs besides the article (its page's address when the
/// base URL is absolute).
pub(super) fn dossier<'c>(ctx: &PageCtx<'c>, id: ArticleId, shared: &Shared) -> cite::Dossier<'c> {
    let page = article_path(ctx.cited(id).card.slug);
    let page_url = crate::render::is_absolute(shared.base_url)
        .then(|| shared.absolute(&page))
        .flatten()
        .unwrap_or_default();
    let config = ctx.config();
    cite::Dossier {
        title: &config.title,
        editors: &config.author,
        page_url,
    }
}
