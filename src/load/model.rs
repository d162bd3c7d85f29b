//! What the load stage produces: the values read from a dossier's files, each
//! keeping the byte span of what a later stage may point at.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::config::Config;
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;

/// A file's display path and normalised text, shared by every value taken from it.
#[derive(Debug, Default)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
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
    /// The normalised text when it differs from `raw` (a byte-order mark, CR line
    /// ends, control characters left out, another encoding, a problem); `None` when
    /// the text is `raw` itself, so that most seeds are not held twice. Read it with
    /// [`Seed::text`].
    pub own_text: Option<String>,
    /// The file's bytes as on disk (published verbatim).
    pub raw: Arc<Vec<u8>>,
    /// Changes whenever the file is re-read.
    pub version: u64,
    /// Why the text could not be had (already reported, or reported once the
    /// annotations are read); the text is then empty.
    pub problem: Option<SeedProblem>,
    /// Its SHA-256, once asked for ([`Seed::sha256_hex`]).
    sha256: std::sync::OnceLock<String>,
}

impl Seed {
    /// A seed whose normalised text is `text`.
    pub fn new(
        name: String,
        text: String,
        raw: Arc<Vec<u8>>,
        version: u64,
        problem: Option<SeedProblem>,
    ) -> Seed {
        let own_text = (text.as_bytes() != raw.as_slice()).then_some(text);
        Seed {
            name,
            own_text,
            raw,
            version,
            problem,
            sha256: std::sync::OnceLock::new(),
        }
    }

    /// The SHA-256 of its bytes as scraped, in lower-case hex (what `sha256sum` prints);
    /// computed once per version of the file.
    pub fn sha256_hex(&self) -> String {
        self.sha256
            .get_or_init(|| {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(self.raw.as_slice());
                digest.iter().map(|b| format!("{b:02x}")).collect()
            })
            .clone()
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        match &self.own_text {
            Some(t) => t,
            // `Seed::new` keeps no copy only when the bytes are that very text.
            None => std::str::from_utf8(&self.raw).unwrap_or_default(),
        }
    }
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

/// A note anchored to a quote of the article text.
#[derive(Debug, Clone)]
pub struct Note {
    /// The quote, as it appears in the cleaned text.
    pub quote: Located<String>,
    /// What tells the quote apart when it occurs more than once.
    pub context: NoteContext,
    /// The note itself (Markdown) and its byte offset in the file.
    pub body: Located<String>,
}

/// The `prefix = "…"`, `suffix = "…"` and `occurrence = N` lines under a note's
/// quote: which of several occurrences it means.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NoteContext {
    /// The words just before the quote.
    pub prefix: Option<Located<String>>,
    /// The words just after it.
    pub suffix: Option<Located<String>>,
    /// Which occurrence, counting from 1 in reading order.
    pub occurrence: Option<Located<usize>>,
}

/// Markdown with the byte offset where it starts in its file.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    /// The Markdown text.
    pub text: String,
    /// Byte offset of `text` in the source file.
    pub offset: usize,
}

/// `annotations/articles/<slug>.md`. The default (no seed, no title, nothing) is a
/// base for annotations built in code, as tests and fuzz targets build them.
#[derive(Debug, Default)]
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
    /// When the seed was collected from the web, where known.
    pub retrieved: Option<PartialDate>,
    /// Short plain-text summary for lists.
    pub summary: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Related articles (slugs).
    pub see_also: Vec<Located<String>>,
    /// Spellings that, in this article, do not mention a glossary term (an "IS" that
    /// is a verb in a headline): not linked, not counted.
    pub no_link: Vec<Located<String>>,
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
    /// What it is about.
    pub kind: TermKind,
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

/// What a glossary entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// A government body, an agency, a company, an alliance.
    Organization,
    /// An armed or political group.
    Group,
    /// A person.
    Person,
    /// A country, a city, a region.
    Place,
    /// Something that happened.
    Event,
    /// A treaty, a report, a resolution, a statement.
    Document,
    /// An idea, a policy, a term of art.
    Concept,
}

impl TermKind {
    /// Every kind, in the order they are listed.
    pub const ALL: [TermKind; 7] = [
        TermKind::Organization,
        TermKind::Group,
        TermKind::Person,
        TermKind::Place,
        TermKind::Event,
        TermKind::Document,
        TermKind::Concept,
    ];

    /// The name written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            TermKind::Organization => "organization",
            TermKind::Group => "group",
            TermKind::Person => "person",
            TermKind::Place => "place",
            TermKind::Event => "event",
            TermKind::Document => "document",
            TermKind::Concept => "concept",
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<TermKind> {
        TermKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for TermKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
