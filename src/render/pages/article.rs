//! `articles/<slug>.html`: an article page, with its Cite block (the citation as text;
//! the BibTeX and CSL-JSON are linked files, not repeated in the page).

use tera::Context;

use super::{cite::dossier, theme, At, Body, PageKind, Scope, Template};
use crate::render::paths::{cite_path, encode_path, link_path};
use crate::render::views::{article, cite, schema_org};
use crate::site::{ArticleId, PageCtx, PageRef, Site};

const FILE: Template = theme!("article.html");

/// The article pages.
pub struct Article;

impl PageKind for Article {
    type Key = (ArticleId,);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(ArticleId,)> {
        site.article_ids().map(|a| (a,)).collect()
    }

    fn path(&self, site: &Site, (id,): (ArticleId,)) -> String {
        link_path(site, PageRef::Article(id))
    }

    fn make(&self, ctx: &PageCtx, (id,): (ArticleId,), at: &At) -> Body {
        let view = article::article_view(ctx, id, &at.root);
        let mut m = at.meta(&view.title, &view.summary, "articles");
        m.json_ld = Some(schema_org::article(ctx, id, m.canonical.as_deref()));
        let mut c = Context::new();
        c.insert("page", &m);
        c.insert("cite", &cite_view(ctx, id, at));
        c.insert("article", &view);
        Body::Template(FILE.0, c)
    }
}

/// What the Cite block of an article page shows.
#[derive(serde::Serialize)]
struct CiteView {
    text: String,
    bib_href: String,
    json_href: String,
}

fn cite_view(ctx: &PageCtx, id: ArticleId, at: &At) -> CiteView {
    let d = dossier(ctx, id, at.shared);
    let slug = ctx.cited(id).card.slug;
    let href = |ext| format!("{}{}", at.root, encode_path(&cite_path(slug, ext)));
    CiteView {
        text: cite::reading_text(ctx, id, &d),
        bib_href: href("bib"),
        json_href: href("json"),
    }
}
