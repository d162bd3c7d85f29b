//! The passages an article shares with other articles (wire copy, a statement
//! quoted alike): highlighted in its text, each followed by a reference to its entry
//! in a list that links every other copy, scrolled to the passage there.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use super::common::{link_view, LinkView};
use crate::render::paths::{href, text_fragment};
use crate::site::{ArticleId, PageCtx, PageRef, Passage};

/// Words of a passage the list quotes.
const EXCERPT_WORDS: usize = 40;
/// Words of another copy a link's text fragment names.
const FRAGMENT_WORDS: usize = 8;

/// One shared passage, as the article page lists it.
#[derive(Serialize)]
pub struct SharedView {
    number: usize,
    /// Its words (cut to the first forty, with an ellipsis).
    excerpt: String,
    words: usize,
    /// Every other article that prints it, linked to the passage there.
    copies: Vec<LinkView>,
}

/// Where each paragraph's shared pieces go: (passage number, range, last piece?).
pub type Pieces = BTreeMap<usize, Vec<(usize, Range<usize>, bool)>>;

/// The shared passages of `id`, and their pieces by paragraph.
pub fn shared_views(ctx: &PageCtx, root: &str, id: ArticleId) -> (Vec<SharedView>, Pieces) {
    let text = ctx.text(id);
    let mut pieces = Pieces::new();
    let mut views = Vec::new();
    for (i, s) in ctx.shared(id).iter().enumerate() {
        let number = i + 1;
        for (k, p) in s.pieces.iter().enumerate() {
            let last = k + 1 == s.pieces.len();
            pieces
                .entry(p.paragraph)
                .or_default()
                .push((number, p.range.clone(), last));
        }
        let words: Vec<&str> = s
            .pieces
            .iter()
            .filter_map(|p| text.get(p.paragraph)?.text.get(p.range.clone()))
            .flat_map(str::split_whitespace)
            .collect();
        let mut excerpt = words[..words.len().min(EXCERPT_WORDS)].join(" ");
        if words.len() > EXCERPT_WORDS {
            excerpt.push('…');
        }
        let copies = s
            .copies
            .iter()
            .map(|c| copy_link(ctx, root, c.article, &c.passage))
            .collect();
        views.push(SharedView {
            number,
            excerpt,
            words: s.words,
            copies,
        });
    }
    (views, pieces)
}

/// A link to the passage `at` of article `id`: its paragraph, scrolled to its words.
fn copy_link(ctx: &PageCtx, root: &str, id: ArticleId, at: &Passage) -> LinkView {
    let mut link = link_view(ctx, root, PageRef::Article(id));
    let text = ctx.text(id);
    if let Some(p) = text.get(at.paragraph) {
        let words: Vec<&str> = p
            .text
            .get(at.range.clone())
            .unwrap_or("")
            .split_whitespace()
            .take(FRAGMENT_WORDS)
            .collect();
        let fragment = text_fragment("", &words.join(" "), "");
        link.href = format!(
            "{}#p{}{fragment}",
            href(ctx, root, PageRef::Article(id)),
            p.seed_line
        );
    }
    link
}
