//! Stage 4, **render**: turns the linked dossier into in-memory output files.
//!
//! Each page gets a small serialisable view (never the whole dossier) and is
//! rendered through Tera, pages in parallel with rayon. Site-wide values (title,
//! language, …) live once in Tera's global context. Article text is escaped here,
//! in Rust, because seeds are untrusted; marks (notes, fixes, term links) become
//! HTML around escaped text. Every internal link is relative to the page (`root`
//! is `../` per level), so the site works under any sub-path and from `file://`;
//! only `404.html`, which GitHub serves at any depth, uses the base path.
//!
//! The default theme (templates/ and templates/static/) is compiled into the
//! binary; a dossier's own `templates/` overrides it file by file.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::link::{Linked, LinkedParagraph, MarkKind, PageRef};
use crate::load::Loaded;
use crate::markdown;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Contents (shared with the render cache).
    pub bytes: Arc<Vec<u8>>,
}

/// The default theme's templates, compiled in.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("term.html", include_str!("../templates/term.html")),
    ("glossary.html", include_str!("../templates/glossary.html")),
    ("timeline.html", include_str!("../templates/timeline.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("seed.html", include_str!("../templates/seed.html")),
    ("sources.html", include_str!("../templates/sources.html")),
];

/// The default theme's static files, compiled in.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[(
    "static/style.css",
    include_bytes!("../templates/static/style.css"),
)];

/// Options that change URLs, not content.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` of dossier.toml.
    pub base_url: Option<String>,
}

/// Percent-encodes a path for use in an href (keeps `/` and unreserved characters).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes, the inverse of [`encode_path`]; `None` for a malformed escape.
pub fn decode_path(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

pub use crate::markdown::escape;

pub use crate::load::seed::{seed_raw_path, seed_view_path};

/// Site path of a page.
pub fn page_path(linked: &Linked, page: PageRef) -> String {
    let l = linked.loaded();
    match page {
        PageRef::Index => "index.html".to_string(),
        PageRef::Article(p) => format!("articles/{}.html", l.articles[linked.articles[p].ann].slug),
        PageRef::Term(t) => format!("glossary/{}.html", l.terms[t].slug),
    }
}

/// `../` repeated once per directory level of `path`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn href(linked: &Linked, root: &str, page: PageRef) -> String {
    format!("{root}{}", encode_path(&page_path(linked, page)))
}

fn page_title(linked: &Linked, page: PageRef) -> String {
    let l = linked.loaded();
    match page {
        PageRef::Index => "Introduction".to_string(),
        PageRef::Article(p) => l.articles[linked.articles[p].ann].title.clone(),
        PageRef::Term(t) => l.terms[t].term.value.clone(),
    }
}

fn resolver<'a>(
    linked: &'a Linked,
    root: &'a str,
    sources: &'a [crate::load::Source],
) -> markdown::Links<'a> {
    markdown::Links {
        resolve: Box::new(move |target| {
            linked
                .targets
                .resolve_how(target)
                .map(|(p, by_slug)| markdown::Resolved {
                    href: href(linked, root, p),
                    title: page_title(linked, p),
                    by_slug,
                })
        }),
        allow_raw_html: linked.loaded().config.allow_raw_html,
        sources,
    }
}

/// A source as a page's Sources list shows it.
#[derive(Serialize)]
struct SourceView {
    id: String,
    title: String,
    author: Option<String>,
    publisher: Option<String>,
    date: Option<String>,
    url: Option<String>,
    accessed: Option<String>,
}

fn source_views(sources: &[crate::load::Source]) -> Vec<SourceView> {
    sources
        .iter()
        .map(|s| SourceView {
            id: s.id.value.clone(),
            title: s.title.clone(),
            author: s.author.clone(),
            publisher: s.publisher.clone(),
            date: s.date.map(|d| d.human()),
            url: s.url.clone(),
            accessed: s.accessed.map(|d| d.human()),
        })
        .collect()
}

/// `html`, or nothing when it shows nothing (only whitespace and HTML comments, as in
/// the stub `dossier add` writes), so that templates can skip an empty section.
fn visible_or_empty(html: String) -> String {
    let mut rest = html.as_str();
    let mut visible = String::new();
    while let Some(i) = rest.find("<!--") {
        visible.push_str(&rest[..i]);
        rest = rest[i..]
            .find("-->")
            .map(|j| &rest[i + j + 3..])
            .unwrap_or("");
    }
    visible.push_str(rest);
    if visible.trim().is_empty() {
        String::new()
    } else {
        html
    }
}

/// Renders a paragraph's text with its marks as HTML.
pub fn paragraph_html(linked: &Linked, root: &str, p: &LinkedParagraph) -> String {
    let l = linked.loaded();
    let mut out = String::with_capacity(p.text.len() * 2);
    let mut stack: Vec<(usize, String)> = Vec::new(); // (end, closing HTML)
    let mut pos = 0;
    // Closes every open mark that ends at or before `at`, writing the text up to it.
    let close_until =
        |out: &mut String, stack: &mut Vec<(usize, String)>, at: usize, pos: &mut usize| {
            while let Some((end, _)) = stack.last() {
                let end = *end;
                if end > at {
                    break;
                }
                out.push_str(&escape(&p.text[*pos..end]));
                *pos = end;
                if let Some((_, tag)) = stack.pop() {
                    out.push_str(&tag);
                }
            }
        };
    for m in &p.marks {
        close_until(&mut out, &mut stack, m.range.start, &mut pos);
        out.push_str(&escape(&p.text[pos..m.range.start]));
        pos = m.range.start;
        let (open, close) = match &m.kind {
            MarkKind::Note(n) => (
                format!("<mark class=\"note-anchor\" id=\"q{n}\">"),
                format!(
                    "</mark><sup class=\"note-ref\"><a href=\"#note-{n}\" aria-label=\"Note {n}\">{n}</a></sup>"
                ),
            ),
            MarkKind::Fix { original, note } => {
                let title = match note {
                    Some(n) => format!("Editorial correction. {n}"),
                    None => "Editorial correction".to_string(),
                };
                (
                    format!(
                        "<span class=\"fix\" title=\"{}\"><del>{}</del> <ins>",
                        escape(&title),
                        escape(original)
                    ),
                    "</ins></span>".to_string(),
                )
            }
            MarkKind::Term { term, linked: true } => {
                let t = &l.terms[*term];
                (
                    format!(
                        "<a class=\"term\" href=\"{}\" title=\"{} ({})\">",
                        escape(&href(linked, root, PageRef::Term(*term))),
                        escape(&t.term.value),
                        escape(&t.kind)
                    ),
                    "</a>".to_string(),
                )
            }
            MarkKind::Term { linked: false, .. } => ("<span class=\"mention\">".to_string(), "</span>".to_string()),
        };
        out.push_str(&open);
        stack.push((m.range.end, close));
    }
    close_until(&mut out, &mut stack, usize::MAX, &mut pos);
    out.push_str(&escape(&p.text[pos..]));
    out
}

#[derive(Serialize)]
struct LinkView {
    href: String,
    title: String,
    meta: String,
}

#[derive(Serialize)]
struct NoteView {
    number: usize,
    quote: String,
    html: String,
}

#[derive(Serialize)]
struct ParagraphView {
    html: String,
    line: usize,
    notes: Vec<NoteView>,
}

#[derive(Serialize)]
struct ArticleView {
    sources: Vec<SourceView>,
    slug: String,
    title: String,
    date: Option<String>,
    date_iso: Option<String>,
    approximate: bool,
    publication: Option<String>,
    byline: Option<String>,
    url: Option<String>,
    summary: String,
    tags: Vec<String>,
    paragraphs: Vec<ParagraphView>,
    commentary_html: String,
    unanchored_notes: Vec<NoteView>,
    see_also: Vec<LinkView>,
    backlinks: Vec<LinkView>,
    terms: Vec<LinkView>,
    removed: Vec<crate::clean::Removed>,
    fix_count: usize,
    seed_href: String,
    seed_raw_href: String,
    seed_name: String,
    events: Vec<EventView>,
    prev: Option<LinkView>,
    next: Option<LinkView>,
}

#[derive(Serialize)]
struct EventView {
    date: String,
    date_iso: String,
    html: String,
    article: Option<LinkView>,
}

#[derive(Serialize)]
struct ArticleSummary {
    href: String,
    title: String,
    date: Option<String>,
    date_iso: Option<String>,
    publication: Option<String>,
    summary: String,
}

#[derive(Serialize)]
struct TermSummary {
    href: String,
    term: String,
    kind: String,
    aliases: Vec<String>,
    mentions: usize,
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    terms: Vec<TermSummary>,
}

#[derive(Serialize)]
struct TermView {
    slug: String,
    term: String,
    kind: String,
    aliases: Vec<String>,
    weak_aliases: Vec<String>,
    definition_html: String,
    part_of: Option<LinkView>,
    parts: Vec<LinkView>,
    see_also: Vec<LinkView>,
    mentioned_in: Vec<LinkView>,
    backlinks: Vec<LinkView>,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct SeedView<'a> {
    name: &'a str,
    raw_href: String,
    bytes: usize,
    lines: Vec<&'a str>,
    article: LinkView,
}

fn seed_view<'a>(linked: &'a Linked, pos: usize, root: &str) -> Option<SeedView<'a>> {
    let l = linked.loaded();
    let a = &l.articles[linked.articles[pos].ann];
    let seed = l.seeds.get(&a.seed.value)?;
    Some(SeedView {
        name: &seed.name,
        raw_href: format!("{root}{}", encode_path(&seed_raw_path(&seed.name))),
        bytes: seed.raw.len(),
        lines: seed.text.split('\n').collect(),
        article: link_view(linked, root, PageRef::Article(pos)),
    })
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct PageMeta {
    root: String,
    path: String,
    title: String,
    description: String,
    canonical: Option<String>,
    section: &'static str,
}

/// What lists show of an article: its `summary`, else its commentary's first paragraph.
pub fn summary_of(a: &crate::load::ArticleAnnotation) -> String {
    a.summary
        .clone()
        .unwrap_or_else(|| markdown::first_paragraph_text(&a.commentary.text))
}

fn link_view(linked: &Linked, root: &str, page: PageRef) -> LinkView {
    let l = linked.loaded();
    let meta = match page {
        PageRef::Article(p) => {
            let a = &l.articles[linked.articles[p].ann];
            let date = a
                .date
                .map(|d| d.human())
                .unwrap_or_else(|| "undated".into());
            match &a.publication {
                Some(pub_) => format!("{pub_}, {date}"),
                None => date,
            }
        }
        PageRef::Term(t) => l.terms[t].kind.clone(),
        PageRef::Index => "introduction".into(),
    };
    LinkView {
        href: href(linked, root, page),
        title: page_title(linked, page),
        meta,
    }
}

fn event_view(
    linked: &Linked,
    root: &str,
    article: usize,
    event: usize,
    with_article: bool,
) -> EventView {
    let l = linked.loaded();
    let a = &l.articles[linked.articles[article].ann];
    let e = &a.events[event];
    EventView {
        date: e.date.human(),
        date_iso: e.date.datetime_attr(),
        html: markdown::to_inline_html(&e.text.value, &resolver(linked, root, &a.sources)),
        article: with_article.then(|| link_view(linked, root, PageRef::Article(article))),
    }
}

fn article_view(linked: &Linked, pos: usize, root: &str) -> ArticleView {
    let l = linked.loaded();
    let la = &linked.articles[pos];
    let a = &l.articles[la.ann];
    let resolve = resolver(linked, root, &a.sources);
    let note_view = |ni: usize, number: usize| {
        let n = &a.notes[ni];
        NoteView {
            number,
            quote: n.quote.value.clone(),
            html: markdown::to_html(&n.body.value, &resolve),
        }
    };
    let paragraphs = la
        .marks
        .paragraphs
        .iter()
        .enumerate()
        .map(|(pi, p)| ParagraphView {
            html: paragraph_html(linked, root, p),
            line: p.seed_line,
            notes: la
                .marks
                .notes
                .iter()
                .filter(|n| n.paragraph == Some(pi))
                .map(|n| note_view(n.note, n.number))
                .collect(),
        })
        .collect();
    let unanchored_notes = la
        .marks
        .notes
        .iter()
        .filter(|n| n.paragraph.is_none())
        .map(|n| note_view(n.note, n.number))
        .collect();
    let mut terms: Vec<(usize, usize)> = la.marks.mentions.iter().map(|(&t, &c)| (t, c)).collect();
    terms.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then(l.terms[x.0].term.value.cmp(&l.terms[y.0].term.value))
    });
    let fix_count = la
        .marks
        .paragraphs
        .iter()
        .flat_map(|p| &p.marks)
        .filter(|m| matches!(m.kind, MarkKind::Fix { .. }))
        .count();
    let seed = l.seeds.get(&a.seed.value);
    ArticleView {
        sources: source_views(&a.sources),
        slug: a.slug.clone(),
        title: a.title.clone(),
        date: a.date.map(|d| d.human()),
        date_iso: a.date.map(|d| d.datetime_attr()),
        approximate: a.date.is_some_and(|d| d.approximate),
        publication: a.publication.clone(),
        byline: a.byline.clone(),
        url: a.url.clone(),
        summary: summary_of(a),
        tags: a.tags.clone(),
        paragraphs,
        commentary_html: visible_or_empty(markdown::to_html(&a.commentary.text, &resolve)),
        unanchored_notes,
        see_also: la
            .see_also
            .iter()
            .map(|&p| link_view(linked, root, PageRef::Article(p)))
            .collect(),
        backlinks: la
            .backlinks
            .iter()
            .map(|&p| link_view(linked, root, p))
            .collect(),
        terms: terms
            .into_iter()
            .map(|(t, c)| LinkView {
                href: href(linked, root, PageRef::Term(t)),
                title: l.terms[t].term.value.clone(),
                meta: format!("{c}×"),
            })
            .collect(),
        removed: linked.cleaned.articles[la.clean].article.removed.clone(),
        fix_count,
        seed_href: format!("{root}{}", encode_path(&seed_view_path(&a.seed.value))),
        seed_raw_href: format!("{root}{}", encode_path(&seed_raw_path(&a.seed.value))),
        seed_name: seed.map(|s| s.name.clone()).unwrap_or_default(),
        events: (0..a.events.len())
            .map(|ei| event_view(linked, root, pos, ei, false))
            .collect(),
        prev: pos
            .checked_sub(1)
            .map(|p| link_view(linked, root, PageRef::Article(p))),
        next: (pos + 1 < linked.articles.len())
            .then(|| link_view(linked, root, PageRef::Article(pos + 1))),
    }
}

fn term_view(linked: &Linked, ti: usize, root: &str) -> TermView {
    let l = linked.loaded();
    let t = &l.terms[ti];
    let lt = &linked.terms[ti];
    TermView {
        slug: t.slug.clone(),
        term: t.term.value.clone(),
        kind: t.kind.clone(),
        aliases: t.aliases.iter().map(|a| a.value.clone()).collect(),
        weak_aliases: t.weak_aliases.clone(),
        definition_html: markdown::to_html(&t.definition.text, &resolver(linked, root, &t.sources)),
        sources: source_views(&t.sources),
        part_of: lt
            .part_of
            .map(|p| link_view(linked, root, PageRef::Term(p))),
        parts: lt
            .parts
            .iter()
            .map(|&p| link_view(linked, root, PageRef::Term(p)))
            .collect(),
        see_also: lt
            .see_also
            .iter()
            .map(|&p| link_view(linked, root, p))
            .collect(),
        mentioned_in: lt
            .mentioned_in
            .iter()
            .map(|&(a, c)| {
                let mut v = link_view(linked, root, PageRef::Article(a));
                v.meta = format!("{} · {c} mention{}", v.meta, if c == 1 { "" } else { "s" });
                v
            })
            .collect(),
        backlinks: lt
            .backlinks
            .iter()
            .map(|&p| link_view(linked, root, p))
            .collect(),
    }
}

/// The A–Z heading a term is listed under: its first letter without diacritics
/// ("Émile" under E), `#` for digits and symbols.
fn index_letter(term: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let first = term.chars().find(|c| c.is_alphanumeric());
    let base = first.and_then(|c| c.to_string().nfd().next());
    match base {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".into(),
    }
}

fn glossary_groups(linked: &Linked, root: &str) -> Vec<LetterGroup> {
    let l = linked.loaded();
    let mut groups: BTreeMap<String, Vec<TermSummary>> = BTreeMap::new();
    let mut order: Vec<usize> = (0..l.terms.len()).collect();
    order.sort_by_key(|&t| l.terms[t].term.value.to_lowercase());
    for t in order {
        let term = &l.terms[t];
        let letter = index_letter(&term.term.value);
        groups.entry(letter).or_default().push(TermSummary {
            href: href(linked, root, PageRef::Term(t)),
            term: term.term.value.clone(),
            kind: term.kind.clone(),
            aliases: term.aliases.iter().map(|a| a.value.clone()).collect(),
            mentions: linked.terms[t].mentioned_in.iter().map(|x| x.1).sum(),
        });
    }
    groups
        .into_iter()
        .map(|(letter, terms)| LetterGroup { letter, terms })
        .collect()
}

/// The template sources: the default theme with the dossier's overrides applied.
fn template_sources(loaded: &Loaded, diags: &mut Diagnostics) -> BTreeMap<&'static str, String> {
    let mut sources: BTreeMap<&'static str, String> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| (*n, s.to_string()))
        .collect();
    for (name, bytes) in &loaded.templates {
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

fn compile_templates(
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
fn template_diagnostics(
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
        _ => vec![Diagnostic::error("templates", format!("template error: {e}")).with_help(help)],
    }
}

/// Rendered pages kept across rebuilds, each with the key of everything it was
/// rendered from; a page whose key is unchanged is not rendered again.
#[derive(Default)]
pub struct RenderCache {
    tera: Option<(u64, Arc<Tera>)>,
    pages: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// How many pages the last run rendered (the rest came from the cache).
    pub rendered_last: usize,
}

impl std::fmt::Debug for RenderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderCache")
            .field("pages", &self.pages.len())
            .field("rendered_last", &self.rendered_last)
            .finish()
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// `index.html`.
    Index,
    /// An article page, by position in `Linked::articles`.
    Article(usize),
    /// A glossary term page, by term index.
    Term(usize),
    /// `glossary/index.html`.
    Glossary,
    /// `timeline.html`.
    Timeline,
    /// `404.html`.
    NotFound,
    /// `seeds/<name>.html`: the seed of the article at this position, lines numbered.
    Seed(usize),
}

/// Fingerprints of what a link to each page shows (slug, title, meta), computed once
/// per render so that page keys hash one number per link.
struct LinkPrints {
    articles: Vec<u64>,
    terms: Vec<u64>,
}

impl LinkPrints {
    fn new(linked: &Linked) -> LinkPrints {
        let l = linked.loaded();
        let one = |f: &dyn Fn(&mut FxHasher)| {
            let mut h = FxHasher::default();
            f(&mut h);
            h.finish()
        };
        LinkPrints {
            articles: linked
                .articles
                .iter()
                .map(|la| {
                    let a = &l.articles[la.ann];
                    one(&|h| (&a.slug, &a.title, a.date, &a.publication).hash(h))
                })
                .collect(),
            terms: l
                .terms
                .iter()
                .map(|t| one(&|h| (&t.slug, &t.term.value, &t.kind).hash(h)))
                .collect(),
        }
    }

    fn hash(&self, page: PageRef, h: &mut FxHasher) {
        match page {
            PageRef::Index => 0u64.hash(h),
            PageRef::Article(p) => self.articles[p].hash(h),
            PageRef::Term(t) => self.terms[t].hash(h),
        }
    }
}

/// Hashes everything the page's view is built from (its dependencies), without
/// building the view. Versions stand for whole files or stage results; titles and
/// hrefs of linked pages are hashed as shown. When a view reads something new, it
/// must be added here: `tests/incremental.rs` compares cached and fresh builds.
fn page_key(linked: &Linked, prints: &LinkPrints, job: Job, h: &mut FxHasher) {
    let l = linked.loaded();
    std::mem::discriminant(&job).hash(h);
    match job {
        Job::Article(p) => {
            let la = &linked.articles[p];
            let a = &l.articles[la.ann];
            (
                a.version,
                la.marks.version,
                linked.cleaned.articles[la.clean].article.version,
            )
                .hash(h);
            l.seeds.get(&a.seed.value).map(|s| &s.name).hash(h);
            for &q in &la.see_also {
                prints.hash(PageRef::Article(q), h);
            }
            for &q in la.backlinks.iter().chain(&la.links_to) {
                prints.hash(q, h);
            }
            for q in [
                p.checked_sub(1),
                Some(p + 1).filter(|&n| n < linked.articles.len()),
            ] {
                0u8.hash(h);
                if let Some(q) = q {
                    prints.hash(PageRef::Article(q), h);
                }
            }
            for &t in la.marks.mentions.keys() {
                let term = &l.terms[t];
                (&term.slug, &term.term.value, &term.kind).hash(h);
            }
        }
        Job::Term(t) => {
            let term = &l.terms[t];
            let lt = &linked.terms[t];
            term.version.hash(h);
            for &(a, c) in &lt.mentioned_in {
                prints.hash(PageRef::Article(a), h);
                c.hash(h);
            }
            let pages = lt.backlinks.iter().chain(&lt.see_also).chain(&lt.links_to);
            let terms = lt
                .part_of
                .iter()
                .chain(&lt.parts)
                .map(|&q| PageRef::Term(q));
            for q in pages.copied().chain(terms) {
                prints.hash(q, h);
            }
            lt.part_of.is_some().hash(h);
        }
        Job::Index => {
            l.index.as_ref().map(|i| i.version).hash(h);
            for &q in &linked.index_links {
                prints.hash(q, h);
            }
            for la in &linked.articles {
                let a = &l.articles[la.ann];
                (
                    &a.slug,
                    &a.title,
                    a.date.map(|d| d.iso()),
                    &a.publication,
                    &a.summary,
                )
                    .hash(h);
                if a.summary.is_none() {
                    a.commentary.text.hash(h);
                }
            }
        }
        Job::Glossary => {
            for (t, lt) in l.terms.iter().zip(&linked.terms) {
                (&t.slug, &t.term.value, &t.kind).hash(h);
                for a in &t.aliases {
                    a.value.hash(h);
                }
                lt.mentioned_in.iter().map(|x| x.1).sum::<usize>().hash(h);
            }
        }
        Job::Timeline => {
            for e in &linked.timeline {
                let la = &linked.articles[e.article];
                if let Some(ev) = e.event.and_then(|i| l.articles[la.ann].events.get(i)) {
                    (ev.date, &ev.text.value).hash(h);
                }
                prints.hash(PageRef::Article(e.article), h);
                for &q in &la.links_to {
                    prints.hash(q, h);
                }
            }
        }
        Job::NotFound => {}
        Job::Seed(p) => {
            let a = &l.articles[linked.articles[p].ann];
            l.seeds.get(&a.seed.value).map(|s| s.version).hash(h);
            prints.hash(PageRef::Article(p), h);
        }
    }
}

/// The output path of a page.
fn job_path(job: Job, linked: &Linked) -> String {
    let l = linked.loaded();
    match job {
        Job::Index => "index.html".into(),
        Job::Article(p) => page_path(linked, PageRef::Article(p)),
        Job::Term(t) => page_path(linked, PageRef::Term(t)),
        Job::Glossary => "glossary/index.html".into(),
        Job::Timeline => "timeline.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Seed(p) => seed_view_path(&l.articles[linked.articles[p].ann].seed.value),
    }
}

/// Renders every page and static file, reusing every page in `cache` whose
/// dependencies did not change (an empty cache renders everything).
pub fn render_cached(
    linked: &Linked,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) -> Option<Vec<OutputFile>> {
    render_jobs(linked, opts, cache, diags, None)
}

/// Renders only `pages` (through the cache), for a caller that knows nothing else
/// changed; returns just those files.
pub fn render_pages(
    linked: &Linked,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
    pages: &[Job],
) -> Option<Vec<OutputFile>> {
    render_jobs(linked, opts, cache, diags, Some(pages))
}

fn render_jobs(
    linked: &Linked,
    opts: &RenderOptions,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
    only: Option<&[Job]>,
) -> Option<Vec<OutputFile>> {
    let l = linked.loaded();
    cache.rendered_last = 0;
    let mut config = l.config.clone();
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let base_url = config.base_url_slash();
    let sources = template_sources(l, diags);
    // Everything every page depends on: templates, settings, the counts in the footer.
    let global_fp = {
        let mut h = FxHasher::default();
        sources.hash(&mut h);
        serde_json::to_string(&config)
            .unwrap_or_default()
            .hash(&mut h);
        (linked.articles.len(), l.terms.len(), linked.timeline.len()).hash(&mut h);
        h.finish()
    };
    let tera = match &cache.tera {
        Some((fp, t)) if *fp == global_fp => t.clone(),
        _ => {
            let mut tera = compile_templates(&sources, diags)?;
            let g = tera.global_context();
            g.insert("site", &config);
            g.insert("base_path", &config.base_path());
            g.insert("article_count", &linked.articles.len());
            g.insert("term_count", &l.terms.len());
            g.insert("event_count", &linked.timeline.len());
            let tera = Arc::new(tera);
            cache.tera = Some((global_fp, tera.clone()));
            tera
        }
    };
    let meta = |path: &str, title: &str, description: &str, section: &'static str| PageMeta {
        root: root_of(path),
        path: path.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        canonical: (!base_url.is_empty()).then(|| format!("{base_url}{}", encode_path(path))),
        section,
    };

    // Each job renders one page from a small context.
    let jobs = match only {
        Some(some) => some.to_vec(),
        None => {
            let mut jobs = vec![Job::Index, Job::Glossary, Job::Timeline, Job::NotFound];
            jobs.extend((0..linked.articles.len()).map(Job::Article));
            jobs.extend((0..l.terms.len()).map(Job::Term));
            jobs.extend((0..linked.articles.len()).map(Job::Seed));
            jobs
        }
    };

    let cached = &cache.pages;
    let prints = LinkPrints::new(linked);
    type Rendered = Result<(OutputFile, u64, bool), (String, Vec<Diagnostic>)>;
    let results: Vec<Rendered> = jobs
        .par_iter()
        .map(|&job| {
            let path = job_path(job, linked);
            let key = {
                let mut h = FxHasher::default();
                global_fp.hash(&mut h);
                page_key(linked, &prints, job, &mut h);
                h.finish()
            };
            if let Some((k, bytes)) = cached.get(&path) {
                if *k == key {
                    let file = OutputFile {
                        path,
                        bytes: bytes.clone(),
                    };
                    return Ok((file, key, false));
                }
            }
            let mut ctx = Context::new();
            let (template, path) = match job {
                Job::Index => {
                    let root = root_of(&path);
                    let intro = l
                        .index
                        .as_ref()
                        .map(|ix| {
                            markdown::to_html(&ix.body.text, &resolver(linked, &root, &ix.sources))
                        })
                        .unwrap_or_default();
                    let articles: Vec<ArticleSummary> = (0..linked.articles.len())
                        .map(|p| {
                            let a = &l.articles[linked.articles[p].ann];
                            ArticleSummary {
                                href: href(linked, &root, PageRef::Article(p)),
                                title: a.title.clone(),
                                date: a.date.map(|d| d.human()),
                                date_iso: a.date.map(|d| d.datetime_attr()),
                                publication: a.publication.clone(),
                                summary: summary_of(a),
                            }
                        })
                        .collect();
                    let title = l
                        .index
                        .as_ref()
                        .and_then(|i| i.title.clone())
                        .unwrap_or_else(|| config.title.clone());
                    ctx.insert("page", &meta(&path, &title, &config.description, "index"));
                    ctx.insert("intro_html", &intro);
                    let no_sources = Vec::new();
                    let sources = l.index.as_ref().map_or(&no_sources, |i| &i.sources);
                    ctx.insert("sources", &source_views(sources));
                    ctx.insert("articles", &articles);
                    ("index.html", path)
                }
                Job::Article(p) => {
                    let root = root_of(&path);
                    let view = article_view(linked, p, &root);
                    ctx.insert("page", &meta(&path, &view.title, &view.summary, "articles"));
                    ctx.insert("article", &view);
                    ("article.html", path)
                }
                Job::Term(t) => {
                    let root = root_of(&path);
                    let view = term_view(linked, t, &root);
                    let desc = markdown::first_paragraph_text(&l.terms[t].definition.text);
                    ctx.insert("page", &meta(&path, &view.term, &desc, "glossary"));
                    ctx.insert("term", &view);
                    ("term.html", path)
                }
                Job::Glossary => {
                    let root = root_of(&path);
                    ctx.insert(
                        "page",
                        &meta(
                            &path,
                            "Glossary",
                            "Every organisation, person, place and document in the dossier.",
                            "glossary",
                        ),
                    );
                    ctx.insert("groups", &glossary_groups(linked, &root));
                    ("glossary.html", path)
                }
                Job::Timeline => {
                    let root = root_of(&path);
                    let mut years: Vec<YearGroup> = Vec::new();
                    for e in &linked.timeline {
                        let ev = event_view(linked, &root, e.article, e.event.unwrap_or(0), true);
                        match years.last_mut() {
                            Some(y) if y.year == e.date.year() => y.events.push(ev),
                            _ => years.push(YearGroup {
                                year: e.date.year(),
                                events: vec![ev],
                            }),
                        }
                    }
                    ctx.insert(
                        "page",
                        &meta(
                            &path,
                            "Timeline",
                            "Dated events reported by the articles.",
                            "timeline",
                        ),
                    );
                    ctx.insert("years", &years);
                    ("timeline.html", path)
                }
                Job::NotFound => {
                    // GitHub Pages serves 404.html for any missing path, at any depth:
                    // its links must be absolute from the site's base path.
                    let mut m = meta(&path, "Page not found", &config.description, "404");
                    m.root = config.base_path();
                    m.canonical = None;
                    ctx.insert("page", &m);
                    ("404.html", path)
                }
                Job::Seed(p) => {
                    let root = root_of(&path);
                    if let Some(view) = seed_view(linked, p, &root) {
                        let title = format!("Source text: {}", view.name);
                        let desc =
                            format!("The raw text of “{}”, as collected.", view.article.title);
                        ctx.insert("page", &meta(&path, &title, &desc, "articles"));
                        ctx.insert("seed", &view);
                    }
                    ("seed.html", path)
                }
            };
            tera.render(template, &ctx)
                .map(|html| {
                    let file = OutputFile {
                        path,
                        bytes: Arc::new(html.into_bytes()),
                    };
                    (file, key, true)
                })
                .map_err(|e| (job_path(job, linked), template_diagnostics(&e, &sources)))
        })
        .collect();

    let mut files = Vec::with_capacity(results.len() + 8);
    let pages = results.len();
    // One template mistake fails every page using it: report it once.
    let mut failures: BTreeMap<String, (Diagnostic, Vec<String>)> = BTreeMap::new();
    for r in results {
        match r {
            Ok((f, key, fresh)) => {
                if fresh {
                    cache.rendered_last += 1;
                    cache.pages.insert(f.path.clone(), (key, f.bytes.clone()));
                }
                files.push(f);
            }
            Err((page, ds)) => {
                for d in ds {
                    let key = format!("{}:{:?}:{}", d.file.display(), d.position, d.message);
                    failures
                        .entry(key)
                        .or_insert((d, Vec::new()))
                        .1
                        .push(page.clone());
                }
            }
        }
    }
    for (_, (d, mut pages)) in failures {
        pages.sort();
        let n = pages.len();
        let help = format!(
            "it fails {n} page{} (first: {}); the variables each template gets are in docs/templates.md",
            if n == 1 { "" } else { "s" },
            pages[0]
        );
        diags.push(d.with_help(help));
    }
    if only.is_some() {
        return (!diags.has_errors()).then_some(files);
    }
    // Forget pages that are gone.
    if cache.pages.len() > pages {
        let live: rustc_hash::FxHashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        cache.pages.retain(|p, _| live.contains(p.as_str()));
    }
    // Static files: defaults, then overrides and additions from templates/static/.
    let mut statics: BTreeMap<String, Arc<Vec<u8>>> = DEFAULT_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), Arc::new(b.to_vec())))
        .collect();
    for (name, bytes) in &l.templates {
        if name.starts_with("static/") {
            statics.insert(name.clone(), bytes.clone());
        }
    }
    files.extend(
        statics
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes }),
    );
    // The verbatim sources of the published articles, as plain text.
    for la in &linked.articles {
        if let Some(s) = l.seeds.get(&l.articles[la.ann].seed.value) {
            files.push(OutputFile {
                path: seed_raw_path(&s.name),
                bytes: s.raw.clone(),
            });
        }
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Arc::new(Vec::new()),
    });
    if let Some(c) = config
        .cname
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        files.push(OutputFile {
            path: "CNAME".into(),
            bytes: Arc::new(format!("{c}\n").into_bytes()),
        });
    }
    (!diags.has_errors()).then_some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_encoding() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("glossary/people/x.html"), "../../");
        assert_eq!(
            encode_path("glossary/ça va.html"),
            "glossary/%C3%A7a%20va.html"
        );
        assert_eq!(escape("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
        let path = "glossary/ça va%.html";
        assert_eq!(decode_path(&encode_path(path)).unwrap(), path.as_bytes());
        assert_eq!(decode_path("a%2"), None);
        assert_eq!(decode_path("a%zz"), None);
        assert_eq!(index_letter("Émile"), "E");
        assert_eq!(index_letter("çà et là"), "C");
        assert_eq!(index_letter("al-Qa’ida"), "A");
        assert_eq!(index_letter("11 Corps"), "#");
        assert_eq!(visible_or_empty("<!-- hint -->\n".into()), "");
        assert_eq!(
            visible_or_empty("<p>x</p><!-- c -->".into()),
            "<p>x</p><!-- c -->"
        );
    }
}
