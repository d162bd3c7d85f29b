//! Sources an annotation cites: `[[source]]` tables in the front matter of an article,
//! a glossary entry or index.md, cited in its Markdown as `[@id]` (see
//! `markdown::citations`). Checked here: each has an id (letters, digits, `-`, `_`,
//! `.`, `:`), unique in its file, a title, and, when given, an http(s) URL (and
//! archived copy) and readable dates. What only `dossier check --sources` reports
//! (missing publishers and dates, malformed addresses, avoided hosts) is in
//! `crate::sources`.

use serde::Deserialize;
use toml::Spanned;

use crate::date::PartialDate;
use crate::diagnostic::Diagnostics;

use super::{loc, parse_date, Located, SourceFile};

/// One cited source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// What citations name it by, with its place in the file.
    pub id: Located<String>,
    /// Title of the document or page, with its place in the file.
    pub title: Located<String>,
    /// Who published it (a ministry, a newspaper).
    pub publisher: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published.
    pub date: Option<PartialDate>,
    /// Where it can be read (http or https), with its place in the file.
    pub url: Option<Located<String>>,
    /// When the URL was last read.
    pub accessed: Option<PartialDate>,
    /// A web-archive copy of the page (http or https), with its place in the file.
    pub archived: Option<Located<String>>,
    /// What the source is and why it is used (a copy, a mirror, an undated page).
    pub note: Option<String>,
}

/// A `[[source]]` table as written: a source the entry's text may cite as `[@id]`.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(rename = "source", deny_unknown_fields)]
pub(super) struct RawSource {
    /// What `[@id]` cites.
    #[schemars(with = "crate::schema::SourceId")]
    id: Spanned<String>,
    /// The source's title.
    #[schemars(with = "String")]
    title: Spanned<String>,
    /// Who published it.
    publisher: Option<String>,
    /// Who wrote it.
    author: Option<String>,
    /// When it was published.
    #[schemars(with = "Option<crate::schema::DateText>")]
    date: Option<Spanned<String>>,
    /// Its address.
    #[schemars(with = "Option<crate::schema::UrlText>")]
    url: Option<Spanned<String>>,
    /// When it was read.
    #[schemars(with = "Option<crate::schema::DateText>")]
    accessed: Option<Spanned<String>>,
    /// A web-archive copy of it, shown beside the original.
    #[schemars(with = "Option<crate::schema::UrlText>")]
    archived: Option<Spanned<String>>,
    /// What the source is and why it is used (shown after it).
    note: Option<String>,
}

/// True for a usable source id.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Checks and converts the `[[source]]` tables of one file.
pub(super) fn convert(
    raw: Vec<RawSource>,
    src: &SourceFile,
    offset: usize,
    diags: &mut Diagnostics,
) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for r in raw {
        let id = loc(r.id, offset);
        if !valid_id(&id.value) {
            diags.push(
                src.error(
                    id.span.clone(),
                    format!("source id `{}` is not usable", id.value),
                )
                .with_help(
                    "use letters, digits, `-`, `_`, `.` or `:`, e.g. id = \"state-2019-bla\"",
                ),
            );
            continue;
        }
        if let Some(first) = out.iter().find(|s| s.id.value == id.value) {
            let (line, _) = crate::diagnostic::locate(&src.text, first.id.span.start);
            diags.push(
                src.error(
                    id.span.clone(),
                    format!("source id `{}` is declared twice", id.value),
                )
                .with_help(format!(
                    "the first is at line {}; give each source its own id",
                    line.line
                )),
            );
            continue;
        }
        let url = r
            .url
            .map(|u| loc(u, offset))
            .filter(|u| http_address(u, "url", src, diags));
        let archived = r
            .archived
            .map(|u| loc(u, offset))
            .filter(|u| http_address(u, "archived", src, diags));
        let mut date =
            |d: Option<Spanned<String>>| d.and_then(|d| parse_date(d, offset, src, diags));
        out.push(Source {
            date: date(r.date),
            accessed: date(r.accessed),
            id,
            title: loc(r.title, offset),
            publisher: r.publisher.filter(|s| !s.trim().is_empty()),
            author: r.author.filter(|s| !s.trim().is_empty()),
            url,
            archived,
            note: r.note.filter(|s| !s.trim().is_empty()),
        });
    }
    out
}

/// True when the address under `key` has the scheme http or https; else reports it.
fn http_address(u: &Located<String>, key: &str, src: &SourceFile, diags: &mut Diagnostics) -> bool {
    let ok = matches!(
        crate::url::scheme(&u.value).as_deref(),
        Some("http" | "https")
    );
    if !ok {
        diags.push(
            src.error(
                u.span.clone(),
                format!(
                    "source {key} `{}` is not an http(s) address",
                    u.value.escape_debug()
                ),
            )
            .with_help("give the address where the source can be read, starting with https://"),
        );
    }
    ok
}
