//! Stage 1, **load**: reads a dossier from disk into plain values.
//!
//! Walks `seeds/` and `annotations/` (walkdir), reads `dossier.toml`, parses the
//! TOML front matter (`+++`) and Markdown body of every annotation, and collects
//! template overrides from the dossier's `templates/`. Text is normalised (UTF-8 BOM
//! dropped, CRLF → LF). Every value that a later stage may complain about keeps its
//! byte span in the annotation file, so diagnostics point at the right line.
//!
//! Nothing here interprets cuts, links or quotes: that is `clean` and `link`.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use serde::Deserialize;
use toml::Spanned;

use crate::config::Config;

mod keys;
pub mod seed;
pub mod sources;

pub use sources::Source;
pub mod walk;
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// A file's display path and normalised text, shared by every value taken from it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the dossier root (for messages).
    pub path: PathBuf,
    /// Text with BOM removed and CRLF normalised.
    pub text: String,
}

impl SourceFile {
    /// An error pointing at `span` of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.path, message).at(&self.text, span)
    }

    /// A warning pointing at `span` of this file.
    pub fn warning(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(&self.path, message).at(&self.text, span)
    }
}

/// A string value with its byte span in its source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Byte range in the annotation file.
    pub span: Range<usize>,
}

/// One raw article, as scraped.
#[derive(Debug)]
pub struct Seed {
    /// File name inside `seeds/` (the key annotations use).
    pub name: String,
    /// Normalised text.
    pub text: String,
    /// The file's bytes as on disk (published verbatim).
    pub raw: Arc<Vec<u8>>,
    /// Changes whenever the file is re-read.
    pub version: u64,
    /// Why the text could not be had (already reported, or reported once the
    /// annotations are read); `text` is then empty.
    pub problem: Option<SeedProblem>,
}

/// A seed whose text is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedProblem {
    /// Not UTF-8 and no article declared its encoding (yet): the offset of the first
    /// invalid byte.
    NotUtf8(usize),
    /// Could not be read at all (too large, not a regular file).
    Unreadable,
}

/// What a cut removes.
#[derive(Debug, Clone)]
pub enum CutKind {
    /// Every line whose trimmed text equals one of these.
    Lines(Vec<Located<String>>),
    /// From the first line equal to `from` through the line equal to `to` (or the end).
    Range {
        /// First line removed.
        from: Located<String>,
        /// Last line removed; `None` = to the end of the text.
        to: Option<Located<String>>,
    },
    /// Every occurrence of an exact span of text.
    Text(Located<String>),
}

/// A boilerplate cut, from an article annotation or the global rules.
#[derive(Debug, Clone)]
pub struct Cut {
    /// What to remove.
    pub kind: CutKind,
    /// Why, shown in provenance.
    pub reason: Option<String>,
    /// Where the `[[cut]]` table is.
    pub span: Range<usize>,
}

/// A visible editorial correction.
#[derive(Debug, Clone)]
pub struct Fix {
    /// Text as it stands in the source.
    pub find: Located<String>,
    /// What it should read.
    pub replace: String,
    /// Optional explanation.
    pub note: Option<String>,
}

/// A dated event an article reports, for the timeline.
#[derive(Debug, Clone)]
pub struct Event {
    /// When.
    pub date: PartialDate,
    /// What happened (Markdown).
    pub text: Located<String>,
}

/// A note anchored to an exact quote of the article text.
#[derive(Debug, Clone)]
pub struct Note {
    /// The quote, as it must appear in the cleaned text.
    pub quote: Located<String>,
    /// The note itself (Markdown) and its byte offset in the file.
    pub body: Located<String>,
}

/// Markdown with the byte offset where it starts in its file.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    /// The Markdown text.
    pub text: String,
    /// Byte offset of `text` in the source file.
    pub offset: usize,
}

/// `annotations/articles/<slug>.md`.
#[derive(Debug)]
pub struct ArticleAnnotation {
    /// From the file name.
    pub slug: String,
    /// Changes whenever the file is re-parsed.
    pub version: u64,
    /// The annotation file.
    pub source: Arc<SourceFile>,
    /// Seed file name.
    pub seed: Located<String>,
    /// Title.
    pub title: String,
    /// Publication date, with precision.
    pub date: Option<PartialDate>,
    /// A `date` field was written, even if it could not be read (then `date` is `None`
    /// and the error is already reported).
    pub date_written: bool,
    /// The seed's character encoding when it is not UTF-8 (an `encoding_rs` label).
    pub encoding: Option<Located<String>>,
    /// Newspaper or site.
    pub publication: Option<String>,
    /// Author(s).
    pub byline: Option<String>,
    /// Original URL, where known.
    pub url: Option<String>,
    /// Short plain-text summary for lists.
    pub summary: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Related articles (slugs).
    pub see_also: Vec<Located<String>>,
    /// Article-specific cuts.
    pub cuts: Vec<Cut>,
    /// Corrections.
    pub fixes: Vec<Fix>,
    /// Timeline events.
    pub events: Vec<Event>,
    /// Commentary (body before `## Notes`).
    pub commentary: Markdown,
    /// Notes anchored to quotes.
    pub notes: Vec<Note>,
    /// Sources cited in the commentary, notes and events.
    pub sources: Vec<Source>,
}

/// How an alias is compared with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CaseRule {
    /// ALL-CAPS aliases (acronyms) exact, everything else case-insensitive.
    #[default]
    Auto,
    /// Exact case for every alias.
    Exact,
    /// Case-insensitive for every alias.
    Insensitive,
}

/// `annotations/glossary/<slug>.md`.
#[derive(Debug)]
pub struct TermAnnotation {
    /// From the path below `glossary/`, may contain `/`.
    pub slug: String,
    /// Changes whenever the file is re-parsed.
    pub version: u64,
    /// The annotation file.
    pub source: Arc<SourceFile>,
    /// Display name; also matched in text.
    pub term: Located<String>,
    /// Other spellings, auto-linked.
    pub aliases: Vec<Located<String>>,
    /// Spellings listed but not linked.
    pub weak_aliases: Vec<String>,
    /// organization, person, place, …
    pub kind: String,
    /// Broader term.
    pub part_of: Option<Located<String>>,
    /// Related terms or articles.
    pub see_also: Vec<Located<String>>,
    /// Case matching rule.
    pub case: CaseRule,
    /// Definition (Markdown body).
    pub definition: Markdown,
    /// Sources cited in the definition.
    pub sources: Vec<Source>,
}

/// `annotations/index.md`.
#[derive(Debug)]
pub struct IndexPage {
    /// Changes whenever the file is re-parsed.
    pub version: u64,
    /// The file.
    pub source: Arc<SourceFile>,
    /// Optional title override.
    pub title: Option<String>,
    /// The introduction.
    pub body: Markdown,
    /// Sources cited in the introduction.
    pub sources: Vec<Source>,
}

/// `annotations/boilerplate.toml`: cuts applied to every seed.
#[derive(Debug)]
pub struct Boilerplate {
    /// Changes whenever the file is re-parsed.
    pub version: u64,
    /// The file.
    pub source: Arc<SourceFile>,
    /// The rules.
    pub cuts: Vec<Cut>,
}

/// Everything read from a dossier.
#[derive(Debug)]
pub struct Loaded {
    /// The dossier root.
    pub root: PathBuf,
    /// `dossier.toml`.
    pub config: Config,
    /// Seeds by file name.
    pub seeds: BTreeMap<String, Arc<Seed>>,
    /// Article annotations, sorted by slug.
    pub articles: Vec<Arc<ArticleAnnotation>>,
    /// Glossary entries, sorted by slug.
    pub terms: Vec<Arc<TermAnnotation>>,
    /// Global boilerplate rules.
    pub boilerplate: Option<Arc<Boilerplate>>,
    /// The introduction.
    pub index: Option<Arc<IndexPage>>,
    /// Template overrides: name (relative to `templates/`) → content.
    pub templates: BTreeMap<String, Arc<Vec<u8>>>,
    /// Annotation files that could not be parsed (already reported): links to them
    /// are not reported again.
    pub unreadable: Vec<Unreadable>,
}

/// An annotation file that could not be parsed, as far as links to it can be told.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unreadable {
    /// Its slug (empty when the file name itself is unusable).
    pub slug: String,
    /// A glossary entry (whose names other files may link by).
    pub is_term: bool,
    /// The names it gives on lines that still read as TOML (`term = …`, `aliases = […]`).
    pub names: Vec<String>,
    /// Its path, for messages.
    pub file: PathBuf,
}

/// The names a broken glossary file still gives, line by line: a typo elsewhere in the
/// file must not make every `[[Name]]` link to it an error too.
fn salvage_names(text: &str) -> Vec<String> {
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

/// The kinds a glossary entry may declare.
pub const TERM_KINDS: &[&str] = &[
    "organization",
    "group",
    "person",
    "place",
    "event",
    "document",
    "concept",
];

/// Normalises text read from disk: drops a UTF-8 BOM, turns CRLF (and lone CR) into LF.
pub fn normalise(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    }
}

/// Reads a file once: its normalised text and its bytes as on disk.
fn read_file(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<(SourceFile, Vec<u8>)> {
    let display = crate::diagnostic::display_path(root, path);
    let bytes = match seed::read_bounded(path) {
        Ok(b) => b,
        Err(why) => {
            diags.push(Diagnostic::error(display, why));
            return None;
        }
    };
    match std::str::from_utf8(&bytes) {
        Ok(s) => {
            let text = normalise(s);
            Some((
                SourceFile {
                    path: display,
                    text,
                },
                bytes,
            ))
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    display,
                    format!(
                        "file is not valid UTF-8 (invalid byte at offset {})",
                        e.valid_up_to()
                    ),
                )
                .with_help("re-save the file as UTF-8"),
            );
            None
        }
    }
}

fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Arc<SourceFile>> {
    read_file(root, path, diags).map(|(src, _)| Arc::new(src))
}

/// Splits `+++` front matter from the body. Returns (front matter, its byte offset, body, body offset).
pub fn split_front_matter(text: &str) -> Result<(&str, usize, &str, usize), Range<usize>> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(0..first_end.max(1));
    }
    let fm_start = (first_end + 1).min(text.len());
    let mut pos = fm_start;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == "+++" {
            let body_start = (end + 1).min(text.len());
            return Ok((
                &text[fm_start..pos],
                fm_start,
                &text[body_start..],
                body_start,
            ));
        }
        pos = end + 1;
    }
    Err(0..first_end)
}

fn toml_error(src: &SourceFile, offset: usize, what: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e
        .span()
        .map(|s| s.start + offset..s.end + offset)
        .unwrap_or(offset..offset + 1);
    src.error(span, format!("invalid {what}: {}", e.message().trim()))
}

/// Parses TOML `text` (at byte `offset` of `src`) into `T`, reporting every key the
/// schema does not know (each at its place) and, when the text does not fit `T`, the
/// first reason why. A "missing field `title`" after an unknown `titel` is the same
/// mistake and is not reported twice. Unknown keys alone still give a value, so that
/// later stages can go on checking the rest of the file.
fn parse_toml<T: serde::de::DeserializeOwned>(
    src: &SourceFile,
    text: &str,
    offset: usize,
    schema: &keys::Schema,
    help: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let unknown = keys::unknown_keys(text, schema);
    for u in &unknown {
        let place = match u.table {
            Some(t) => format!("in a `[[{t}]]` table"),
            None => format!("in {}", schema.what),
        };
        let known = match u.table {
            Some(t) => schema
                .tables
                .iter()
                .find(|(n, _)| *n == t)
                .map_or(&[][..], |x| x.1),
            None => schema.top,
        };
        let help = match u.suggestion {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("the known fields are: {}", known.join(", ")),
        };
        let span = u.span.start + offset..u.span.end + offset;
        diags.push(
            src.error(span, format!("unknown field `{}` {place}", u.key))
                .with_help(help),
        );
    }
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let msg = e.message();
            let explained = unknown.iter().any(|u| {
                u.suggestion
                    .is_some_and(|k| msg.contains(&format!("missing field `{k}`")))
            });
            if !explained {
                diags.push(toml_error(src, offset, schema.what, &e).with_help(help));
            }
            None
        }
    }
}

const FRONT_MATTER_HELP: &str =
    "front matter is TOML between two `+++` lines; see docs/annotations.md";

const CUT_KEYS: &[&str] = &["lines", "from", "to", "text", "reason"];

const ARTICLE_SCHEMA: keys::Schema = keys::Schema {
    what: "article front matter",
    top: &[
        "seed",
        "title",
        "date",
        "publication",
        "byline",
        "url",
        "summary",
        "tags",
        "see_also",
        "encoding",
        "cut",
        "fix",
        "event",
        "source",
    ],
    tables: &[
        ("cut", CUT_KEYS),
        ("fix", &["find", "replace", "note"]),
        ("event", &["date", "text"]),
        ("source", sources::SOURCE_KEYS),
    ],
};

const TERM_SCHEMA: keys::Schema = keys::Schema {
    what: "glossary front matter",
    top: &[
        "term",
        "aliases",
        "weak_aliases",
        "kind",
        "part_of",
        "see_also",
        "case",
        "source",
    ],
    tables: &[("source", sources::SOURCE_KEYS)],
};

const INDEX_SCHEMA: keys::Schema = keys::Schema {
    what: "index.md front matter",
    top: &["title", "source"],
    tables: &[("source", sources::SOURCE_KEYS)],
};

const BOILERPLATE_SCHEMA: keys::Schema = keys::Schema {
    what: "boilerplate.toml",
    top: &["cut"],
    tables: &[("cut", CUT_KEYS)],
};

const CONFIG_SCHEMA: keys::Schema = keys::Schema {
    what: "dossier.toml",
    top: &[
        "title",
        "description",
        "base_url",
        "language",
        "author",
        "cname",
        "link_mode",
        "paragraphs",
        "allow_raw_html",
    ],
    tables: &[],
};

pub(crate) fn loc(s: Spanned<String>, offset: usize) -> Located<String> {
    let span = s.span();
    Located {
        value: s.into_inner(),
        span: span.start + offset..span.end + offset,
    }
}

fn locs(v: Vec<Spanned<String>>, offset: usize) -> Vec<Located<String>> {
    v.into_iter().map(|s| loc(s, offset)).collect()
}

#[derive(Deserialize)]
struct RawCut {
    #[serde(default)]
    lines: Vec<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    reason: Option<String>,
}

#[derive(Deserialize)]
struct RawFix {
    find: Spanned<String>,
    replace: String,
    note: Option<String>,
}

#[derive(Deserialize)]
struct RawEvent {
    date: Spanned<String>,
    text: Spanned<String>,
}

#[derive(Deserialize)]
struct RawArticle {
    seed: Spanned<String>,
    title: String,
    date: Option<Spanned<String>>,
    publication: Option<String>,
    byline: Option<String>,
    url: Option<Spanned<String>>,
    summary: Option<String>,
    encoding: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    see_also: Vec<Spanned<String>>,
    #[serde(default)]
    cut: Vec<Spanned<RawCut>>,
    #[serde(default)]
    fix: Vec<RawFix>,
    #[serde(default)]
    event: Vec<RawEvent>,
    #[serde(default)]
    source: Vec<sources::RawSource>,
}

#[derive(Deserialize)]
struct RawTerm {
    term: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    weak_aliases: Vec<String>,
    kind: Spanned<String>,
    part_of: Option<Spanned<String>>,
    #[serde(default)]
    see_also: Vec<Spanned<String>>,
    case: Option<Spanned<String>>,
    #[serde(default)]
    source: Vec<sources::RawSource>,
}

#[derive(Deserialize)]
struct RawIndex {
    title: Option<String>,
    #[serde(default)]
    source: Vec<sources::RawSource>,
}

#[derive(Deserialize)]
struct RawBoilerplate {
    #[serde(default)]
    cut: Vec<Spanned<RawCut>>,
}

fn convert_cuts(
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

/// Splits an article body into commentary and the `## Notes` section's notes.
fn split_notes(
    body: &str,
    body_offset: usize,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> (Markdown, Vec<Note>) {
    // Find a line that is exactly "## Notes" (case-insensitive), outside code fences.
    let mut pos = 0;
    let mut in_fence = false;
    let mut notes_at = None;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && t.eq_ignore_ascii_case("## notes") {
            notes_at = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((head_start, head_end)) = notes_at else {
        return (
            Markdown {
                text: body.to_string(),
                offset: body_offset,
            },
            Vec::new(),
        );
    };
    let commentary = Markdown {
        text: body[..head_start].to_string(),
        offset: body_offset,
    };
    let mut notes: Vec<Note> = Vec::new();
    let mut pos = head_end;
    // (quote, quote span, note body start, note body end)
    let mut current: Option<(String, Range<usize>, usize, usize)> = None;
    let finish = |cur: Option<(String, Range<usize>, usize, usize)>, notes: &mut Vec<Note>| {
        if let Some((quote, qspan, bs, be)) = cur {
            let raw = &body[bs..be];
            let lead = raw.len() - raw.trim_start().len();
            let text = raw.trim().to_string();
            notes.push(Note {
                quote: Located {
                    value: quote,
                    span: qspan,
                },
                body: Located {
                    value: text,
                    span: bs + lead + body_offset..be + body_offset,
                },
            });
        }
    };
    let rest = &body[head_end..];
    let mut prev_was_quote = false;
    let mut in_fence = false;
    for line in rest.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let t = line.trim_end_matches('\n');
        if t.trim().starts_with("```") || t.trim().starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && t.trim().eq_ignore_ascii_case("## notes") {
            diags.push(
                src.error(
                    line_start + body_offset..line_start + body_offset + t.len(),
                    "a second `## Notes` heading",
                )
                .with_help("an article has one `## Notes` section, at the end: merge the two, or delete this heading"),
            );
            prev_was_quote = false;
            continue;
        }
        if let Some(q) = t.trim_start().strip_prefix('>') {
            let q = q.strip_prefix(' ').unwrap_or(q);
            let q_off = line_start + (t.len() - q.len());
            if prev_was_quote {
                // Continuation of a multi-line quote: join with a space.
                if let Some(cur) = current.as_mut() {
                    cur.0.push(' ');
                    cur.0.push_str(q.trim());
                    cur.2 = pos;
                    cur.3 = pos;
                }
            } else {
                finish(current.take(), &mut notes);
                current = Some((
                    q.trim().to_string(),
                    q_off + body_offset..q_off + q.len() + body_offset,
                    pos,
                    pos,
                ));
            }
            prev_was_quote = true;
        } else {
            prev_was_quote = false;
            match current.as_mut() {
                Some(cur) => cur.3 = pos,
                None if !t.trim().is_empty() => {
                    diags.push(
                        src.error(
                            line_start + body_offset..line_start + body_offset + t.len(),
                            "text in `## Notes` before the first quote",
                        )
                        .with_help(
                            "every note starts with the quote it is anchored to, as a `> quote` line",
                        ),
                    );
                }
                None => {}
            }
        }
    }
    finish(current, &mut notes);
    for n in &notes {
        if n.quote.value.is_empty() {
            diags.push(src.error(n.quote.span.clone(), "empty note quote"));
        }
    }
    notes.retain(|n| !n.quote.value.is_empty());
    (commentary, notes)
}

pub(crate) fn parse_date(
    s: Spanned<String>,
    offset: usize,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    let l = loc(s, offset);
    match PartialDate::parse(&l.value) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(
                src.error(l.span, format!("invalid date `{}`: {e}", l.value))
                    .with_help(
                        "write YYYY, YYYY-MM or YYYY-MM-DD, with a leading `~` if approximate",
                    ),
            );
            None
        }
    }
}

fn parse_article(
    slug: String,
    src: Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<ArticleAnnotation> {
    let (fm, fm_off, body, body_off) = match split_front_matter(&src.text) {
        Ok(parts) => parts,
        Err(span) => {
            diags.push(front_matter_missing(&src, span));
            return None;
        }
    };
    let raw: RawArticle = parse_toml(&src, fm, fm_off, &ARTICLE_SCHEMA, FRONT_MATTER_HELP, diags)?;
    let date_written = raw.date.is_some();
    let date = raw.date.and_then(|d| parse_date(d, fm_off, &src, diags));
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
    let url = raw.url.map(|u| loc(u, fm_off)).filter(|u| {
        let ok = crate::url::is_allowed(&u.value);
        if !ok {
            let msg = format!("`url` `{}` is not allowed", u.value.escape_debug());
            diags.push(src.error(u.span.clone(), msg).with_help(crate::url::HELP));
        }
        ok
    });
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
        summary: nonempty(raw.summary),
        tags: raw.tags,
        see_also: locs(raw.see_also, fm_off),
        cuts,
        fixes,
        events,
        commentary,
        notes,
        sources: sources::convert(raw.source, &src, fm_off, diags),
        source: src,
    })
}

/// True for a `seed` value that can name a file inside seeds/: not empty, no absolute
/// path, no `.` or `..` part, no backslash.
pub fn is_seed_name(v: &str) -> bool {
    !(v.trim().is_empty()
        || v.starts_with('/')
        || v.contains('\\')
        || v.split('/').any(|part| part == ".." || part == "."))
}

fn check_seed_name(seed: &Located<String>, src: &SourceFile, diags: &mut Diagnostics) {
    let v = seed.value.as_str();
    if !is_seed_name(v) {
        diags.push(
            src.error(seed.span.clone(), format!("`seed` `{v}` is not a file name inside seeds/"))
                .with_help("name the raw article's file as it is inside seeds/, e.g. seed = \"article-2016.txt\""),
        );
    }
}

fn front_matter_missing(src: &SourceFile, span: Range<usize>) -> Diagnostic {
    src.error(span, "missing front matter")
        .with_help("start the file with a `+++` line, the TOML fields, and a closing `+++` line")
}

fn parse_term(
    slug: String,
    src: Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<TermAnnotation> {
    let (fm, fm_off, body, body_off) = match split_front_matter(&src.text) {
        Ok(parts) => parts,
        Err(span) => {
            diags.push(front_matter_missing(&src, span));
            return None;
        }
    };
    let raw: RawTerm = parse_toml(&src, fm, fm_off, &TERM_SCHEMA, FRONT_MATTER_HELP, diags)?;
    let kind = loc(raw.kind, fm_off);
    if !TERM_KINDS.contains(&kind.value.as_str()) {
        let help = match crate::diagnostic::suggest(&kind.value, TERM_KINDS.iter().copied()) {
            Some(k) => format!(
                "did you mean `{k}`? the kinds are: {}",
                TERM_KINDS.join(", ")
            ),
            None => format!("use one of: {}", TERM_KINDS.join(", ")),
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
        kind: kind.value,
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

fn parse_index(src: Arc<SourceFile>, diags: &mut Diagnostics) -> Option<IndexPage> {
    let (title, sources, body, off) = match split_front_matter(&src.text) {
        Ok((fm, fm_off, body, body_off)) => {
            let r: RawIndex =
                parse_toml(&src, fm, fm_off, &INDEX_SCHEMA, FRONT_MATTER_HELP, diags)?;
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

fn parse_boilerplate(src: Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Boilerplate> {
    let help = "boilerplate.toml holds `[[cut]]` tables; see docs/annotations.md";
    let r: RawBoilerplate = parse_toml(&src, &src.text, 0, &BOILERPLATE_SCHEMA, help, diags)?;
    let cuts = convert_cuts(r.cut, &src, 0, diags);
    Some(Boilerplate {
        version: next_version(),
        source: src,
        cuts,
    })
}

/// Slug for a file below `dir`: its relative path without extension, `/`-separated.
fn slug_for(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
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
    let config: Config = parse_toml(&src, &src.text, 0, &CONFIG_SCHEMA, help, diags)?;
    check_config(&config, &src, diags);
    Some(config)
}

/// Byte range of the value of top-level `key` in TOML `text`.
fn value_span(text: &str, key: &str) -> Option<Range<usize>> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    doc.as_table().get(key)?.span()
}

/// The settings serde cannot check: URLs and the domain name.
fn check_config(config: &Config, src: &SourceFile, diags: &mut Diagnostics) {
    let at = |key: &str| value_span(&src.text, key).unwrap_or(0..0);
    if let Err(why) = crate::config::check_base_url(&config.base_url) {
        diags.push(
            src.error(at("base_url"), format!("`base_url` {why}"))
                .with_help(crate::config::BASE_URL_HELP),
        );
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

/// A new, never reused version number: every parsed file gets one, so later stages
/// can tell "same input as last time" by comparing numbers.
pub fn next_version() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A file's identity on disk, to tell whether it changed since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

/// One file's parse result, as cached.
#[derive(Debug, Clone)]
enum Parsed {
    Config(Option<Config>),
    Seed(Option<Arc<Seed>>),
    Article(Result<Arc<ArticleAnnotation>, Unreadable>),
    Term(Result<Arc<TermAnnotation>, Unreadable>),
    Index(Option<Arc<IndexPage>>),
    Boilerplate(Option<Arc<Boilerplate>>),
    Template(Option<Arc<Vec<u8>>>),
}

/// Parse results of every file, keyed by path and reused while the file is unchanged
/// on disk (same length and modification time). `serve` keeps one across rebuilds so an
/// edit re-parses one file, not the dossier; `build` starts from an empty one.
#[derive(Debug, Default)]
pub struct LoadCache {
    entries: HashMap<PathBuf, (Stamp, Parsed, Vec<Diagnostic>)>,
    /// The files found by the last walk of the dossier.
    listing: Option<Listing>,
    /// Set by [`LoadCache::expect_changes_only_in`]: the only paths that may have changed.
    only: Option<HashSet<PathBuf>>,
    /// True while a load trusts `only` (no walk, no stat of other files).
    trusting: bool,
    /// How many files the last load parsed (the rest came from the cache).
    pub parsed_last: usize,
}

/// Every input file of a dossier, as found by one walk.
#[derive(Debug, Clone, Default)]
struct Listing {
    seeds_dir: bool,
    seeds: Vec<(PathBuf, String)>,
    articles: Vec<(PathBuf, String)>,
    glossary: Vec<(PathBuf, String)>,
    templates: Vec<(PathBuf, String)>,
    all: HashSet<PathBuf>,
    /// Symlink loops and unreadable folders met on the way.
    problems: Vec<Diagnostic>,
}

impl Listing {
    fn walk(root: &Path) -> Listing {
        // Files below `dir`, each with its key (a seed's or template's file name, a slug).
        fn keyed(
            dir: &Path,
            files: Vec<PathBuf>,
            key: fn(&Path, &Path) -> String,
        ) -> Vec<(PathBuf, String)> {
            files
                .into_iter()
                .map(|p| {
                    let k = key(dir, &p);
                    (p, k)
                })
                .collect()
        }
        let mut l = Listing::default();
        let mut found = |dir: &Path, ext: Option<&str>, key: fn(&Path, &Path) -> String| {
            if dir.is_dir() {
                keyed(dir, walk::files(dir, ext, root, &mut l.problems), key)
            } else {
                Vec::new()
            }
        };
        let seeds_dir = root.join("seeds");
        let ann = root.join("annotations");
        let seeds = found(&seeds_dir, None, rel_name);
        let articles = found(&ann.join("articles"), Some("md"), slug_for);
        let glossary = found(&ann.join("glossary"), Some("md"), slug_for);
        let templates = found(&root.join("templates"), None, rel_name);
        l.seeds_dir = seeds_dir.is_dir();
        (l.seeds, l.articles, l.glossary, l.templates) = (seeds, articles, glossary, templates);
        for single in [
            "dossier.toml",
            "annotations/index.md",
            "annotations/boilerplate.toml",
        ] {
            let p = root.join(single);
            if p.is_file() {
                l.all.insert(p);
            }
        }
        for (p, _) in l
            .seeds
            .iter()
            .chain(&l.articles)
            .chain(&l.glossary)
            .chain(&l.templates)
        {
            l.all.insert(p.clone());
        }
        l
    }
}

impl LoadCache {
    /// Forgets a file, so the next load parses it whatever its stamp says.
    pub fn invalidate(&mut self, path: &Path) {
        self.entries.remove(path);
    }

    /// Promises that since the last load only `paths` changed (the file watcher knows).
    /// The next load then neither walks the folders nor checks other files' stamps,
    /// unless a path is new or gone, in which case it walks as usual.
    pub fn expect_changes_only_in(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.only = Some(paths.into_iter().collect());
    }

    /// Returns the cached result for `path` or parses it, replaying its diagnostics.
    fn get(
        &mut self,
        path: &Path,
        seen: &mut HashSet<PathBuf>,
        diags: &mut Diagnostics,
        parse: impl FnOnce(&mut Diagnostics) -> Parsed,
    ) -> Parsed {
        if self.trusting && !self.only.as_ref().is_some_and(|o| o.contains(path)) {
            if let Some((_, parsed, ds)) = self.entries.get(path) {
                diags.extend(ds.iter().cloned());
                return parsed.clone();
            }
        }
        if !self.trusting {
            seen.insert(path.to_path_buf());
        }
        let st = stamp(path);
        if let (Some(st), Some((old, parsed, ds))) = (st, self.entries.get(path)) {
            if *old == st {
                diags.extend(ds.iter().cloned());
                return parsed.clone();
            }
        }
        let mut local = Diagnostics::new();
        let parsed = parse(&mut local);
        self.parsed_last += 1;
        diags.extend(local.items().iter().cloned());
        if let Some(st) = st {
            self.entries.insert(
                path.to_path_buf(),
                (st, parsed.clone(), local.items().to_vec()),
            );
        }
        parsed
    }
}

/// Name of a file below `dir`, relative, `/`-separated, with its extension.
fn rel_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn parse_seed_file(root: &Path, path: &Path, name: &str, d: &mut Diagnostics) -> Parsed {
    let display = crate::diagnostic::display_path(root, path);
    Parsed::Seed(Some(Arc::new(seed::read_seed(display, path, name, d))))
}

/// Reads and parses an article or glossary file; `Err` when it could not be parsed
/// (links to it are then not reported again; an unusable name has an empty slug).
fn parse_annotation_file<T>(
    root: &Path,
    path: &Path,
    slug: &str,
    d: &mut Diagnostics,
    usable: bool,
    naming: (&str, &str),
    parse: fn(String, Arc<SourceFile>, &mut Diagnostics) -> Option<T>,
) -> Result<Arc<T>, Unreadable> {
    let is_term = naming.0 == "glossary";
    let mut unreadable = Unreadable {
        slug: slug.to_string(),
        is_term,
        names: Vec::new(),
        file: crate::diagnostic::display_path(root, path),
    };
    let Some(src) = read_text(root, path, d) else {
        return Err(unreadable);
    };
    if !usable {
        let (what, help) = naming;
        d.push(
            Diagnostic::error(&src.path, format!("`{slug}` is not a usable {what} slug"))
                .with_help(help),
        );
        unreadable.slug.clear();
        return Err(unreadable);
    }
    match parse(slug.to_string(), src.clone(), d) {
        Some(v) => Ok(Arc::new(v)),
        None => {
            if is_term {
                unreadable.names = salvage_names(&src.text);
                // `islamic-state` is most likely "Islamic State".
                let last = slug.rsplit('/').next().unwrap_or(slug);
                unreadable.names.push(last.replace(['-', '_'], " "));
            }
            Err(unreadable)
        }
    }
}

fn parse_article_file(root: &Path, path: &Path, slug: &str, d: &mut Diagnostics) -> Parsed {
    let usable = valid_slug(slug) && !slug.contains('/');
    let naming = (
        "article",
        "name article files with letters, digits, `-` and `_`, directly in annotations/articles/",
    );
    Parsed::Article(parse_annotation_file(
        root,
        path,
        slug,
        d,
        usable,
        naming,
        parse_article,
    ))
}

fn parse_term_file(root: &Path, path: &Path, slug: &str, d: &mut Diagnostics) -> Parsed {
    let usable = valid_slug(slug) && slug != "index";
    let naming = (
        "glossary",
        "name glossary files with letters, digits, `-` and `_` (not `index`)",
    );
    Parsed::Term(parse_annotation_file(
        root, path, slug, d, usable, naming, parse_term,
    ))
}

/// A file re-read on its own by [`LoadCache::reload`].
#[derive(Debug, Clone)]
pub enum Reloaded {
    /// An article annotation, with its slug.
    Article(Arc<ArticleAnnotation>),
    /// A seed, with its name.
    Seed(Arc<Seed>),
    /// A glossary entry.
    Term(Arc<TermAnnotation>),
}

impl LoadCache {
    /// Re-reads one known article annotation or seed (listed by the last load) on its
    /// own, for the fast path of an edit. `None` when the file is not one of those,
    /// or when reading it produced any diagnostic: the caller then does a full load.
    pub fn reload(&mut self, root: &Path, path: &Path) -> Option<Reloaded> {
        let listing = self.listing.as_ref()?;
        let mut d = Diagnostics::new();
        let parsed = if let Some((_, slug)) = listing.articles.iter().find(|(p, _)| p == path) {
            parse_article_file(root, path, slug, &mut d)
        } else if let Some((_, name)) = listing.seeds.iter().find(|(p, _)| p == path) {
            parse_seed_file(root, path, name, &mut d)
        } else if let Some((_, slug)) = listing.glossary.iter().find(|(p, _)| p == path) {
            parse_term_file(root, path, slug, &mut d)
        } else {
            return None;
        };
        if !d.is_empty() {
            return None;
        }
        let out = match &parsed {
            Parsed::Article(Ok(a)) => Reloaded::Article(a.clone()),
            Parsed::Seed(Some(s)) => Reloaded::Seed(s.clone()),
            Parsed::Term(Ok(t)) => Reloaded::Term(t.clone()),
            _ => return None,
        };
        let st = stamp(path)?;
        self.entries
            .insert(path.to_path_buf(), (st, parsed, Vec::new()));
        Some(out)
    }
}

/// Reads and parses one of the single files (index.md, boilerplate.toml).
fn parse_optional<T>(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    parse: fn(Arc<SourceFile>, &mut Diagnostics) -> Option<T>,
) -> Option<Arc<T>> {
    read_text(root, path, diags)
        .and_then(|s| parse(s, diags))
        .map(Arc::new)
}

/// Reads the dossier at `root`. Problems go to `diags`; whatever could be read is returned.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_cached(root, &mut LoadCache::default(), diags)
}

/// Like [`load`], reusing the parse of every file that did not change since `cache` saw it.
pub fn load_cached(root: &Path, cache: &mut LoadCache, diags: &mut Diagnostics) -> Option<Loaded> {
    cache.parsed_last = 0;
    // Reuse the last walk when the watcher vouches for what changed and nothing was
    // created or deleted.
    let only = cache.only.take();
    let listing = match (&only, cache.listing.take()) {
        (Some(only), Some(l)) if only.iter().all(|p| l.all.contains(p) && p.is_file()) => {
            cache.trusting = true;
            l
        }
        _ => {
            cache.trusting = false;
            Listing::walk(root)
        }
    };
    cache.only = only;
    let mut seen = HashSet::default();
    let config_path = root.join("dossier.toml");
    let config = if listing.all.contains(&config_path) {
        match cache.get(&config_path, &mut seen, diags, |d| {
            Parsed::Config(load_config(root, d))
        }) {
            Parsed::Config(c) => c,
            _ => None,
        }
    } else {
        load_config(root, diags)
    };

    // Seeds: every regular, non-hidden file below seeds/.
    let mut seeds = BTreeMap::new();
    if listing.seeds_dir {
        for (path, name) in &listing.seeds {
            let parsed = cache.get(path, &mut seen, diags, |d| {
                parse_seed_file(root, path, name, d)
            });
            if let Parsed::Seed(Some(seed)) = parsed {
                seeds.insert(name.clone(), seed);
            }
        }
    } else if listing.articles.is_empty() {
        diags.push(
            Diagnostic::warning("seeds", "no seeds/ folder: the dossier has no articles")
                .with_help("put raw article files in seeds/"),
        );
    }

    let ann = root.join("annotations");
    if !ann.is_dir() {
        diags.push(
            Diagnostic::error("annotations", format!("no annotations/ folder in {}", root.display()))
                .with_help("a dossier keeps its annotations in annotations/ (articles/, glossary/, index.md); `dossier init` creates one"),
        );
    }
    diags.extend(listing.problems.iter().cloned());
    let mut unreadable = Vec::new();
    let mut articles = Vec::new();
    for (path, slug) in &listing.articles {
        let parsed = cache.get(path, &mut seen, diags, |d| {
            parse_article_file(root, path, slug, d)
        });
        match parsed {
            Parsed::Article(Ok(a)) => articles.push(a),
            Parsed::Article(Err(u)) => unreadable.push(u),
            _ => {}
        }
    }
    seed::decode_declared(&mut seeds, &articles, diags);
    let mut terms = Vec::new();
    for (path, slug) in &listing.glossary {
        let parsed = cache.get(path, &mut seen, diags, |d| {
            parse_term_file(root, path, slug, d)
        });
        match parsed {
            Parsed::Term(Ok(t)) => terms.push(t),
            Parsed::Term(Err(u)) => unreadable.push(u),
            _ => {}
        }
    }
    let index_path = ann.join("index.md");
    let index = listing.all.contains(&index_path).then(|| {
        match cache.get(&index_path, &mut seen, diags, |d| {
            Parsed::Index(parse_optional(root, &index_path, d, parse_index))
        }) {
            Parsed::Index(i) => i,
            _ => None,
        }
    });
    let bp_path = ann.join("boilerplate.toml");
    let boilerplate = listing.all.contains(&bp_path).then(|| {
        match cache.get(&bp_path, &mut seen, diags, |d| {
            Parsed::Boilerplate(parse_optional(root, &bp_path, d, parse_boilerplate))
        }) {
            Parsed::Boilerplate(b) => b,
            _ => None,
        }
    });

    // Template overrides.
    let mut templates = BTreeMap::new();
    for (path, name) in &listing.templates {
        let parsed = cache.get(path, &mut seen, diags, |d| match fs::read(path) {
            Ok(bytes) => Parsed::Template(Some(Arc::new(bytes))),
            Err(err) => {
                d.push(Diagnostic::error(
                    crate::diagnostic::display_path(root, path),
                    format!("cannot read template: {err}"),
                ));
                Parsed::Template(None)
            }
        });
        if let Parsed::Template(Some(bytes)) = parsed {
            templates.insert(name.clone(), bytes);
        }
    }
    // Forget files that are gone (only known after a walk).
    if !cache.trusting {
        cache.entries.retain(|p, _| seen.contains(p));
    }
    cache.trusting = false;
    cache.only = None;
    cache.listing = Some(listing);

    Some(Loaded {
        root: root.to_path_buf(),
        config: config?,
        seeds,
        articles,
        terms,
        boilerplate: boilerplate.flatten(),
        index: index.flatten(),
        templates,
        unreadable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_bom_and_crlf() {
        assert_eq!(normalise("\u{feff}a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn splits_front_matter() {
        let t = "+++\na = 1\n+++\nbody\n";
        let (fm, fo, body, bo) = split_front_matter(t).unwrap();
        assert_eq!(fm, "a = 1\n");
        assert_eq!(fo, 4);
        assert_eq!(body, "body\n");
        assert_eq!(&t[bo..], "body\n");
        assert!(split_front_matter("no\n").is_err());
        assert!(split_front_matter("+++\nunclosed\n").is_err());
    }

    fn src(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: "a.md".into(),
            text: text.into(),
        })
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let s = src("+++\nseed = \"x.txt\"\ntitle = \"T\"\ndate = 2016-\n+++\n");
        let mut d = Diagnostics::new();
        assert!(parse_article("a".into(), s, &mut d).is_none());
        let p = d.items()[0].position.unwrap();
        assert_eq!(p.line, 4, "{}", d.items()[0]);
    }

    #[test]
    fn notes_are_split_from_commentary() {
        let text = "+++\nseed = \"x\"\ntitle = \"T\"\n+++\nComment.\n\n## Notes\n\n> the quote\n\nWhy it matters.\n\n> second\n> line\nMore.\n";
        let s = src(text);
        let mut d = Diagnostics::new();
        let a = parse_article("a".into(), s.clone(), &mut d).unwrap();
        assert!(d.is_empty(), "{:?}", d);
        assert_eq!(a.commentary.text.trim(), "Comment.");
        assert_eq!(a.notes.len(), 2);
        assert_eq!(a.notes[0].quote.value, "the quote");
        assert_eq!(&s.text[a.notes[0].quote.span.clone()], "the quote");
        assert_eq!(a.notes[0].body.value, "Why it matters.");
        assert_eq!(a.notes[1].quote.value, "second line");
        assert_eq!(a.notes[1].body.value, "More.");
    }

    #[test]
    fn cut_needs_one_kind() {
        let s =
            src("+++\nseed = \"x\"\ntitle = \"T\"\n[[cut]]\nlines = [\"a\"]\ntext = \"b\"\n+++\n");
        let mut d = Diagnostics::new();
        let a = parse_article("a".into(), s, &mut d).unwrap();
        assert!(a.cuts.is_empty());
        assert_eq!(d.items()[0].position.unwrap().line, 4);
    }

    #[test]
    fn unknown_field_is_reported_at_its_line() {
        let s = src("+++\nseed = \"x\"\ntitle = \"T\"\ntitel = \"oops\"\n+++\n");
        let mut d = Diagnostics::new();
        // Reported, and the rest of the file is still read.
        assert!(parse_article("a".into(), s, &mut d).is_some());
        assert_eq!(d.items()[0].position.unwrap().line, 4);
        assert!(d.items()[0].message.contains("titel"));
        // `titel` without `title`: one error, not a second "missing field `title`".
        let s = src("+++\nseed = \"x\"\ntitel = \"T\"\nsumary = \"s\"\n+++\n");
        let mut d = Diagnostics::new();
        assert!(parse_article("a".into(), s, &mut d).is_none());
        let messages: Vec<&str> = d.items().iter().map(|x| x.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown field `titel` in article front matter",
                "unknown field `sumary` in article front matter"
            ]
        );
        assert_eq!(d.items()[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(
            d.items()[1].help.as_deref(),
            Some("did you mean `summary`?")
        );
    }

    /// Every key a schema allows is read by its struct (a value of the wrong type is
    /// refused), so the schemas and the structs cannot drift apart.
    #[test]
    fn schemas_match_the_structs() {
        fn check<T: serde::de::DeserializeOwned>(schema: &keys::Schema, base: &str) {
            let bad = "1979-05-27T07:32:00Z";
            for k in schema.top {
                let rest: String = base
                    .lines()
                    .filter(|l| !l.starts_with(&format!("{k} ")))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let e = toml::from_str::<T>(&format!("{k} = {bad}\n{rest}")).err();
                let msg = e.map(|e| e.message().to_string()).unwrap_or_default();
                assert!(
                    msg.contains("invalid type") || msg.contains("wanted"),
                    "{}: `{k}` is not read: {msg}",
                    schema.what
                );
            }
            for (table, keys) in schema.tables {
                for k in *keys {
                    let doc = format!("{base}[[{table}]]\n{k} = {bad}\n");
                    let e = toml::from_str::<T>(&doc).err();
                    let msg = e.map(|e| e.message().to_string()).unwrap_or_default();
                    assert!(
                        msg.contains("invalid type") || msg.contains("wanted"),
                        "`{table}.{k}` is not read: {msg}"
                    );
                }
            }
        }
        check::<RawArticle>(&ARTICLE_SCHEMA, "seed = \"s\"\ntitle = \"t\"\n");
        check::<RawTerm>(&TERM_SCHEMA, "term = \"t\"\nkind = \"place\"\n");
        check::<RawIndex>(&INDEX_SCHEMA, "");
        check::<RawBoilerplate>(&BOILERPLATE_SCHEMA, "");
        check::<Config>(&CONFIG_SCHEMA, "title = \"t\"\n");
    }

    #[test]
    fn slugs_from_nested_paths() {
        assert_eq!(
            slug_for(Path::new("g"), Path::new("g/people/jilani.md")),
            "people/jilani"
        );
        assert!(valid_slug("people/jilani"));
        assert!(valid_slug("ça-va"));
        assert!(!valid_slug("a b"));
        assert!(!valid_slug("../x"));
    }
}
