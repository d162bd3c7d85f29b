//! Mentions in context (keyword in context) on a term page: every mention of the
//! term in the articles the page lists, grouped by article in published (date)
//! order, with about ten words either side, the spelling the article used, and a
//! link to the paragraph's stable anchor that scrolls to the mention itself.

use serde::Serialize;

use super::common::{link_view, LinkView};
use crate::render::paths::{href, text_fragment};
use crate::site::{ArticleId, MarkKind, PageCtx, PageRef, TermId};

/// Words shown on either side of a mention.
pub const WORDS: usize = 10;
/// Mentions shown per article; the rest are counted (the article has them all).
pub const PER_ARTICLE: usize = 25;
/// Words of context the link's text fragment carries on either side.
const FRAGMENT_WORDS: usize = 3;

/// One article's mentions of the term.
#[derive(Serialize)]
pub struct MentionGroup {
    article: LinkView,
    /// How many times the article mentions the term.
    count: usize,
    /// The mentions shown, as list items (written here rather than in the template:
    /// a term page may hold thousands).
    html: String,
    /// Mentions not shown.
    more: usize,
}

/// One mention, in context.
struct Kwic {
    /// The words before it (an ellipsis first when cut).
    before: String,
    /// The spelling the article used.
    spelling: String,
    /// The words after it (an ellipsis last when cut).
    after: String,
    /// Its paragraph on the article page, scrolled to the mention.
    href: String,
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
            let mut mentions = Vec::new();
            for p in ctx.text(a) {
                for m in &p.marks {
                    let MarkKind::Term { term: t, .. } = m.kind else {
                        continue;
                    };
                    if t == term && mentions.len() < PER_ARTICLE {
                        mentions.push(kwic(&p.text, m.range.clone(), &page, p.seed_line));
                    }
                }
            }
            let mut article = link_view(ctx, root, PageRef::Article(a));
            article.meta = format!(
                "{} · {}",
                article.meta,
                crate::diagnostic::counted(count, "mention")
            );
            let mut html = String::new();
            for k in &mentions {
                k.write(&mut html);
            }
            MentionGroup {
                article,
                count,
                more: count.saturating_sub(mentions.len()),
                html,
            }
        })
        .collect()
}

impl Kwic {
    /// The mention as a list item: one link to its paragraph, the spelling marked.
    fn write(&self, out: &mut String) {
        use crate::render::escape;
        out.push_str("<li><a href=\"");
        out.push_str(&escape(&self.href));
        out.push_str("\">");
        out.push_str(&escape(&self.before));
        out.push_str("<mark>");
        out.push_str(&escape(&self.spelling));
        out.push_str("</mark>");
        out.push_str(&escape(&self.after));
        out.push_str("</a></li>");
    }
}

/// The mention at `range` of `text`, whose paragraph is `p<line>` on `page`.
fn kwic(text: &str, range: std::ops::Range<usize>, page: &str, line: usize) -> Kwic {
    let spelling = &text[range.clone()];
    // Only the words needed, read outwards from the mention (paragraphs can be long).
    let mut before: Vec<&str> = text[..range.start]
        .split_whitespace()
        .rev()
        .take(WORDS + 1)
        .collect();
    before.reverse();
    let after: Vec<&str> = text[range.end..]
        .split_whitespace()
        .take(WORDS + 1)
        .collect();
    let last = |w: &[&'_ str], n: usize| w[w.len().saturating_sub(n)..].join(" ");
    let first = |w: &[&'_ str], n: usize| w[..w.len().min(n)].join(" ");
    // Words cut at the mention's edge ("Pakistan’s") stay whole in the context.
    let glued_before = !text[..range.start].ends_with(char::is_whitespace);
    let glued_after = !text[range.end..].starts_with(char::is_whitespace);
    let space = |glued: bool| if glued { "" } else { " " };
    let mut b = last(&before, WORDS);
    if before.len() > WORDS {
        b = format!("…{b}");
    }
    let mut a = first(&after, WORDS);
    if after.len() > WORDS {
        a.push('…');
    }
    let fragment = text_fragment(
        &last(&before, FRAGMENT_WORDS),
        spelling,
        &first(&after, FRAGMENT_WORDS),
    );
    Kwic {
        before: if b.is_empty() {
            b
        } else {
            format!("{b}{}", space(glued_before))
        },
        spelling: spelling.to_string(),
        after: if a.is_empty() {
            a
        } else {
            format!("{}{a}", space(glued_after))
        },
        href: format!("{page}#p{line}{fragment}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_words_either_side_and_a_fragment() {
        let text = "one two three four five six seven eight nine ten eleven Pakistan’s envoy a b c d e f g h i j k";
        let at = text.find("Pakistan").unwrap();
        let k = kwic(text, at..at + "Pakistan".len(), "../articles/x.html", 7);
        assert_eq!(
            k.before,
            "…two three four five six seven eight nine ten eleven "
        );
        assert_eq!(k.spelling, "Pakistan");
        assert_eq!(k.after, "’s envoy a b c d e f g h…");
        assert_eq!(
            k.href,
            "../articles/x.html#p7:~:text=nine%20ten%20eleven-,Pakistan,-%E2%80%99s%20envoy%20a"
        );
        let k = kwic("the IS said", 4..6, "p.html", 1);
        assert_eq!((k.before.as_str(), k.after.as_str()), ("the ", " said"));
        assert_eq!(k.href, "p.html#p1:~:text=the-,IS,-said");
    }
}
