//! Where each page lives in the site and how pages link each other: relative URLs
//! (`../` per level, so the site works under any sub-path and from `file://`),
//! percent-encoded paths, HTML escaping.

use crate::site::{PageCtx, PageRef, Site};

pub use crate::load::seed::{seed_raw_path, SEED_VIEW_PATH};
pub use crate::markdown::escape;

/// Site path of the data export: `dossier.json`, gzip-compressed (a fifth of the
/// bytes; every tool that reads JSON reads it after `gunzip`).
pub const DATA_EXPORT_PATH: &str = "dossier.json.gz";

/// Site path of a page links can lead to.
pub fn link_path(site: &Site, page: PageRef) -> String {
    match page {
        PageRef::Index => "index.html".to_string(),
        PageRef::Article(a) => article_path(&site.article(a).ann.slug),
        PageRef::Term(t) => term_path(&site.term(t).ann.slug),
    }
}

/// Site path of the page of the article with this slug.
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}.html")
}

/// Site path of an article's citation file (`bib` or `json`), beside its page.
pub fn cite_path(slug: &str, ext: &str) -> String {
    format!("articles/{slug}.{ext}")
}

/// Site path of the page of the tag with this slug.
pub fn tag_path(slug: &str) -> String {
    format!("tags/{slug}.html")
}

/// Site path of the page of the publication with this slug.
pub fn publication_path(slug: &str) -> String {
    format!("publications/{slug}.html")
}

/// Site path of the page of the term with this slug.
pub fn term_path(slug: &str) -> String {
    format!("glossary/{slug}.html")
}

/// The relative href from a page at `root` to `page` (reading its card).
pub fn href(ctx: &PageCtx, root: &str, page: PageRef) -> String {
    let path = match page {
        PageRef::Index => "index.html".to_string(),
        PageRef::Article(a) => article_path(ctx.article_card(a).slug),
        PageRef::Term(t) => term_path(ctx.term_card(t).slug),
    };
    format!("{root}{}", encode_path(&path))
}

/// `../` repeated once per directory level of `path`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// What a path may keep as it is in an href: letters, digits, `-_.~` and `/`.
const PATH_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// The seed page showing the seed of the article annotated by `ann`:
/// `seeds/index.html?s=<its plain-text file, within seeds/>&a=<slug>[&e=<encoding>]`,
/// each value percent-encoded (`&`, `=` and `#` among what is encoded).
pub fn seed_view_href(ann: &crate::load::ArticleAnnotation) -> String {
    let raw = seed_raw_path(&ann.seed.value);
    let file = raw.strip_prefix("seeds/").unwrap_or(&raw);
    let mut href = format!(
        "{SEED_VIEW_PATH}?s={}&a={}",
        encode_path(file),
        encode_path(&ann.slug)
    );
    if let Some(e) = &ann.encoding {
        href.push_str("&e=");
        href.push_str(&encode_path(&e.value));
    }
    href
}

/// Percent-encodes a path for use in an href (keeps `/` and unreserved characters).
pub fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_KEEPS).to_string()
}

/// What a text fragment directive (`#:~:text=`) may hold unencoded: letters and
/// digits only (`-`, `,` and `&` have meanings there).
const FRAGMENT_KEEPS: &percent_encoding::AsciiSet = percent_encoding::NON_ALPHANUMERIC;

/// A text fragment directive that browsers scroll to and highlight: `text`, with the
/// words just before and after it (when not empty) to tell it from other occurrences.
pub fn text_fragment(prefix: &str, text: &str, suffix: &str) -> String {
    let enc = |s: &str| percent_encoding::utf8_percent_encode(s, FRAGMENT_KEEPS).to_string();
    let mut out = String::from(":~:text=");
    if !prefix.is_empty() {
        out.push_str(&enc(prefix));
        out.push_str("-,");
    }
    out.push_str(&enc(text));
    if !suffix.is_empty() {
        out.push_str(",-");
        out.push_str(&enc(suffix));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_encoding() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("glossary/people/x.html"), "../../");
        assert_eq!(
            encode_path("glossary/ça va.html"),
            "glossary/%C3%A7a%20va.html"
        );
        assert_eq!(escape("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
        assert_eq!(encode_path("a%b~c/d-e_f.g"), "a%25b~c/d-e_f.g");
    }
}
