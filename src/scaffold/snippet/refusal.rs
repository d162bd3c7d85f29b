//! Why select-to-annotate makes no snippet, or cannot add one to its file: what
//! `serve` answers the page with.

use std::path::PathBuf;

/// Why a selection makes no snippet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The page's article is not in the last build.
    #[error("no article `{0}` in the last build")]
    NoArticle(String),
    /// The selection's end is before its start.
    #[error("the selection ends before it starts")]
    Backwards,
    /// A note, fix or term needs words of one paragraph.
    #[error("select words within one paragraph")]
    TwoParagraphs,
    /// Only white space is selected.
    #[error("select some words")]
    NoWords,
    /// The selected words are not the built text's.
    #[error("the page is older than the last build: reload it")]
    Stale,
    /// No paragraph starts on the seed line the page gave.
    #[error("no paragraph on seed line {0}: reload the page")]
    NoParagraph(usize),
    /// The selection's offset is past its paragraph's end.
    #[error("the selection reaches past its paragraph: reload the page")]
    PastParagraph,
}

/// Why a snippet could not be added to its file.
#[derive(Debug, thiserror::Error)]
pub enum WriteRefusal {
    /// The file could not be created, read or written.
    #[error("cannot {what} {}: {err}", path.display())]
    Io {
        /// What could not be done: `create`, `read`, `write`.
        what: &'static str,
        /// The file, relative to the dossier.
        path: PathBuf,
        /// Why.
        #[source]
        err: std::io::Error,
    },
    /// The file is not what the page was built from.
    #[error("{} changed since the page was built: reload the page, then select again", .0.display())]
    Changed(PathBuf),
    /// The file has no front matter to add a key to.
    #[error("{} has no front matter to add to", .0.display())]
    NoFrontMatter(PathBuf),
}
