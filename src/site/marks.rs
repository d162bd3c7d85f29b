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

/// A note anchored in the text.
#[derive(Debug, Clone)]
pub struct AnchoredNote {
    /// 1-based number on the page.
    pub number: usize,
    /// Index into the annotation's notes.
    pub note: usize,
    /// Paragraph that holds the quote, when found.
    pub paragraph: Option<usize>,
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
