//! `print.html`: the whole dossier on one page, for print, when it has at most
//! [`PRINT_MAX`] articles.

use tera::Context;

use super::{one_if, theme, At, Body, PageKind, Scope, Template};
use crate::render::views::print::{self, PRINT_MAX};
use crate::site::{PageCtx, Site};

const FILE: Template = theme!("print.html");

/// The print edition.
pub struct Print;

impl PageKind for Print {
    type Key = ();
    const TEMPLATE: Option<Template> = Some(FILE);

    fn keys(&self, site: &Site, _: Scope) -> Vec<()> {
        one_if(site.articles.len() <= PRINT_MAX)
    }

    fn path(&self, _: &Site, (): ()) -> String {
        "print.html".into()
    }

    fn make(&self, ctx: &PageCtx, (): (), at: &At) -> Body {
        let desc = "The whole dossier on one page, for print: the articles with their notes, the timeline and the glossary.";
        let mut c = Context::new();
        c.insert("page", &at.meta("Print edition", desc, "print"));
        c.insert("edition", &print::edition(ctx, &at.root));
        Body::Template(FILE.0, c)
    }
}
