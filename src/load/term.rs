//! Glossary entries (`annotations/glossary/<slug>.md`): a term, its spellings,
//! kind, relations, sources and definition; and the names a broken entry still gives.

use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::*;
use crate::diagnostic::Diagnostics;

/// The names a broken glossary file still gives, line by line: a typo elsewhere in the
/// file must not make every `[[Name]]` link to it an error too.
pub(crate) fn salvage_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("term") || l.starts_with("aliases"))
        .filter_map(|l| toml::from_str::<toml::Table>(l).ok())
        .flat_map(|t| t.into_iter().map(|(_, v)| v))
        .flat_map(|v| match v {
            toml::Value::String(s) => vec![s],
            toml::Value::Array(a) => a
                .into_iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// A glossary entry's front matter (`annotations/glossary/**/*.md`).
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawTerm {
    /// The name shown.
    #[schemars(with = "String")]
    term: Spanned<String>,
    /// Every other spelling, each linked where the articles use it.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    aliases: Vec<Spanned<String>>,
    /// Spellings listed but never matched.
    #[serde(default)]
    weak_aliases: Vec<String>,
    /// What the entry is about.
    #[schemars(with = "crate::schema::TermKindName")]
    kind: Spanned<String>,
    /// The broader term, by slug or name.
    #[schemars(with = "Option<String>")]
    part_of: Option<Spanned<String>>,
    /// Related pages, by slug or name.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    see_also: Vec<Spanned<String>>,
    /// How its names are matched: `auto`, `exact` or `insensitive`.
    #[schemars(with = "Option<crate::schema::CaseName>")]
    case: Option<Spanned<String>>,
    /// The sources its definition cites.
    #[serde(default)]
    source: Vec<sources::RawSource>,
}

pub(crate) fn parse_term(
    slug: String,
    src: Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<TermAnnotation> {
    let (raw, fm_off, body, body_off) = parse_front_matter::<RawTerm>(&src, term_keys(), diags)?;
    let kind = loc(raw.kind, fm_off);
    let kinds: Vec<&str> = TermKind::ALL.iter().map(|k| k.as_str()).collect();
    let parsed = TermKind::parse(&kind.value);
    if parsed.is_none() {
        let help = match crate::diagnostic::suggest(&kind.value, kinds.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? the kinds are: {}", kinds.join(", ")),
            None => format!("use one of: {}", kinds.join(", ")),
        };
        diags.push(
            src.error(kind.span.clone(), format!("unknown kind `{}`", kind.value))
                .with_help(help),
        );
    }
    let case = match raw.case.map(|c| loc(c, fm_off)) {
        None => CaseRule::Auto,
        Some(c) => match c.value.as_str() {
            "auto" => CaseRule::Auto,
            "exact" => CaseRule::Exact,
            "insensitive" => CaseRule::Insensitive,
            other => {
                diags.push(
                    src.error(c.span, format!("unknown case rule `{other}`"))
                        .with_help("use \"auto\", \"exact\" or \"insensitive\""),
                );
                CaseRule::Auto
            }
        },
    };
    let term = loc(raw.term, fm_off);
    if term.value.trim().is_empty() {
        diags.push(src.error(term.span.clone(), "`term` is empty"));
    }
    Some(TermAnnotation {
        slug,
        version: next_version(),
        term,
        aliases: locs(raw.aliases, fm_off),
        weak_aliases: raw.weak_aliases,
        // An unknown kind is reported above; the build fails with it.
        kind: parsed.unwrap_or(TermKind::Concept),
        part_of: raw.part_of.map(|p| loc(p, fm_off)),
        see_also: locs(raw.see_also, fm_off),
        case,
        definition: Markdown {
            text: body.to_string(),
            offset: body_off,
        },
        sources: sources::convert(raw.source, &src, fm_off, diags),
        source: src,
    })
}
