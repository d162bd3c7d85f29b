//! `seeds/<name>.html`: an article's seed as collected, lines numbered.

use tera::Context;

use super::{theme, At, Body, PageKind, Scope, Template};
use crate::render::paths::seed_view_path;
use crate::render::views::seed;
use crate::site::{ArticleId, PageCtx, Site};

const FILE: Template = theme!("seed.html");

/// The seed pages.
pub struct Seed;

impl PageKind for Seed {
    type Key = (ArticleId,);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(ArticleId,)> {
        site.article_ids().map(|a| (a,)).collect()
    }

    fn path(&self, site: &Site, (id,): (ArticleId,)) -> String {
        seed_view_path(&site.article(id).ann.seed.value)
    }

    fn make(&self, ctx: &PageCtx, (id,): (ArticleId,), at: &At) -> Body {
        let view = seed::seed_view(ctx, id, &at.root);
        let title = format!("Source text: {}", view.name);
        let desc = format!("The raw text of “{}”, as collected.", view.article.title);
        let mut c = Context::new();
        c.insert("page", &at.meta(&title, &desc, "articles"));
        c.insert("seed", &view);
        Body::Template(FILE.0, c)
    }
}
