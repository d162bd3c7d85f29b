//! `glossary/index.html`: every term, by kind.

use tera::Context;

use super::{theme, At, Body, PageKind, Scope, Template};
use crate::render::views::lists;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("glossary.html");

/// The glossary's index.
pub struct Glossary;

impl PageKind for Glossary {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, _: &Site, _: Scope) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "glossary/index.html".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        let desc = "Every organisation, person, place and document in the dossier.";
        let mut c = Context::new();
        c.insert("page", &at.meta("Glossary", desc, "glossary"));
        c.insert("groups", &lists::glossary_groups(ctx, &at.root));
        Body::Template(FILE.0, c)
    }
}
