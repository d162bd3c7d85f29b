//! What the clean stage produces: paragraphs of corrected text, the spans cut with
//! the rule that cut them, and the cleaned dossier.

use std::ops::Range;

use super::*;

/// A correction inside a paragraph: `range` (in the corrected text) replaced `original`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixMark {
    /// Byte range of the replacement in [`Paragraph::text`].
    pub range: Range<usize>,
    /// What the source said.
    pub original: String,
    /// Editor's explanation.
    pub note: Option<String>,
}

/// One paragraph of cleaned, corrected text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Plain text (not escaped), with fixes applied; shared with the linked
    /// paragraph made from it.
    pub text: std::sync::Arc<str>,
    /// Corrections, in order, non-overlapping.
    pub fixes: Vec<FixMark>,
    /// 1-based line in the seed where the paragraph starts.
    pub seed_line: usize,
}

/// A span of the seed that a cut removed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// 1-based line in the seed.
    pub line: usize,
    /// The removed text.
    pub text: String,
    /// `file:line` of the rule that removed it.
    pub rule: String,
    /// The rule's stated reason.
    pub reason: Option<String>,
    /// True for a global boilerplate rule.
    pub global: bool,
}

/// An article after cleaning.
#[derive(Debug, Clone)]
pub struct CleanArticle {
    /// Changes whenever the article is cleaned again.
    pub version: u64,
    /// The cleaned paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// Everything cut, in seed order.
    pub removed: Vec<Removed>,
}

/// A cleaned article and the annotation it belongs to.
#[derive(Debug, Clone)]
pub struct CleanEntry {
    /// Index into [`Loaded::articles`].
    pub index: usize,
    /// The cleaned text (shared with the cache).
    pub article: Arc<CleanArticle>,
}

/// Output of the clean stage: the loaded dossier plus each article's cleaned text.
#[derive(Debug)]
pub struct Cleaned {
    /// What was loaded (moved in, unchanged).
    pub loaded: Loaded,
    /// One entry per annotated article whose seed exists, in `loaded.articles` order.
    pub articles: Vec<CleanEntry>,
}
