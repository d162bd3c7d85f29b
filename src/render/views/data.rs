//! The data export, `dossier.json`: the whole dossier as data for other tools (every
//! article with its metadata, seed file and SHA-256, cleaned text, cuts, fixes, notes
//! and term mentions with their offsets; every term with its names, kind and
//! relations; the cross-references and the dated events). Its shape is described by
//! `docs/dossier.schema.json`; `format_version` changes when that shape does.
//!
//! Offsets are counted in Unicode code points (Python's `str` indices) within the
//! paragraph's `text`, end exclusive. Annotation prose is exported as the Markdown
//! the editors wrote (`*_markdown` fields): it is data, never HTML to insert.

use serde::Serialize;

use super::offsets::CharOffsets;
use crate::date::PartialDate;
use crate::render::paths::{article_path, encode_path, seed_raw_path, seed_view_href, term_path};
use crate::site::{ArticleId, MarkKind, PageCtx, PageRef, TermId};

/// The version of the export's shape.
pub const FORMAT_VERSION: u32 = 2;

/// A list serialised as it is made, so that the articles of a large dossier are
/// never all held at once (their text is most of the export).
pub struct Lazy<I>(std::cell::RefCell<Option<I>>);

impl<I: Iterator> Serialize for Lazy<I>
where
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        s.collect_seq(items.into_iter().flatten())
    }
}

pub type Articles<'c, 'a> = Lazy<Box<dyn Iterator<Item = ArticleData<'a>> + 'c>>;

/// The export; `A` is its list of articles, made as it is serialised ([`export`]) or
/// already serialised ([`export_with`]).
#[derive(Serialize)]
pub struct Export<'a, A: Serialize> {
    format: &'static str,
    format_version: u32,
    dossier: DossierMeta<'a>,
    articles: A,
    terms: Vec<TermData<'a>>,
    cross_references: Vec<CrossRef<'a>>,
    events: Vec<EventData<'a>>,
}

#[derive(Serialize)]
struct DossierMeta<'a> {
    title: &'a str,
    description: &'a str,
    author: &'a str,
    language: &'a str,
    base_url: &'a str,
}

/// A partial date: as written, its first day, and how much of it is known.
#[derive(Serialize)]
pub struct DateData {
    value: String,
    start: String,
    precision: crate::date::Precision,
    approximate: bool,
}

impl From<PartialDate> for DateData {
    fn from(d: PartialDate) -> DateData {
        DateData {
            value: d.iso(),
            start: d.start.format("%Y-%m-%d").to_string(),
            precision: d.precision,
            approximate: d.approximate,
        }
    }
}

#[derive(Serialize)]
struct SeedData<'a> {
    file: &'a str,
    bytes: usize,
    sha256: String,
    page: String,
    raw: String,
}

#[derive(Serialize)]
pub struct ArticleData<'a> {
    slug: &'a str,
    page: String,
    title: &'a str,
    date: Option<DateData>,
    publication: Option<&'a str>,
    byline: Option<&'a str>,
    url: Option<&'a str>,
    retrieved: Option<DateData>,
    summary: Option<&'a str>,
    tags: &'a [String],
    seed: SeedData<'a>,
    paragraphs: Vec<ParagraphData<'a>>,
    cuts: Vec<CutData<'a>>,
    fixes: Vec<FixData<'a>>,
    notes: Vec<NoteData<'a>>,
    mentions: Vec<MentionData<'a>>,
    shared: Vec<SharedData<'a>>,
    commentary_markdown: &'a str,
    see_also: Vec<&'a str>,
}

#[derive(Serialize)]
struct ParagraphData<'a> {
    seed_line: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct CutData<'a> {
    seed_line: usize,
    text: &'a str,
    rule: &'a str,
    reason: Option<&'a str>,
    global: bool,
}

/// Where a span of cleaned text is: paragraph index, code point offsets.
#[derive(Serialize)]
struct Span {
    paragraph: usize,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct FixData<'a> {
    #[serde(flatten)]
    at: Span,
    original: &'a str,
    text: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct NoteData<'a> {
    number: usize,
    quote: &'a str,
    /// The context lines that say which occurrence of the quote is meant.
    prefix: Option<&'a str>,
    suffix: Option<&'a str>,
    occurrence: Option<usize>,
    body_markdown: &'a str,
    /// `None` when the quote was not found.
    at: Option<Span>,
    /// Edits between the quote and the text it was anchored to (0: as written).
    edits: usize,
}

/// A passage the article shares with others.
#[derive(Serialize)]
struct SharedData<'a> {
    /// One span per paragraph it covers.
    spans: Vec<Span>,
    words: usize,
    copies: Vec<CopyData<'a>>,
}

/// Where another article prints a shared passage (its first paragraph's part).
#[derive(Serialize)]
struct CopyData<'a> {
    article: &'a str,
    #[serde(flatten)]
    at: Span,
}

#[derive(Serialize)]
struct MentionData<'a> {
    term: &'a str,
    #[serde(flatten)]
    at: Span,
    text: &'a str,
}

#[derive(Serialize)]
struct TermData<'a> {
    slug: &'a str,
    page: String,
    name: &'a str,
    aliases: Vec<&'a str>,
    weak_aliases: &'a [String],
    kind: &'static str,
    part_of: Option<&'a str>,
    parts: Vec<&'a str>,
    see_also: Vec<Ref<'a>>,
    gist: &'a str,
    definition_markdown: &'a str,
    mentioned_in: Vec<Count<'a>>,
    cooccurs: Vec<Cooccurs<'a>>,
}

/// A term named in the same paragraphs as another, and in how many.
#[derive(Serialize)]
struct Cooccurs<'a> {
    term: &'a str,
    paragraphs: usize,
}

#[derive(Serialize)]
struct Count<'a> {
    article: &'a str,
    count: usize,
}

/// A page of the dossier: an article, a term, or the introduction.
#[derive(Serialize, Clone, Copy)]
struct Ref<'a> {
    kind: &'static str,
    slug: Option<&'a str>,
}

#[derive(Serialize)]
struct CrossRef<'a> {
    from: Ref<'a>,
    to: Ref<'a>,
    how: &'static str,
}

#[derive(Serialize)]
struct EventData<'a> {
    date: DateData,
    article: &'a str,
    text_markdown: &'a str,
}

/// The export of the whole dossier; its articles are made as it is serialised.
pub fn export<'c, 'a>(ctx: &'c PageCtx<'a>) -> Export<'a, Articles<'c, 'a>> {
    let articles: Box<dyn Iterator<Item = ArticleData<'a>> + 'c> =
        Box::new(ctx.articles().map(move |id| article(ctx, id)));
    export_with(ctx, Lazy(std::cell::RefCell::new(Some(articles))))
}

/// Article `id` as it stands in the export's list, serialised (kept between rebuilds
/// by the render cache, so that an edit re-serialises one article, not all).
pub fn article_json(ctx: &PageCtx, id: ArticleId) -> Box<serde_json::value::RawValue> {
    let text = serde_json::to_string(&article(ctx, id)).unwrap_or_else(|_| "null".into());
    serde_json::value::RawValue::from_string(text)
        .unwrap_or_else(|_| serde_json::value::RawValue::NULL.to_owned())
}

/// The export with the list of articles `articles`: everything but the articles is
/// read here.
pub fn export_with<'a, A: Serialize>(ctx: &PageCtx<'a>, articles: A) -> Export<'a, A> {
    let c = ctx.config();
    let terms: Vec<TermData<'a>> = ctx.terms().map(|id| term(ctx, id)).collect();
    Export {
        format: "dossier-export",
        format_version: FORMAT_VERSION,
        dossier: DossierMeta {
            title: &c.title,
            description: &c.description,
            author: &c.author,
            language: &c.language,
            base_url: &c.base_url,
        },
        cross_references: cross_references(ctx),
        events: events(ctx),
        articles,
        terms,
    }
}

fn page_ref<'a>(ctx: &PageCtx<'a>, p: PageRef) -> Ref<'a> {
    match p {
        PageRef::Index => Ref {
            kind: "index",
            slug: None,
        },
        PageRef::Article(a) => Ref {
            kind: "article",
            slug: Some(ctx.article_card(a).slug),
        },
        PageRef::Term(t) => Ref {
            kind: "term",
            slug: Some(ctx.term_card(t).slug),
        },
    }
}

fn article<'a>(ctx: &PageCtx<'a>, id: ArticleId) -> ArticleData<'a> {
    let a = ctx.article(id);
    let ann = &*a.ann;
    let seed = ctx.seed(id);
    let (fixes, notes, mentions) = marks(ctx, id);
    ArticleData {
        slug: &ann.slug,
        page: encode_path(&article_path(&ann.slug)),
        title: &ann.title,
        date: ann.date.map(DateData::from),
        publication: ann.publication.as_deref(),
        byline: ann.byline.as_deref(),
        url: ann.url.as_deref(),
        retrieved: ann.retrieved.map(DateData::from),
        summary: ann.summary.as_deref(),
        tags: &ann.tags,
        seed: SeedData {
            file: &seed.name,
            bytes: seed.raw.len(),
            sha256: seed.sha256_hex(),
            page: seed_view_href(ann),
            raw: encode_path(&seed_raw_path(&seed.name)),
        },
        paragraphs: a
            .marks
            .paragraphs
            .iter()
            .map(|p| ParagraphData {
                seed_line: p.seed_line,
                text: &p.text,
            })
            .collect(),
        cuts: a
            .removed()
            .iter()
            .map(|r| CutData {
                seed_line: r.line,
                text: &r.text,
                rule: &r.rule,
                reason: r.reason.as_deref(),
                global: r.global,
            })
            .collect(),
        fixes,
        notes,
        mentions,
        shared: shared(ctx, id),
        commentary_markdown: &ann.commentary.text,
        see_also: a
            .see_also
            .iter()
            .map(|&s| ctx.article_card(s).slug)
            .collect(),
    }
}

type Marks<'a> = (Vec<FixData<'a>>, Vec<NoteData<'a>>, Vec<MentionData<'a>>);

/// The fixes, notes and mentions of article `id`, with their spans.
fn marks<'a>(ctx: &PageCtx<'a>, id: ArticleId) -> Marks<'a> {
    let a = ctx.article(id);
    let ann = &*a.ann;
    let mut fixes = Vec::new();
    let mut mentions = Vec::new();
    for (pi, p) in a.marks.paragraphs.iter().enumerate() {
        let bounds = p.marks.iter().flat_map(|m| [m.range.start, m.range.end]);
        let offsets = CharOffsets::new(&p.text, bounds);
        for m in &p.marks {
            let at = span_in(&offsets, pi, &m.range);
            let text = &p.text[m.range.clone()];
            match &m.kind {
                MarkKind::Fix { original, note } => fixes.push(FixData {
                    at,
                    original,
                    text,
                    note: note.as_deref(),
                }),
                MarkKind::Term { term, .. } => mentions.push(MentionData {
                    term: ctx.term_card(*term).slug,
                    at,
                    text,
                }),
                MarkKind::Note(_) | MarkKind::Shared { .. } => {}
            }
        }
    }
    let notes = a
        .marks
        .notes
        .iter()
        .map(|n| {
            let note = &ann.notes[n.note];
            let at = n
                .passage
                .as_ref()
                .map(|p| passage_span(&a.marks.paragraphs, p));
            let c = &note.context;
            NoteData {
                number: n.number,
                quote: &note.quote.value,
                prefix: c.prefix.as_ref().map(|p| p.value.as_str()),
                suffix: c.suffix.as_ref().map(|p| p.value.as_str()),
                occurrence: c.occurrence.as_ref().map(|p| p.value),
                body_markdown: &note.body.value,
                at,
                edits: n.edits,
            }
        })
        .collect();
    (fixes, notes, mentions)
}

/// Where `range` (bytes) of paragraph `paragraph`'s `text` is, in code points.
fn span(text: &str, paragraph: usize, range: &std::ops::Range<usize>) -> Span {
    let chars = |end: usize| text.get(..end).map_or(0, |s| s.chars().count());
    Span {
        paragraph,
        start: chars(range.start),
        end: chars(range.end),
    }
}

/// Where passage `p` of `paragraphs` is, in code points.
fn passage_span(paragraphs: &[crate::site::LinkedParagraph], p: &crate::site::Passage) -> Span {
    let text = paragraphs.get(p.paragraph).map_or("", |t| &t.text);
    span(text, p.paragraph, &p.range)
}

/// The passages article `id` shares with others, with where each other copy is.
fn shared<'a>(ctx: &PageCtx<'a>, id: ArticleId) -> Vec<SharedData<'a>> {
    let at = |article: ArticleId, p: &crate::site::Passage| passage_span(ctx.text(article), p);
    ctx.shared(id)
        .iter()
        .map(|s| SharedData {
            spans: s.pieces.iter().map(|p| at(id, p)).collect(),
            words: s.words,
            copies: s
                .copies
                .iter()
                .map(|c| CopyData {
                    article: ctx.article_card(c.article).slug,
                    at: at(c.article, &c.passage),
                })
                .collect(),
        })
        .collect()
}

fn term<'a>(ctx: &PageCtx<'a>, id: TermId) -> TermData<'a> {
    let t = ctx.term(id);
    let ann = &*t.ann;
    let slug_of = |t: TermId| ctx.term_card(t).slug;
    TermData {
        slug: &ann.slug,
        page: encode_path(&term_path(&ann.slug)),
        name: &ann.term.value,
        aliases: ann.aliases.iter().map(|a| a.value.as_str()).collect(),
        weak_aliases: &ann.weak_aliases,
        kind: ann.kind.as_str(),
        part_of: t.part_of.map(slug_of),
        parts: t.parts.iter().map(|&p| slug_of(p)).collect(),
        see_also: t.see_also.iter().map(|&p| page_ref(ctx, p)).collect(),
        gist: &t.gist,
        definition_markdown: &ann.definition.text,
        mentioned_in: t
            .mentioned_in
            .iter()
            .map(|&(a, count)| Count {
                article: ctx.article_card(a).slug,
                count,
            })
            .collect(),
        cooccurs: ctx
            .cooccurring(id, usize::MAX)
            .into_iter()
            .map(|(t, paragraphs)| Cooccurs {
                term: slug_of(t),
                paragraphs,
            })
            .collect(),
    }
}

/// Every link between pages an editor made: `see_also` and `[[…]]` links.
fn cross_references<'a>(ctx: &PageCtx<'a>) -> Vec<CrossRef<'a>> {
    let mut out = Vec::new();
    let mut add = |from: PageRef, to: PageRef, how| {
        out.push(CrossRef {
            from: page_ref(ctx, from),
            to: page_ref(ctx, to),
            how,
        })
    };
    for id in ctx.articles() {
        let a = ctx.article(id);
        let from = PageRef::Article(id);
        for &s in &a.see_also {
            add(from, PageRef::Article(s), "see_also");
        }
        for &l in &a.links_to {
            add(from, l, "link");
        }
    }
    for id in ctx.terms() {
        let t = ctx.term(id);
        let from = PageRef::Term(id);
        for &s in &t.see_also {
            add(from, s, "see_also");
        }
        for &l in &t.links_to {
            add(from, l, "link");
        }
    }
    let (_, intro_links) = ctx.intro();
    for &l in intro_links {
        add(PageRef::Index, l, "link");
    }
    out
}

/// The dated events, in date order.
fn events<'a>(ctx: &PageCtx<'a>) -> Vec<EventData<'a>> {
    ctx.timeline()
        .iter()
        .map(|e| {
            let (events, _) = ctx.events(e.article);
            EventData {
                date: e.date.into(),
                article: ctx.article_card(e.article).slug,
                text_markdown: &events[e.event].text.value,
            }
        })
        .collect()
}

/// Where `range` (bytes, given to [`CharOffsets::new`]) is, in code points.
fn span_in(offsets: &CharOffsets, paragraph: usize, range: &std::ops::Range<usize>) -> Span {
    Span {
        paragraph,
        start: offsets.chars(range.start),
        end: offsets.chars(range.end),
    }
}
