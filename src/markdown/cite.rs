//! Citations in annotation Markdown: `[@id]`, several as `[@a; @b]`, each with an
//! optional locator after a comma (`[@state-2019, p. 4]`), in the manner of Pandoc.
//! Found in text only (never in code), rendered as numbered links to the page's
//! Sources list; the number is the source's place in its file's `[[source]]` list.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, TagEnd};

use crate::load::Source;

/// One cited source inside a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The source id, without `@`.
    pub id: String,
    /// Page or section, when given.
    pub locator: Option<String>,
    /// Byte range of `@id` in the text searched.
    pub span: Range<usize>,
}

/// A bracketed citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// What it cites, in order.
    pub items: Vec<Item>,
    /// Byte range of the whole `[…]`.
    pub span: Range<usize>,
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

/// One `@id[, locator]` item; `at` is its offset in the text.
fn item(raw: &str, at: usize) -> Option<Item> {
    let lead = raw.len() - raw.trim_start().len();
    let rest = raw.trim_start().strip_prefix('@')?;
    let end = rest.find(|c: char| !id_char(c)).unwrap_or(rest.len());
    let id = rest[..end].trim_end_matches(['.', ':']);
    if id.is_empty() || !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let after = rest[id.len()..].trim();
    let locator = match after {
        "" => None,
        _ => Some(after.strip_prefix(',')?.trim().to_string()).filter(|l| !l.is_empty()),
    };
    let start = at + lead + 1;
    Some(Item {
        id: id.to_string(),
        locator,
        span: start - 1..start + id.len(),
    })
}

/// Every citation in plain `text`, with spans relative to it.
pub fn parse(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("[@").map(|i| from + i) {
        let Some(close) = text[i..].find(']').map(|j| i + j) else {
            break;
        };
        let inner = &text[i + 1..close];
        let mut at = i + 1;
        let mut items = Vec::new();
        for part in inner.split(';') {
            items.push(item(part, at));
            at += part.len() + 1;
        }
        match items.into_iter().collect::<Option<Vec<Item>>>() {
            Some(items) if !inner.contains('[') => {
                out.push(Citation {
                    items,
                    span: i..close + 1,
                });
                from = close + 1;
            }
            _ => from = i + 2,
        }
    }
    out
}

/// Every citation in Markdown `md`, with spans in `md` (text only: not in code). A
/// citation may wrap onto the next line, inside a quote or a list item too.
pub fn in_markdown(md: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    // The current run of text: its pieces, each with its offset in the run and in `md`.
    let mut text = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut flush = |text: &mut String, pieces: &mut Vec<(usize, usize)>| {
        let to_md = |i: usize| {
            let &(t, m) = pieces
                .iter()
                .rev()
                .find(|(t, _)| *t <= i)
                .unwrap_or(&(0, 0));
            m + (i - t)
        };
        for mut c in parse(text) {
            c.span = to_md(c.span.start)..to_md(c.span.end - 1) + 1;
            for it in &mut c.items {
                it.span = to_md(it.span.start)..to_md(it.span.end - 1) + 1;
            }
            out.push(c);
        }
        text.clear();
        pieces.clear();
    };
    for (ev, range) in Parser::new_ext(md, super::options()).into_offset_iter() {
        match ev {
            Event::Text(t) => {
                pieces.push((text.len(), range.start));
                text.push_str(&t);
            }
            Event::SoftBreak if !text.is_empty() => {
                pieces.push((text.len(), range.start));
                text.push('\n');
            }
            _ => flush(&mut text, &mut pieces),
        }
    }
    flush(&mut text, &mut pieces);
    out
}

/// The HTML of one citation: `[1]`, `[1, p. 4; 3]`, numbers linking to the Sources
/// list. `None` when it names a source the page does not have (reported by `link`).
fn html(c: &Citation, sources: &[Source], page: &str) -> Option<String> {
    let mut numbered = Vec::new();
    for it in &c.items {
        numbered.push((sources.iter().position(|s| s.id.value == it.id)?, it));
    }
    // In one marker, sources in the order of their numbers: [1; 3], not [3; 1].
    numbered.sort_by_key(|(n, _)| *n);
    let mut parts = Vec::new();
    for (n, it) in numbered {
        let s = &sources[n];
        let mut part = format!(
            "<a href=\"{}#source-{}\" title=\"{}\">{}</a>",
            super::escape(page),
            super::escape(&it.id),
            super::escape(&s.title.value),
            n + 1
        );
        if let Some(l) = &it.locator {
            part.push_str(", ");
            part.push_str(&super::escape(l));
        }
        parts.push(part);
    }
    Some(format!("<sup class=\"cite\">[{}]</sup>", parts.join("; ")))
}

/// Replaces the citations in the text of `events` (outside links) with their HTML;
/// `page` is the href of the page holding the Sources list (empty: this page).
pub fn render<'a>(events: Vec<Event<'a>>, sources: &[Source], page: &str) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut text = String::new();
    let mut link_depth = 0usize;
    let flush = |text: &mut String, out: &mut Vec<Event<'a>>| {
        if text.is_empty() {
            return;
        }
        let t = std::mem::take(text);
        let mut last = 0;
        for c in parse(&t) {
            let Some(h) = html(&c, sources, page) else {
                continue;
            };
            // No space before the marker, so that a line never starts with it.
            let before = t[last..c.span.start].trim_end_matches([' ', '\n']);
            if !before.is_empty() {
                out.push(Event::Text(CowStr::from(before.to_string())));
            }
            out.push(Event::InlineHtml(CowStr::from(h)));
            last = c.span.end;
        }
        if last < t.len() {
            out.push(Event::Text(CowStr::from(t[last..].to_string())));
        }
    };
    for ev in events {
        match ev {
            Event::Text(t) if link_depth == 0 => text.push_str(&t),
            // Rendered as a newline either way; kept in the text so that a citation
            // wrapped onto the next line is still one citation.
            Event::SoftBreak if link_depth == 0 && !text.is_empty() => text.push('\n'),
            other => {
                flush(&mut text, &mut out);
                match &other {
                    Event::Start(pulldown_cmark::Tag::Link { .. }) => link_depth += 1,
                    Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
                    _ => {}
                }
                out.push(other);
            }
        }
    }
    flush(&mut text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pandoc_style_citations() {
        let t =
            "A claim [@state-2019]. Two [@a; @b, p. 4]. Not [@] or [@ x] or [see @a] or email@x.";
        let found = parse(t);
        assert_eq!(found.len(), 2);
        assert_eq!(&t[found[0].span.clone()], "[@state-2019]");
        assert_eq!(&t[found[0].items[0].span.clone()], "@state-2019");
        let ids: Vec<(&str, Option<&str>)> = found[1]
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.locator.as_deref()))
            .collect();
        assert_eq!(ids, [("a", None), ("b", Some("p. 4"))]);
        assert_eq!(&t[found[1].items[1].span.clone()], "@b");
    }

    #[test]
    fn finds_citations_in_markdown_text_only() {
        let md = "Text *em* [@a] and `[@code]`\n\n> quoted [@b;\n> @c]\n";
        let found = in_markdown(md);
        let spans: Vec<&str> = found.iter().map(|c| &md[c.span.clone()]).collect();
        assert_eq!(spans, ["[@a]", "[@b;\n> @c]"]);
        assert_eq!(found[1].items[1].id, "c");
        assert_eq!(&md[found[1].items[1].span.clone()], "@c");
    }
}
