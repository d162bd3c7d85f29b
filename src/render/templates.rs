//! The theme: the default templates and static files compiled into the binary, a
//! dossier's overrides from its `templates/`, compiling them with Tera, and Tera's
//! errors as diagnostics at the template's line.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::Tera;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The default theme's templates that no page kind fills itself: the base layout
/// and the parts pages include.
const PARTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("pager.html", include_str!("../../templates/pager.html")),
    (
        "article-cards.html",
        include_str!("../../templates/article-cards.html"),
    ),
];

/// The default theme's templates, compiled in: the parts, then each page kind's.
pub fn default_templates() -> impl Iterator<Item = (&'static str, &'static str)> {
    PARTS.iter().copied().chain(super::pages::templates())
}

/// The default theme's static files, compiled in.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "static/style.css",
        include_bytes!("../../templates/static/style.css"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../templates/static/favicon.svg"),
    ),
    (
        "static/search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
    (
        "static/cite.js",
        include_bytes!("../../templates/static/cite.js"),
    ),
    (
        "static/seed.js",
        include_bytes!("../../templates/static/seed.js"),
    ),
];

/// The template sources: the default theme with the dossier's overrides applied.
pub(crate) fn template_sources(
    overrides: &BTreeMap<String, Arc<Vec<u8>>>,
    diags: &mut Diagnostics,
) -> BTreeMap<&'static str, String> {
    let mut sources: BTreeMap<&'static str, String> = default_templates()
        .map(|(n, s)| (n, s.to_string()))
        .collect();
    for (name, bytes) in overrides {
        if let Some(slot) = sources.get_mut(name.as_str()) {
            match String::from_utf8(bytes.to_vec()) {
                Ok(s) => *slot = crate::load::normalise(&s),
                Err(_) => diags.push(Diagnostic::error(
                    format!("templates/{name}"),
                    "template is not valid UTF-8",
                )),
            }
        }
    }
    sources
}

pub(crate) fn compile_templates(
    sources: &BTreeMap<&'static str, String>,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let mut tera = Tera::new();
    // All at once, so that `extends` finds its parent whatever the order.
    match tera.add_raw_templates(sources.iter().map(|(n, s)| (*n, s.as_str()))) {
        Ok(()) => Some(tera),
        Err(e) => {
            diags.extend(template_diagnostics(&e, sources));
            None
        }
    }
}

/// A Tera error as diagnostics pointing into the template: one per problem Tera found.
pub(crate) fn template_diagnostics(
    e: &tera::Error,
    sources: &BTreeMap<&'static str, String>,
) -> Vec<Diagnostic> {
    let help = "fix the template, or delete the file to use the default theme's";
    let at = |name: &str, message: &str, place: Option<(usize, usize)>| {
        let file = format!("templates/{name}");
        let d = Diagnostic::error(&file, format!("template error: {message}")).with_help(help);
        match (place, sources.get(name)) {
            (Some((line, col)), Some(src)) => d.at_line_col(src, line, col),
            _ => d,
        }
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let src = sources.get(r.filename()).map(String::as_str).unwrap_or("");
            let file = format!("templates/{}", r.filename());
            let d = Diagnostic::error(file, format!("template error: {}", r.message()));
            vec![d.at(src, r.span().range.clone()).with_help(help)]
        }
        // Reference checks (unknown filters, tests, functions, blocks) come as one
        // message of rustc-style reports: "error: …" then "--> name:line:col".
        tera::ErrorKind::Msg(m) if m.starts_with("error: ") => m
            .split("\n\nerror: ")
            .map(|report| {
                let report = report.trim_start_matches("error: ");
                let message = report.lines().next().unwrap_or("").trim();
                let place = report
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("--> "))
                    .and_then(|loc| {
                        let mut parts = loc.rsplitn(3, ':');
                        let col = parts.next()?.parse().ok()?;
                        let line = parts.next()?.parse().ok()?;
                        Some((parts.next()?.to_string(), line, col))
                    });
                match place {
                    Some((name, line, col)) => at(&name, message, Some((line, col))),
                    None => at("", message, None),
                }
            })
            .collect(),
        _ => vec![
            Diagnostic::error(crate::load::walk::TEMPLATES, format!("template error: {e}"))
                .with_help(help),
        ],
    }
}
