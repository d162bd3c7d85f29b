//! The single files of a dossier: `dossier.toml`, `annotations/index.md` and
//! `annotations/boilerplate.toml`.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::*;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The front matter of `annotations/index.md`.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawIndex {
    /// The home page's title.
    title: Option<String>,
    /// The sources the introduction cites.
    #[serde(default)]
    source: Vec<sources::RawSource>,
}

/// `annotations/boilerplate.toml`: cuts applied to every seed.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawBoilerplate {
    /// Boilerplate to remove from every seed.
    #[serde(default)]
    #[schemars(with = "Vec<RawCut>")]
    cut: Vec<Spanned<RawCut>>,
}

pub(crate) fn parse_index(src: Arc<SourceFile>, diags: &mut Diagnostics) -> Option<IndexPage> {
    let (title, sources, body, off) = match split_front_matter(&src.text) {
        Ok((fm, fm_off, body, body_off)) => {
            let r: RawIndex = parse_toml(&src, fm, fm_off, index_keys(), FRONT_MATTER_HELP, diags)?;
            let sources = sources::convert(r.source, &src, fm_off, diags);
            (r.title, sources, body.to_string(), body_off)
        }
        // Front matter is optional for the introduction.
        Err(_) => (None, Vec::new(), src.text.clone(), 0),
    };
    Some(IndexPage {
        version: next_version(),
        title,
        sources,
        body: Markdown {
            text: body,
            offset: off,
        },
        source: src,
    })
}

pub(crate) fn parse_boilerplate(
    src: Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Boilerplate> {
    let help = "boilerplate.toml holds `[[cut]]` tables; see docs/annotations.md";
    let r: RawBoilerplate = parse_toml(&src, &src.text, 0, boilerplate_keys(), help, diags)?;
    let cuts = convert_cuts(r.cut, &src, 0, diags);
    Some(Boilerplate {
        version: next_version(),
        source: src,
        cuts,
    })
}

/// Reads `dossier.toml` (required).
pub fn load_config(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let path = root.join("dossier.toml");
    if !path.is_file() {
        diags.push(
            Diagnostic::error("dossier.toml", format!("no dossier.toml in {}", root.display()))
                .with_help("run the command from a dossier folder, pass --root DIR, or create one with `dossier init`"),
        );
        return None;
    }
    let src = read_text(root, &path, diags)?;
    let help = "see docs/annotations.md for the settings of dossier.toml";
    let config: Config = parse_toml(&src, &src.text, 0, config_keys(), help, diags)?;
    check_config(&config, &src, diags);
    Some(config)
}

/// Byte range of the value of top-level `key` in TOML `text`.
pub(crate) fn value_span(text: &str, key: &str) -> Option<Range<usize>> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    doc.as_table().get(key)?.span()
}

/// Byte ranges of the entries of `avoid` in the `[sources]` table of TOML `text`.
fn avoid_spans(text: &str) -> Vec<Range<usize>> {
    let Ok(doc) = toml_edit::ImDocument::parse(text) else {
        return Vec::new();
    };
    let avoid = doc
        .as_table()
        .get("sources")
        .and_then(|s| s.get("avoid"))
        .and_then(|a| a.as_array());
    avoid
        .map(|a| a.iter().map(|v| v.span().unwrap_or(0..0)).collect())
        .unwrap_or_default()
}

/// The settings serde cannot check: URLs, the domain name and the hosts to avoid.
pub(crate) fn check_config(config: &Config, src: &SourceFile, diags: &mut Diagnostics) {
    let at = |key: &str| value_span(&src.text, key).unwrap_or(0..0);
    if let Err(why) = crate::config::check_base_url(&config.base_url) {
        diags.push(
            src.error(at("base_url"), format!("`base_url` {why}"))
                .with_help(crate::config::BASE_URL_HELP),
        );
    }
    if let Some(Err(why)) = config
        .edit_url
        .as_deref()
        .map(crate::config::check_edit_url)
    {
        diags.push(
            src.error(at("edit_url"), format!("`edit_url` {why}"))
                .with_help("write the address of the edit page with `{path}` where the file's path goes, e.g. edit_url = \"https://github.com/owner/repo/edit/main/{path}\""),
        );
    }
    let avoid_at = avoid_spans(&src.text);
    for (i, host) in config.sources.avoid.iter().enumerate() {
        if !crate::config::is_domain(host) {
            let span = avoid_at.get(i).cloned().unwrap_or(0..0);
            diags.push(
                src.error(span, format!("`sources.avoid` entry `{}` is not a host name", host.escape_debug()))
                    .with_help("write the bare host, e.g. avoid = [\"wikipedia.org\"] (no https://, no path); its subdomains are avoided too"),
            );
        }
    }
    if let Some(c) = &config.cname {
        if !crate::config::is_domain(c) {
            diags.push(
                src.error(at("cname"), format!("`cname` `{c}` is not a domain name"))
                    .with_help("write the bare domain, e.g. cname = \"dossier.example.org\" (no https://, no path)"),
            );
        }
    }
}
