//! Mentions in context (keyword in context) on a term page: every mention of the
//! term in the articles the page lists, grouped by article in published (date)
//! order, with about ten words either side, the spelling the article used, and a
//! link to the paragraph's stable anchor that scrolls to the mention itself.

use serde::Serialize;

use super::common::{link_view, LinkView};
use std::fmt::Write;

use crate::render::escape;
use crate::render::paths::{href, text_fragment};
use crate::site::{ArticleId, PageCtx, PageRef, TermId};

/// Words shown on either side of a mention.
pub const WORDS: usize = 10;
/// Mentions shown per article; the rest are counted (the article has them all).
pub const PER_ARTICLE: usize = 25;
/// Articles whose mentions a term's first page shows in context; the others, and
/// every article on the pages after it, are listed by title. A term's pages then
/// grow by one line per article that names it, not by every mention's context.
pub const IN_CONTEXT: usize = 20;
/// Words of context the link's text fragment carries on either side.
const FRAGMENT_WORDS: usize = 3;

/// One article's mentions of the term.
#[derive(Serialize)]
pub struct MentionGroup {
    /// The article (its meta ends with the number of mentions).
    pub article: LinkView,
    /// How many times the article mentions the term.
    count: usize,
    /// The mentions shown, as list items (written here rather than in the template:
    /// a term page may hold thousands).
    html: String,
    /// Mentions not shown.
    more: usize,
}

/// The mentions of `term` in each of `articles` (id and mention count).
pub fn mention_groups(
    ctx: &PageCtx,
    root: &str,
    term: TermId,
    articles: &[(ArticleId, usize)],
) -> Vec<MentionGroup> {
    articles
        .iter()
        .map(|&(a, count)| {
            let page = href(ctx, root, PageRef::Article(a));
            let page = escape(&page);
            let mut html = String::new();
            let mut shown = 0;
            for (p, m) in ctx.mentions_of(a, term).take(PER_ARTICLE) {
                write_kwic(&mut html, &p.text, m.range.clone(), &page, p.seed_line);
                shown += 1;
            }
            MentionGroup {
                article: counted_link(ctx, root, a, count),
                count,
                more: count.saturating_sub(shown),
                html,
            }
        })
        .collect()
}

/// A link to article `a`, its meta ending with how often it names the term.
pub fn counted_link(ctx: &PageCtx, root: &str, a: ArticleId, count: usize) -> LinkView {
    let mut article = link_view(ctx, root, PageRef::Article(a));
    article.meta = format!(
        "{} · {}",
        article.meta,
        crate::diagnostic::counted(count, "mention")
    );
    article
}

/// Where the `n` words before byte `end` of `text` start, and whether more precede.
fn words_before(text: &str, end: usize, n: usize) -> (usize, bool) {
    let base = text.as_ptr() as usize;
    let mut words = text[..end].split_whitespace().rev();
    let mut start = end;
    for _ in 0..n {
        match words.next() {
            Some(w) => start = w.as_ptr() as usize - base,
            None => return (start, false),
        }
    }
    (start, words.next().is_some())
}

/// Where the `n` words after byte `from` of `text` end, and whether more follow.
fn words_after(text: &str, from: usize, n: usize) -> (usize, bool) {
    let base = text.as_ptr() as usize;
    let mut words = text[from..].split_whitespace();
    let mut end = from;
    for _ in 0..n {
        match words.next() {
            Some(w) => end = w.as_ptr() as usize - base + w.len(),
            None => return (end, false),
        }
    }
    (end, words.next().is_some())
}

/// Words separated by single spaces.
fn spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The mention at `range` of `text`, whose paragraph is `p<line>` on the page at
/// `page` (escaped), as a list item: one link to the paragraph, scrolled to the
/// mention by a text fragment, around the words either side and the spelling marked.
fn write_kwic(
    out: &mut String,
    text: &str,
    range: std::ops::Range<usize>,
    page: &str,
    line: usize,
) {
    let (start, more_before) = words_before(text, range.start, WORDS);
    let (end, more_after) = words_after(text, range.end, WORDS);
    let (f_start, _) = words_before(text, range.start, FRAGMENT_WORDS);
    let (f_end, _) = words_after(text, range.end, FRAGMENT_WORDS);
    let fragment = text_fragment(
        &spaced(&text[f_start..range.start]),
        &text[range.clone()],
        &spaced(&text[range.end..f_end]),
    );
    // Writing into a String cannot fail.
    let esc = |out: &mut String, s: &str| {
        let _ = pulldown_cmark_escape::escape_html(out, s);
    };
    let _ = write!(out, "<li><a href=\"{page}#p{line}{fragment}\">");
    if more_before {
        out.push('…');
    }
    esc(out, &text[start..range.start]);
    out.push_str("<mark>");
    esc(out, &text[range.clone()]);
    out.push_str("</mark>");
    esc(out, &text[range.end..end]);
    if more_after {
        out.push('…');
    }
    out.push_str("</a></li>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_words_either_side_and_a_fragment() {
        let text = "one two three four five six seven eight nine ten eleven Pakistan’s envoy a b c d e f g h i j k";
        let at = text.find("Pakistan").unwrap();
        let mut out = String::new();
        write_kwic(
            &mut out,
            text,
            at..at + "Pakistan".len(),
            "../articles/x.html",
            7,
        );
        assert_eq!(
            out,
            "<li><a href=\"../articles/x.html#p7:~:text=nine%20ten%20eleven-,Pakistan,-%E2%80%99s%20envoy%20a\">\
             …two three four five six seven eight nine ten eleven <mark>Pakistan</mark>’s envoy a b c d e f g h…</a></li>"
        );
        let mut out = String::new();
        write_kwic(&mut out, "the IS <said>", 4..6, "p.html", 1);
        assert_eq!(
            out,
            "<li><a href=\"p.html#p1:~:text=the-,IS,-%3Csaid%3E\">the <mark>IS</mark> &lt;said&gt;</a></li>"
        );
    }
}
