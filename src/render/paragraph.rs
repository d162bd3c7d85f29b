//! An article paragraph as HTML: its text escaped (seeds are untrusted), its marks
//! (note anchors, fixes, term mentions, shared passages) as properly nested elements around it, and
//! what explains them placed right after them in reading order: each note after its
//! quote, each correction's reason after the correction. A term's preview is not
//! repeated at each mention: every mention of a term points (`aria-describedby`) to
//! the one preview of it in the page's list of names, which the stylesheet shows
//! beside whichever mention is hovered or focused.
//!
//! A note or a reason is a toggle (a checkbox and its label, the note's number) and
//! the note itself; the stylesheet floats it into the margin on wide screens and
//! shows it in place, when its number is tapped, on narrow ones. Both are block
//! content, so they wait until every mark around their anchor has closed.

use std::fmt::Write;

use super::paths::{escape, href};
use crate::site::{LinkedParagraph, Mark, MarkKind, PageCtx, PageRef, TermId};

/// What goes into a paragraph beside its text: the HTML of the page's notes, by number.
pub struct Asides<'a> {
    /// The paragraph's index on the page (makes element ids unique).
    pub index: usize,
    /// The HTML of note `n` (numbers start at 1).
    pub note_html: &'a dyn Fn(usize) -> Option<String>,
    /// The element id of a term's preview on the page, when it has one.
    pub tip_id: &'a dyn Fn(TermId) -> Option<String>,
}

/// What explains a mark, written after it: a note, or a correction's reason.
enum Later {
    Note(usize),
    Reason(String),
}

fn explained_by(kind: &MarkKind) -> Option<Later> {
    match kind {
        MarkKind::Note(n) => Some(Later::Note(*n)),
        MarkKind::Fix { note: Some(t), .. } => Some(Later::Reason(t.clone())),
        _ => None,
    }
}

/// Something explained after its mark, once no mark is open.
enum Pending {
    Note(usize),
    Reason { id: String, text: String },
}

/// How one kind of page writes the marks of a paragraph (the article page, the print
/// edition); [`nest`] walks the marks and escapes the text between them.
pub trait MarkWriter {
    /// The opening and closing HTML of a mark.
    fn tags(&mut self, kind: &MarkKind) -> (String, String);
    /// Called as each mark closes, after its closing HTML; `outermost` once no mark
    /// is open any more.
    fn closed(&mut self, _kind: &MarkKind, _outermost: bool, _out: &mut String) {}
}

/// `text` escaped (seeds are untrusted), with its properly nested `marks` (sorted by
/// start, outer before inner) written around it by `w`.
pub fn nest(text: &str, marks: &[Mark], w: &mut impl MarkWriter) -> String {
    let mut walk = Walk {
        text,
        out: String::with_capacity(text.len() * 2),
        open: Vec::new(),
        pos: 0,
    };
    for m in marks {
        walk.close_until(m.range.start, w);
        walk.text_to(m.range.start);
        let (start, end) = w.tags(&m.kind);
        walk.out.push_str(&start);
        walk.open.push((m.range.end, end, &m.kind));
    }
    walk.close_until(usize::MAX, w);
    walk.text_to(text.len());
    walk.out
}

/// A paragraph being written by [`nest`].
struct Walk<'t> {
    text: &'t str,
    out: String,
    /// Open marks: where each ends, its closing HTML, what it is.
    open: Vec<(usize, String, &'t MarkKind)>,
    /// How much of the text is written.
    pos: usize,
}

impl Walk<'_> {
    /// Writes the escaped text up to `at`.
    fn text_to(&mut self, at: usize) {
        self.out.push_str(&escape(&self.text[self.pos..at]));
        self.pos = at;
    }

    /// Closes every open mark that ends at or before `at`, innermost first.
    fn close_until(&mut self, at: usize, w: &mut impl MarkWriter) {
        while let Some((end, close, kind)) = self.open.pop_if(|m| m.0 <= at) {
            self.text_to(end);
            self.out.push_str(&close);
            w.closed(kind, self.open.is_empty(), &mut self.out);
        }
    }
}

/// Renders a paragraph's text with its marks as HTML. Term links read the term's
/// card and gist.
pub fn paragraph_html(ctx: &PageCtx, root: &str, p: &LinkedParagraph, asides: &Asides) -> String {
    let mut r = Renderer {
        ctx,
        root,
        asides,
        pending: Vec::new(),
        count: 0,
    };
    let mut out = nest(&p.text, &p.marks, &mut r);
    r.flush(&mut out);
    out
}

struct Renderer<'a> {
    ctx: &'a PageCtx<'a>,
    root: &'a str,
    asides: &'a Asides<'a>,
    pending: Vec<Pending>,
    /// Marks with an element id so far in this paragraph.
    count: usize,
}

impl MarkWriter for Renderer<'_> {
    fn tags(&mut self, kind: &MarkKind) -> (String, String) {
        self.mark_tags(kind)
    }

    /// What explains a mark waits until no mark is open: notes and reasons are
    /// block content.
    fn closed(&mut self, kind: &MarkKind, outermost: bool, out: &mut String) {
        self.explain_later(explained_by(kind));
        if outermost {
            self.flush(out);
        }
    }
}

impl Renderer<'_> {
    fn explain_later(&mut self, later: Option<Later>) {
        match later {
            Some(Later::Note(n)) => self.pending.push(Pending::Note(n)),
            Some(Later::Reason(text)) => {
                let id = format!("fx-{}-{}", self.asides.index, self.next_id());
                self.pending.push(Pending::Reason { id, text });
            }
            None => {}
        }
    }

    fn next_id(&mut self) -> usize {
        self.count += 1;
        self.count
    }

    /// Writes each waiting note and reason: a toggle and the aside it shows.
    fn flush(&mut self, out: &mut String) {
        for p in std::mem::take(&mut self.pending) {
            match p {
                Pending::Note(n) => {
                    let html = (self.asides.note_html)(n).unwrap_or_default();
                    // The number opens the note's first paragraph, on its first line.
                    let number =
                        format!("<span class=\"note-number\" aria-hidden=\"true\">{n}</span>");
                    let html = match html.strip_prefix("<p>") {
                        Some(rest) => format!("<p>{number}{rest}"),
                        None => format!("{number}{html}"),
                    };
                    let _ = write!(
                        out,
                        "<input type=\"checkbox\" class=\"note-toggle\" id=\"nt-{n}\">\
                         <label class=\"note-ref\" for=\"nt-{n}\"><span class=\"vh\">Note </span>{n}</label>\
                         <div class=\"sidenote\" id=\"note-{n}\" role=\"note\" aria-label=\"Note {n}\">{html}</div>"
                    );
                }
                Pending::Reason { id, text } => {
                    let _ = write!(
                        out,
                        "<input type=\"checkbox\" class=\"note-toggle\" id=\"{id}\">\
                         <label class=\"note-ref fix-ref\" for=\"{id}\"><span class=\"vh\">Why this was corrected</span><span aria-hidden=\"true\">✎</span></label>\
                         <div class=\"sidenote fix-note\" role=\"note\"><strong>Correction.</strong> {}</div>",
                        escape(&text)
                    );
                }
            }
        }
    }

    /// The opening and closing HTML of one mark.
    fn mark_tags(&mut self, kind: &MarkKind) -> (String, String) {
        match kind {
            MarkKind::Note(n) => (
                format!("<mark class=\"note-anchor\" id=\"q{n}\">"),
                "</mark>".to_string(),
            ),
            MarkKind::Fix { original, .. } => (
                format!("<span class=\"fix\"><del>{}</del> <ins>", escape(original)),
                "</ins></span>".to_string(),
            ),
            MarkKind::Term { term, linked: true } => {
                let href = href(self.ctx, self.root, PageRef::Term(*term));
                let described = match (self.asides.tip_id)(*term) {
                    Some(id) => format!(" aria-describedby=\"{id}\""),
                    None => String::new(),
                };
                (
                    format!("<a class=\"term\" href=\"{}\"{described}>", escape(&href)),
                    "</a>".to_string(),
                )
            }
            MarkKind::Term { linked: false, .. } => (
                "<span class=\"mention\">".to_string(),
                "</span>".to_string(),
            ),
            MarkKind::Shared { number, last } => (
                "<span class=\"shared\">".to_string(),
                if *last {
                    format!(
                        "</span><a class=\"shared-ref\" href=\"#shared-{number}\"><span class=\"vh\">Shared passage {number}, also printed in other articles</span><span aria-hidden=\"true\">⇄{number}</span></a>"
                    )
                } else {
                    "</span>".to_string()
                },
            ),
        }
    }
}
