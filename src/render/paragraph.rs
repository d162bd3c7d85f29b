//! An article paragraph as HTML: its text escaped (seeds are untrusted), its marks
//! (note anchors, fixes, term mentions) as properly nested elements around it.

use super::paths::{escape, href};
use crate::site::{LinkedParagraph, MarkKind, PageCtx, PageRef};

/// Renders a paragraph's text with its marks as HTML. Term links read the term's card.
pub fn paragraph_html(ctx: &PageCtx, root: &str, p: &LinkedParagraph) -> String {
    let mut out = String::with_capacity(p.text.len() * 2);
    let mut stack: Vec<(usize, String)> = Vec::new(); // (end, closing HTML)
    let mut pos = 0;
    // Closes every open mark that ends at or before `at`, writing the text up to it.
    let close_until =
        |out: &mut String, stack: &mut Vec<(usize, String)>, at: usize, pos: &mut usize| {
            while let Some(&(end, _)) = stack.last() {
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
        let (open, close) = mark_tags(ctx, root, &m.kind);
        out.push_str(&open);
        stack.push((m.range.end, close));
    }
    close_until(&mut out, &mut stack, usize::MAX, &mut pos);
    out.push_str(&escape(&p.text[pos..]));
    out
}

/// The opening and closing HTML of one mark.
fn mark_tags(ctx: &PageCtx, root: &str, kind: &MarkKind) -> (String, String) {
    match kind {
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
            let card = ctx.term_card(*term);
            let href = href(ctx, root, PageRef::Term(*term));
            (
                format!(
                    "<a class=\"term\" href=\"{}\" title=\"{} ({})\">",
                    escape(&href),
                    escape(card.name),
                    escape(card.kind.as_str())
                ),
                "</a>".to_string(),
            )
        }
        MarkKind::Term { linked: false, .. } => {
            ("<span class=\"mention\">".to_string(), "</span>".to_string())
        }
    }
}
