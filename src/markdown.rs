//! Markdown of annotations: finding `[[target]]` / `[[target|text]]` wiki-links and
//! plain link URLs (for the link stage to check) and rendering to HTML with wiki-links
//! turned into relative URLs (for the render stage). Both use pulldown-cmark with its
//! wiki-link extension, so a link inside a code span is never a link.
//!
//! Annotations are written by hand but may carry pasted markup. pulldown-cmark escapes
//! text; raw HTML (`<script>`, `<img onerror=…>`, `<iframe>`) passes through it, so a
//! fragment holding any is cleaned by ammonia (an allow-list of tags and attributes,
//! URLs limited to http, https, mailto and relative), unless the dossier sets
//! `allow_raw_html = true`. A link or image whose URL has another scheme is rendered
//! as its text alone (the link stage reports it as an error first).

use std::ops::Range;
use std::sync::OnceLock;

mod cite;
pub use cite::{Citation, Item as CiteItem};

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag};

/// Escapes text for HTML element content and attribute values (`& < > " '`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Every citation (`[@id]`, `[@a; @b, p. 4]`) in the text of `md`, with spans in `md`.
pub fn citations(md: &str) -> Vec<Citation> {
    cite::in_markdown(md)
}

fn options() -> Options {
    Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Where each top-level block of `md` (a paragraph, heading, list, quote, table…)
/// starts, in order: byte offsets into `md`.
pub fn block_starts(md: &str) -> Vec<usize> {
    use pulldown_cmark::Event;
    let mut depth = 0usize;
    let mut starts = Vec::new();
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match ev {
            Event::Start(_) => {
                if depth == 0 {
                    starts.push(range.start);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule | Event::Html(_) if depth == 0 => starts.push(range.start),
            _ => {}
        }
    }
    starts
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

/// A plain (non-wiki) link or image URL found in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRef {
    /// The destination as written.
    pub url: String,
    /// Byte range of the whole link or image in the Markdown text.
    pub span: Range<usize>,
}

/// Every link and image destination of `md` that is not a wiki-link, in order
/// (inline, reference-style and autolinks alike).
pub fn urls(md: &str) -> Vec<UrlRef> {
    Parser::new_ext(md, options())
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, LinkType::WikiLink { .. }) => Some((dest_url, range)),
            Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url, range)),
            _ => None,
        })
        .map(|(url, span)| UrlRef {
            url: url.to_string(),
            span,
        })
        .collect()
}

/// Where a wiki-link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Relative href of the target page.
    pub href: String,
    /// The target page's title (shown on hover, and as the text of `[[slug]]`).
    pub title: String,
    /// The target was typed as a slug, an identifier: `[[slug]]` shows the title. A
    /// name or alias is prose: `[[ISIL]]` shows "ISIL".
    pub by_slug: bool,
}

/// Maps a wiki-link target to where it leads; `None` for an unknown target.
pub type Resolve<'a> = Box<dyn Fn(&str) -> Option<Resolved> + 'a>;

/// How annotation Markdown becomes HTML on one page.
pub struct Links<'a> {
    /// Where each wiki-link leads.
    pub resolve: Resolve<'a>,
    /// Keep raw HTML as written (`allow_raw_html` in dossier.toml) instead of cleaning it.
    pub allow_raw_html: bool,
    /// The sources `[@id]` citations on this page refer to, numbered in this order.
    pub sources: &'a [crate::load::Source],
    /// The href of the page whose Sources list they are on (empty: this page).
    pub sources_page: String,
}

/// The HTML cleaner for fragments with raw HTML: ammonia's allow-list, URLs limited to
/// [`crate::url::ALLOWED_SCHEMES`], footnote ids and table alignment kept.
fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(crate::url::ALLOWED_SCHEMES.iter().copied().collect())
            .link_rel(None)
            .add_tag_attributes("sup", ["class", "id"])
            .add_tag_attributes("div", ["class", "id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("a", ["id"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .attribute_filter(|_, attr, value| {
                let keep = attr != "style"
                    || matches!(
                        value,
                        "text-align: left" | "text-align: center" | "text-align: right"
                    );
                keep.then_some(value.into())
            });
        b
    })
}

/// Cleans an HTML fragment with the allow-list used for annotations.
pub fn sanitise(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// Renders Markdown to HTML. An unresolved wiki-link is rendered as plain text (the
/// link stage has already reported it), and so is a link or image with a refused URL.
pub fn to_html(md: &str, links: &Links) -> String {
    let resolve = &links.resolve;
    let mut out = String::with_capacity(md.len() * 3 / 2);
    let mut dropped_depth = 0usize;
    let mut raw_html = false;
    // Inside an unpiped wiki-link: its text is replaced by the target's title.
    let mut title_for_text: Option<Option<String>> = None;
    // Open images with a refused URL: their alt text is kept as plain text.
    let mut dropped_image = 0usize;
    let events = Parser::new_ext(md, options()).flat_map(|ev| {
        let mut emit: Vec<Event> = Vec::with_capacity(2);
        match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => match resolve(dest_url.trim()) {
                Some(r) => {
                    // `[[slug]]` shows the page's title; `[[Name]]` and `[[x|label]]`
                    // show what was written, with the page's title on hover.
                    let shown_as_typed = has_pothole || !r.by_slug;
                    if !shown_as_typed {
                        title_for_text = Some(Some(r.title.clone()));
                    }
                    let typed = dest_url.trim();
                    let hover = if shown_as_typed && (has_pothole || typed != r.title) {
                        CowStr::from(r.title)
                    } else {
                        title
                    };
                    emit.push(Event::Start(Tag::Link {
                        link_type: LinkType::WikiLink { has_pothole },
                        dest_url: CowStr::from(r.href),
                        title: hover,
                        id,
                    }));
                }
                None => dropped_depth += 1,
            },
            Event::Start(Tag::Link { ref dest_url, .. }) if !crate::url::is_allowed(dest_url) => {
                dropped_depth += 1
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if !crate::url::is_allowed(dest_url) => {
                dropped_image += 1
            }
            Event::End(pulldown_cmark::TagEnd::Image) if dropped_image > 0 => dropped_image -= 1,
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                emit.push(ev);
            }
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
    let events = cite::render(events.collect(), links.sources, &links.sources_page);
    html::push_html(&mut out, events.into_iter());
    if raw_html && !links.allow_raw_html {
        sanitise(&out)
    } else {
        out
    }
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

/// The longest a [`gist`] gets, in characters, before it is cut at a word.
pub const GIST_MAX: usize = 220;

/// A definition's gist, as a preview shows it: the first sentence of its first
/// paragraph as plain text, without citations (`[@id]`), cut at a word with `…`
/// when longer than [`GIST_MAX`] characters.
///
/// An unpiped `[[slug]]` reads as `title_of(slug)`, the title of the page it names,
/// as it does when rendered.
pub fn gist(md: &str, title_of: &dyn Fn(&str) -> Option<String>) -> String {
    let text = without_citations(&first_paragraph_plain(md, title_of));
    let sentence = first_sentence(&text);
    if sentence.chars().count() <= GIST_MAX {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(GIST_MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The first paragraph as plain text, unpiped `[[slug]]` links read as `title_of(slug)`.
fn first_paragraph_plain(md: &str, title_of: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut in_para = false;
    let mut replaced = false;
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(pulldown_cmark::TagEnd::Paragraph) if in_para => break,
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                dest_url,
                ..
            }) if in_para => {
                if let Some(title) = title_of(dest_url.trim()) {
                    out.push_str(&title);
                    replaced = true;
                }
            }
            Event::End(pulldown_cmark::TagEnd::Link) => replaced = false,
            Event::Text(t) | Event::Code(t) if in_para && !replaced => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_para => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// `text` without `[@id]` / `[@a; @b]` citations and the space before them.
fn without_citations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[@") {
        out.push_str(rest[..i].trim_end());
        match rest[i..].find(']') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Up to and including the first full stop, question or exclamation mark that ends
/// a sentence (followed by a space and a capital letter, or by the end), not one of
/// an initial or a common abbreviation ("Gen.", "U.S.", "D.").
fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let after = &text[i + 1..];
        let ends = after.is_empty()
            || (after.starts_with(' ')
                && after[1..].chars().next().is_some_and(char::is_uppercase));
        let word = text[..i].rsplit(' ').next().unwrap_or("");
        let abbreviation = c == '.'
            && (word.chars().count() <= 1
                || word.contains('.')
                || [
                    "Gen", "Lt", "Col", "Maj", "Mr", "Mrs", "Ms", "Dr", "St", "No", "Jr",
                ]
                .contains(&word));
        if ends && !abbreviation {
            return &text[..i + 1];
        }
    }
    text
}

/// Markdown rendered as inline HTML (one paragraph's wrapper removed), for short fields.
pub fn to_inline_html(md: &str, links: &Links) -> String {
    let html = to_html(md, links);
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

    fn links(allow_raw_html: bool) -> Links<'static> {
        Links {
            resolve: Box::new(|t| {
                let known = [("x", true), ("Alias X", false)];
                known
                    .iter()
                    .find(|k| k.0 == t)
                    .map(|&(_, by_slug)| Resolved {
                        href: "../x.html".to_string(),
                        title: "Title X".to_string(),
                        by_slug,
                    })
            }),
            allow_raw_html,
            sources: &[],
            sources_page: String::new(),
        }
    }

    #[test]
    fn renders_resolved_links_and_drops_unknown() {
        let md = "[[x|X text]] and [[nope]] and [[x]].";
        let html = to_html(md, &links(false));
        assert!(
            html.contains("<a href=\"../x.html\" title=\"Title X\">X text</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"../x.html\">Title X</a>"), "{html}");
        // A name or alias shows what was typed, the canonical name on hover.
        let alias = to_html("Designated ([[Alias X]]).", &links(false));
        assert_eq!(
            alias,
            "<p>Designated (<a href=\"../x.html\" title=\"Title X\">Alias X</a>).</p>\n"
        );
        assert!(html.contains("nope"));
        assert!(!html.contains("href=\"nope\""));
    }

    #[test]
    fn gists_are_the_first_sentence_without_citations() {
        let none = |_: &str| None;
        assert_eq!(
            gist(
                "The army's media wing [@ispr]. It speaks for the army.\n\nMore.",
                &none
            ),
            "The army’s media wing."
        );
        assert_eq!(
            gist("Gen. Raheel Sharif led the U.S. talks. Then left.", &none),
            "Gen. Raheel Sharif led the U.S. talks."
        );
        assert_eq!(gist("No full stop [@a; @b]", &none), "No full stop");
        let long = "word ".repeat(100);
        let g = gist(&long, &none);
        assert!(g.ends_with('…') && g.chars().count() <= GIST_MAX + 1, "{g}");
        assert_eq!(gist("", &none), "");
        let title = |s: &str| (s == "ct-2024").then(|| "The 2024 dialogue".to_string());
        assert_eq!(
            gist(
                "Capital ([[ct-2024]], [[Pakistan]], [[ct-2024|there]]).",
                &title
            ),
            "Capital (The 2024 dialogue, Pakistan, there)."
        );
    }

    #[test]
    fn first_paragraph() {
        assert_eq!(
            first_paragraph_text("# H\n\nOne *two*\nthree.\n\nNext."),
            "One two three."
        );
    }

    #[test]
    fn raw_html_is_cleaned_unless_allowed() {
        let md = "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> \
                  <iframe src=\"https://e.org\"></iframe> <b>bold</b> <a href=\"javascript:x()\">j</a>\n\n\
                  <div onclick=\"y()\">block</div>";
        let clean = to_html(md, &links(false));
        for bad in ["<script", "onerror", "<iframe", "onclick", "javascript:"] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
        assert!(
            clean.contains("<b>bold</b>") && clean.contains("block"),
            "{clean}"
        );
        let raw = to_html(md, &links(true));
        assert!(raw.contains("<script>alert(1)</script>"), "{raw}");
    }

    #[test]
    fn refused_urls_render_as_text_and_are_found() {
        let md = "[a](javascript:alert(1)) ![pic](data:image/png;base64,AA) \
                  [ok](https://e.org) <javascript:alert(2)> [r][ref] [[x]]\n\n[ref]: vbscript:z\n";
        let html = to_html(md, &links(false));
        assert_eq!(
            html,
            "<p>a pic <a href=\"https://e.org\">ok</a> javascript:alert(2) r <a href=\"../x.html\">Title X</a></p>\n"
        );
        let found: Vec<String> = urls(md).into_iter().map(|u| u.url).collect();
        assert_eq!(
            found,
            [
                "javascript:alert(1)",
                "data:image/png;base64,AA",
                "https://e.org",
                "javascript:alert(2)",
                "vbscript:z"
            ]
        );
        // Tables and footnotes survive cleaning.
        let md = "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\nNote[^n] <b>x</b>\n\n[^n]: The note.\n";
        let html = to_html(md, &links(false));
        assert!(
            html.contains("text-align: center") && html.contains("footnote-definition"),
            "{html}"
        );
    }
}
