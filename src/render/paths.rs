//! Where each page lives in the site and how pages link each other: relative URLs
//! (`../` per level, so the site works under any sub-path and from `file://`),
//! percent-encoded paths, HTML escaping.

use super::pager;
use crate::site::{PageCtx, PageRef, Site};

pub use crate::load::seed::{seed_raw_path, seed_view_path};
pub use crate::markdown::escape;

/// A page of the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `index.html`, then `index.page-<n>.html`: page `n` of the articles.
    Index(usize),
    /// An article page.
    Article(crate::site::ArticleId),
    /// A glossary term page, then page `n` of the articles that name it.
    Term(crate::site::TermId, usize),
    /// `glossary/index.html`.
    Glossary,
    /// `timeline.html`, then `timeline.page-<n>.html`: page `n` of the events.
    Timeline(usize),
    /// `404.html`.
    NotFound,
    /// `seeds/<name>.html`: an article's seed, lines numbered.
    Seed(crate::site::ArticleId),
    /// `tags/index.html`: every tag.
    Tags,
    /// `search.html`: full-text search.
    Search,
    /// `search-titles.js`: the titles and names the search page answers from on disk.
    SearchTitles,
    /// `atom.xml`: the newest articles (only with an absolute base URL).
    Feed,
    /// `dossier.json`: the whole dossier as data.
    Data,
    /// `timeline.json`: the events for TimelineJS.
    TimelineJson,
    /// `print.html`: the whole dossier on one page, for print (up to
    /// [`PRINT_MAX`](super::views::print::PRINT_MAX) articles).
    Print,
    /// `graph.html`: which articles name which terms, drawn.
    Graph,
    /// `articles/<slug>.bib`: how to cite an article, as BibTeX.
    Bib(crate::site::ArticleId),
    /// `articles/<slug>.json`: how to cite an article, as CSL-JSON.
    Csl(crate::site::ArticleId),
    /// `tags/<slug>.html` (the tag at this index of `Site::tags`), then page `n` of
    /// its articles.
    Tag(usize, usize),
}

/// Every page of the site, in a fixed order; the feed when `feed` (it needs an
/// absolute base URL).
pub fn all_pages(site: &Site, feed: bool) -> Vec<Page> {
    let mut pages: Vec<Page> = (1..=pager::count(site.articles.len()))
        .map(Page::Index)
        .collect();
    pages.push(Page::Glossary);
    pages.extend((1..=pager::count(site.timeline.len())).map(Page::Timeline));
    pages.push(Page::NotFound);
    pages.push(Page::Data);
    pages.push(Page::TimelineJson);
    pages.push(Page::Graph);
    if site.articles.len() <= super::views::print::PRINT_MAX {
        pages.push(Page::Print);
    }
    pages.extend(site.article_ids().map(Page::Article));
    pages.extend(
        site.article_ids()
            .flat_map(|a| [Page::Bib(a), Page::Csl(a)]),
    );
    for t in site.term_ids() {
        let n = pager::count(site.term(t).mentioned_in.len());
        pages.extend((1..=n).map(|k| Page::Term(t, k)));
    }
    pages.extend(site.article_ids().map(Page::Seed));
    if !site.tags.is_empty() {
        pages.push(Page::Tags);
    }
    if site.config.search {
        pages.push(Page::Search);
        pages.push(Page::SearchTitles);
    }
    for (i, t) in site.tags.iter().enumerate() {
        pages.extend((1..=pager::count(t.articles.len())).map(|n| Page::Tag(i, n)));
    }
    if feed {
        pages.push(Page::Feed);
    }
    pages
}

/// Site path of a page.
pub fn page_path(site: &Site, page: Page) -> String {
    match page {
        Page::Index(n) => pager::path("index.html", n),
        Page::Article(a) => link_path(site, PageRef::Article(a)),
        Page::Term(t, n) => pager::path(&link_path(site, PageRef::Term(t)), n),
        Page::Glossary => "glossary/index.html".into(),
        Page::Timeline(n) => pager::path("timeline.html", n),
        Page::NotFound => "404.html".into(),
        Page::Seed(a) => seed_view_path(&site.article(a).ann.seed.value),
        Page::Tags => "tags/index.html".into(),
        Page::Search => "search.html".into(),
        Page::SearchTitles => "search-titles.js".into(),
        Page::Feed => "atom.xml".into(),
        Page::Data => "dossier.json".into(),
        Page::TimelineJson => "timeline.json".into(),
        Page::Print => "print.html".into(),
        Page::Graph => "graph.html".into(),
        Page::Bib(a) => cite_path(&site.article(a).ann.slug, "bib"),
        Page::Csl(a) => cite_path(&site.article(a).ann.slug, "json"),
        Page::Tag(i, n) => pager::path(&tag_path(&site.tags[i].slug), n),
    }
}

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
