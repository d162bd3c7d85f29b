//! An article's text as the link stage marks it: paragraphs with properly nested
//! spans (note ⊇ fix ⊇ term mention), the notes anchored in them, and the terms the
//! text mentions.

use std::collections::BTreeMap;
use std::ops::Range;

use super::TermId;

/// What a span of article text is marked as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// A note's anchor quote; the number is the note's 1-based number on the page.
    Note(usize),
    /// An editorial correction.
    Fix {
        /// What the source said.
        original: String,
        /// Why.
        note: Option<String>,
    },
    /// A mention of a glossary term; `linked` when it is rendered as a link.
    Term {
        /// The term.
        term: TermId,
        /// Rendered as a link (first mention of that spelling, or every mention).
        linked: bool,
    },
}

/// A marked span of a paragraph. Marks of one paragraph nest properly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: MarkKind,
}

/// A paragraph ready to render.
#[derive(Debug, Clone)]
pub struct LinkedParagraph {
    /// Plain text (shared with the cleaned paragraph).
    pub text: std::sync::Arc<str>,
    /// Marks sorted by start, outer before inner.
    pub marks: Vec<Mark>,
    /// Line in the seed.
    pub seed_line: usize,
}

/// A passage of an article's text: a paragraph and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Passage {
    /// The paragraph's index.
    pub paragraph: usize,
    /// The byte range in its text.
    pub range: Range<usize>,
}

/// A note anchored in the text.
#[derive(Debug, Clone)]
pub struct AnchoredNote {
    /// 1-based number on the page.
    pub number: usize,
    /// Index into the annotation's notes.
    pub note: usize,
    /// The passage it is anchored to, when found.
    pub passage: Option<Passage>,
    /// How many edits its quote needed to match (0: as written).
    pub edits: usize,
}

impl AnchoredNote {
    /// The paragraph that holds the quote, when found.
    pub fn paragraph(&self) -> Option<usize> {
        self.passage.as_ref().map(|p| p.paragraph)
    }

    /// The article text the note is anchored to (a close match may differ from the
    /// quote as written), when found.
    pub fn quoted<'a>(&self, paragraphs: &'a [LinkedParagraph]) -> Option<&'a str> {
        let at = self.passage.as_ref()?;
        paragraphs.get(at.paragraph)?.text.get(at.range.clone())
    }
}

/// The per-article results of linking that are worth caching: the marked text,
/// anchored notes, term mentions and the `[[…]]` targets of its annotation.
#[derive(Debug, Clone)]
pub struct ArticleMarks {
    /// Changes whenever the article is linked again.
    pub version: u64,
    /// Paragraphs with marks.
    pub paragraphs: Vec<LinkedParagraph>,
    /// Notes, anchored or not.
    pub notes: Vec<AnchoredNote>,
    /// Terms mentioned in the text, with counts.
    pub mentions: BTreeMap<TermId, usize>,
    /// Targets of the `[[…]]` links in commentary, notes and events that resolved.
    pub wiki_targets: Vec<String>,
}

impl ArticleMarks {
    /// For each pair of terms (lower id first), in how many paragraphs of the
    /// article both are mentioned.
    pub fn term_pairs(&self) -> BTreeMap<(TermId, TermId), usize> {
        let mut pairs = BTreeMap::new();
        let mut named: Vec<TermId> = Vec::new();
        for p in &self.paragraphs {
            named.clear();
            named.extend(p.marks.iter().filter_map(|m| match m.kind {
                MarkKind::Term { term, .. } => Some(term),
                _ => None,
            }));
            named.sort_unstable();
            named.dedup();
            for (i, &a) in named.iter().enumerate() {
                for &b in &named[i + 1..] {
                    *pairs.entry((a, b)).or_insert(0) += 1;
                }
            }
        }
        pairs
    }
}

/// How a dossier's notes anchored: as written, by a close match, or not at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoteTally {
    /// Anchored to their quote as written.
    pub exact: usize,
    /// Anchored to a close match of their quote.
    pub close: usize,
    /// Not anchored (their quote was not found, or not told apart).
    pub orphans: usize,
}

impl NoteTally {
    /// Counts the notes of `articles`.
    pub fn of<'a>(articles: impl IntoIterator<Item = &'a ArticleMarks>) -> NoteTally {
        let mut t = NoteTally::default();
        for n in articles.into_iter().flat_map(|m| &m.notes) {
            match (&n.passage, n.edits) {
                (None, _) => t.orphans += 1,
                (Some(_), 0) => t.exact += 1,
                (Some(_), _) => t.close += 1,
            }
        }
        t
    }
}

impl std::fmt::Display for NoteTally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} anchored as written, {} by a close match, {} not anchored",
            crate::diagnostic::counted(self.exact, "note"),
            self.close,
            self.orphans
        )
    }
}
