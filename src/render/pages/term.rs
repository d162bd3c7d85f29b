//! `glossary/<slug>.html`: a term's page, then `<slug>.page-<n>.html` for page `n`
//! of the articles that name it.

use tera::Context;

use super::{paged_title, theme, At, Body, PageKind, Scope, Template};
use crate::render::pager;
use crate::render::paths::link_path;
use crate::render::views::{schema_org, term};
use crate::site::{PageCtx, PageRef, Site, TermId};

const FILE: Template = theme!("term.html");

/// The term pages.
pub struct Term;

impl PageKind for Term {
    /// The term and the page number.
    type Key = (TermId, usize);
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<(TermId, usize)> {
        site.term_ids()
            .flat_map(|t| (1..=pager::count(site.term(t).mentioned_in.len())).map(move |n| (t, n)))
            .collect()
    }

    fn path(&self, site: &Site, (id, n): (TermId, usize)) -> String {
        pager::path(&link_path(site, PageRef::Term(id)), n)
    }

    fn make(&self, ctx: &PageCtx, (id, n): (TermId, usize), at: &At) -> Body {
        let view = term::term_view(ctx, id, &at.root, &pager::first(at.path, n), n);
        let desc = crate::markdown::first_paragraph_text(&ctx.term(id).ann.definition.text);
        let title = paged_title(view.term.clone(), &view.pager);
        let mut m = at.meta(&title, &desc, "glossary");
        let glossary = at.shared.absolute("glossary/index.html");
        m.json_ld = Some(schema_org::term(
            ctx,
            id,
            m.canonical.as_deref(),
            glossary.as_deref(),
        ));
        let mut c = Context::new();
        c.insert("page", &m);
        c.insert("term", &view);
        Body::Template(FILE.0, c)
    }
}
