//! Article annotations (`annotations/articles/<slug>.md`): metadata, cuts, fixes,
//! events, sources, the commentary and its `## Notes` section.

use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::notes::split_notes;
use super::*;
use crate::diagnostic::Diagnostics;

/// Text to remove from a seed: exactly one of `lines`, `from` (with `to`) or `text`.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(rename = "cut", deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    { "required": ["lines"] },
    { "required": ["from"] },
    { "required": ["text"] },
]))]
pub(crate) struct RawCut {
    /// Whole lines to remove (their trimmed text).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    lines: Vec<Spanned<String>>,
    /// The first line of a block to remove.
    #[schemars(with = "Option<String>")]
    from: Option<Spanned<String>>,
    /// The last line of the block (omit: to the end).
    #[schemars(with = "Option<String>")]
    to: Option<Spanned<String>>,
    /// An exact span to remove inside a line.
    #[schemars(with = "Option<String>")]
    text: Option<Spanned<String>>,
    /// Why, shown in the provenance panel.
    reason: Option<String>,
}

/// A visible correction of the source's words.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(rename = "fix", deny_unknown_fields)]
pub(crate) struct RawFix {
    /// The words as the source prints them.
    #[schemars(with = "String")]
    find: Spanned<String>,
    /// The correction.
    replace: String,
    /// Why, shown beside the correction.
    note: Option<String>,
}

/// A dated event the article reports.
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(rename = "event", deny_unknown_fields)]
pub(crate) struct RawEvent {
    /// When it happened.
    #[schemars(with = "crate::schema::DateText")]
    date: Spanned<String>,
    /// What happened (Markdown).
    #[schemars(with = "String")]
    text: Spanned<String>,
}

/// An article annotation's front matter (`annotations/articles/*.md`).
#[derive(Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct RawArticle {
    /// The file name in seeds/.
    #[schemars(with = "String")]
    seed: Spanned<String>,
    /// The article's title.
    title: String,
    /// When it was published.
    #[schemars(with = "Option<crate::schema::DateText>")]
    date: Option<Spanned<String>>,
    /// Newspaper or site.
    publication: Option<String>,
    /// Author(s).
    byline: Option<String>,
    /// The original's address.
    #[schemars(with = "Option<crate::schema::UrlText>")]
    url: Option<Spanned<String>>,
    /// When the seed was collected.
    #[schemars(with = "Option<crate::schema::DateText>")]
    retrieved: Option<Spanned<String>>,
    /// One or two plain sentences for lists.
    summary: Option<String>,
    /// The seed's encoding when not UTF-8 (a label such as "windows-1252").
    #[schemars(with = "Option<String>")]
    encoding: Option<Spanned<String>>,
    /// Free tags.
    #[serde(default)]
    tags: Vec<String>,
    /// Related articles, by slug.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    see_also: Vec<Spanned<String>>,
    /// Spellings that here are not a glossary term.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    no_link: Vec<Spanned<String>>,
    /// Boilerplate to remove from the seed.
    #[serde(default)]
    #[schemars(with = "Vec<RawCut>")]
    cut: Vec<Spanned<RawCut>>,
    /// Visible corrections.
    #[serde(default)]
    fix: Vec<RawFix>,
    /// Dated events, for the timeline.
    #[serde(default)]
    event: Vec<RawEvent>,
    /// The sources the commentary and notes cite.
    #[serde(default)]
    source: Vec<sources::RawSource>,
}

pub(crate) fn convert_cuts(
    raw: Vec<Spanned<RawCut>>,
    src: &SourceFile,
    offset: usize,
    diags: &mut Diagnostics,
) -> Vec<Cut> {
    let mut out = Vec::new();
    for c in raw {
        let span = c.span();
        let span = span.start + offset..span.end + offset;
        let c = c.into_inner();
        let n_kinds = usize::from(!c.lines.is_empty())
            + usize::from(c.from.is_some())
            + usize::from(c.text.is_some());
        if n_kinds != 1 {
            diags.push(
                src.error(
                    span.clone(),
                    "a [[cut]] needs exactly one of `lines`, `from` or `text`",
                )
                .with_help(
                    "use `lines = [\"…\"]` for whole lines, `from = \"…\"` (with optional `to`) \
                     for a block, `text = \"…\"` for an exact span",
                ),
            );
            continue;
        }
        if c.to.is_some() && c.from.is_none() {
            diags.push(
                src.error(span.clone(), "`to` is only allowed together with `from`")
                    .with_help("add `from = \"first line to cut\"`"),
            );
            continue;
        }
        let kind = if let Some(from) = c.from {
            CutKind::Range {
                from: loc(from, offset),
                to: c.to.map(|t| loc(t, offset)),
            }
        } else if let Some(text) = c.text {
            let text = loc(text, offset);
            if text.value.is_empty() {
                diags.push(src.error(text.span.clone(), "`text` of a cut is empty"));
                continue;
            }
            CutKind::Text(text)
        } else {
            CutKind::Lines(locs(c.lines, offset))
        };
        let items: Vec<&Located<String>> = match &kind {
            CutKind::Lines(v) => v.iter().collect(),
            CutKind::Range { from, to } => std::iter::once(from).chain(to).collect(),
            CutKind::Text(_) => Vec::new(),
        };
        if let Some(empty) = items.iter().find(|l| l.value.trim().is_empty()) {
            diags.push(
                src.error(empty.span.clone(), "a cut line is empty")
                    .with_help(
                        "blank lines are never paragraphs and need no cut: remove this item",
                    ),
            );
            continue;
        }
        out.push(Cut {
            kind,
            reason: c.reason,
            span,
        });
    }
    out
}

pub(crate) fn parse_article(
    slug: String,
    src: Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<ArticleAnnotation> {
    let (raw, fm_off, body, body_off) =
        parse_front_matter::<RawArticle>(&src, article_keys(), diags)?;
    let date_written = raw.date.is_some();
    let date = raw.date.and_then(|d| parse_date(d, fm_off, &src, diags));
    let retrieved = raw
        .retrieved
        .and_then(|d| parse_date(d, fm_off, &src, diags));
    let seed = loc(raw.seed, fm_off);
    check_seed_name(&seed, &src, diags);
    let encoding = raw.encoding.map(|e| loc(e, fm_off)).filter(|e| {
        let known = encoding_rs::Encoding::for_label(e.value.trim().as_bytes()).is_some();
        if !known {
            diags.push(
                src.error(e.span.clone(), format!("unknown encoding `{}`", e.value))
                    .with_help("use a label such as \"windows-1252\", \"latin1\", \"iso-8859-15\" or \"shift_jis\""),
            );
        }
        known
    });
    let cuts = convert_cuts(raw.cut, &src, fm_off, diags);
    let fixes = raw
        .fix
        .into_iter()
        .map(|f| Fix {
            find: loc(f.find, fm_off),
            replace: f.replace,
            note: f.note,
        })
        .collect();
    let events = raw
        .event
        .into_iter()
        .filter_map(|e| {
            let date = parse_date(e.date, fm_off, &src, diags)?;
            Some(Event {
                date,
                text: loc(e.text, fm_off),
            })
        })
        .collect();
    let (commentary, notes) = split_notes(body, body_off, &src, diags);
    let url = raw
        .url
        .and_then(|u| allowed_url(loc(u, fm_off), &src, diags));
    let nonempty = |o: Option<String>| o.filter(|s| !s.trim().is_empty());
    Some(ArticleAnnotation {
        slug,
        version: next_version(),
        seed,
        title: raw.title,
        date,
        date_written,
        encoding,
        publication: nonempty(raw.publication),
        byline: nonempty(raw.byline),
        url: nonempty(url.map(|u| u.value)),
        retrieved,
        summary: nonempty(raw.summary),
        tags: raw.tags,
        see_also: locs(raw.see_also, fm_off),
        no_link: locs(raw.no_link, fm_off),
        cuts,
        fixes,
        events,
        commentary,
        notes,
        sources: sources::convert(raw.source, &src, fm_off, diags),
        source: src,
    })
}

/// The article's `url` when its scheme is allowed; else an error at it.
fn allowed_url(
    u: Located<String>,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<Located<String>> {
    if crate::url::is_allowed(&u.value) {
        return Some(u);
    }
    let msg = format!("`url` `{}` is not allowed", u.value.escape_debug());
    diags.push(src.error(u.span.clone(), msg).with_help(crate::url::HELP));
    None
}

/// True for a `seed` value that can name a file inside seeds/: not empty, no absolute
/// path, no `.` or `..` part, no backslash.
pub fn is_seed_name(v: &str) -> bool {
    !(v.trim().is_empty()
        || v.starts_with('/')
        || v.contains('\\')
        || v.split('/').any(|part| part == ".." || part == "."))
}

pub(crate) fn check_seed_name(seed: &Located<String>, src: &SourceFile, diags: &mut Diagnostics) {
    let v = seed.value.as_str();
    if !is_seed_name(v) {
        diags.push(
            src.error(seed.span.clone(), format!("`seed` `{v}` is not a file name inside seeds/"))
                .with_help("name the raw article's file as it is inside seeds/, e.g. seed = \"article-2016.txt\""),
        );
    }
}
