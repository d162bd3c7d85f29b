//! `graph.html`: which articles name which terms, drawn.

use tera::Context;

use super::{theme, At, Body, PageKind, Scope, Template};
use crate::render::views::graph;
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("graph.html");

/// The graph page.
pub struct Graph;

impl PageKind for Graph {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, _: &Site, _: Scope) -> Vec<()> {
        vec![()]
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "graph.html".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        let desc = "Which articles name which people, groups, places and documents, drawn.";
        let mut c = Context::new();
        c.insert("page", &at.meta("Graph", desc, "graph"));
        c.insert("graph", &graph::graph_view(ctx, &at.root));
        Body::Template(FILE.0, c)
    }
}
