//! Markdown of annotations: finding `[[target]]` / `[[target|text]]` wiki-links
//! (for the link stage to check) and rendering to HTML with those links turned
//! into relative URLs (for the render stage). Both use pulldown-cmark with its
//! wiki-link extension, so a link inside a code span is never a link.

use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag};

fn options() -> Options {
    Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A wiki-link found in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiLink {
    /// The target as written (before `|`).
    pub target: String,
    /// Byte range of the whole `[[…]]` in the Markdown text.
    pub span: Range<usize>,
}

/// Every wiki-link in `md`, in order.
pub fn wiki_links(md: &str) -> Vec<WikiLink> {
    Parser::new_ext(md, options())
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => Some(WikiLink {
                target: dest_url.trim().to_string(),
                span: range,
            }),
            _ => None,
        })
        .collect()
}

/// Renders Markdown to HTML. `resolve` maps a wiki-link target to its relative href and
/// the target page's title (the text of an unpiped `[[target]]`); an unresolved link is
/// rendered as plain text (the link stage has already reported it).
pub fn to_html(md: &str, resolve: &dyn Fn(&str) -> Option<(String, String)>) -> String {
    let mut out = String::with_capacity(md.len() * 3 / 2);
    let mut dropped_depth = 0usize;
    // Inside an unpiped wiki-link: its text is replaced by the target's title.
    let mut title_for_text: Option<Option<String>> = None;
    let events = Parser::new_ext(md, options()).flat_map(|ev| {
        let mut emit: Vec<Event> = Vec::with_capacity(2);
        match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => match resolve(dest_url.trim()) {
                Some((href, page_title)) => {
                    if !has_pothole {
                        title_for_text = Some(Some(page_title));
                    }
                    emit.push(Event::Start(Tag::Link {
                        link_type: LinkType::WikiLink { has_pothole },
                        dest_url: CowStr::from(href),
                        title,
                        id,
                    }));
                }
                None => dropped_depth += 1,
            },
            Event::End(pulldown_cmark::TagEnd::Link) if dropped_depth > 0 => dropped_depth -= 1,
            Event::End(pulldown_cmark::TagEnd::Link) if title_for_text.is_some() => {
                if let Some(Some(t)) = title_for_text.take() {
                    emit.push(Event::Text(CowStr::from(t)));
                }
                emit.push(Event::End(pulldown_cmark::TagEnd::Link));
            }
            Event::Text(_) if title_for_text.is_some() => {}
            other => emit.push(other),
        }
        emit
    });
    html::push_html(&mut out, events);
    out
}

/// The first paragraph of `md` as plain text (for summaries and meta descriptions).
pub fn first_paragraph_text(md: &str) -> String {
    let mut out = String::new();
    let mut in_para = false;
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(pulldown_cmark::TagEnd::Paragraph) if in_para => break,
            Event::Text(t) | Event::Code(t) if in_para => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_para => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Markdown rendered as inline HTML (one paragraph's wrapper removed), for short fields.
pub fn to_inline_html(md: &str, resolve: &dyn Fn(&str) -> Option<(String, String)>) -> String {
    let html = to_html(md, resolve);
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_wiki_links_with_spans() {
        let md = "See [[a-b]] and [[ISIS-K|the branch]], not `[[code]]`.";
        let links = wiki_links(md);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "a-b");
        assert_eq!(&md[links[0].span.clone()], "[[a-b]]");
        assert_eq!(links[1].target, "ISIS-K");
    }

    #[test]
    fn renders_resolved_links_and_drops_unknown() {
        let md = "[[x|X text]] and [[nope]] and [[x]].";
        let html = to_html(md, &|t| {
            (t == "x").then(|| ("../x.html".to_string(), "Title X".to_string()))
        });
        assert!(html.contains("<a href=\"../x.html\">X text</a>"), "{html}");
        assert!(html.contains("<a href=\"../x.html\">Title X</a>"), "{html}");
        assert!(html.contains("nope"));
        assert!(!html.contains("href=\"nope\""));
    }

    #[test]
    fn first_paragraph() {
        assert_eq!(
            first_paragraph_text("# H\n\nOne *two*\nthree.\n\nNext."),
            "One two three."
        );
    }
}
