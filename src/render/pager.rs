//! Pagination. The lists that grow with the dossier (the articles on the index, the
//! timeline's events, the articles that name a term) are split into pages of
//! [`PER_PAGE`] entries, so no page grows without bound. Page 1 keeps the list's own
//! path; page `n` is `<stem>.page-<n>.html` beside it (slugs never hold a dot, so the
//! name cannot be an article's or a term's). The page links shown are bounded too:
//! the first, the last and the two on either side of the current one.

use std::ops::Range;

use serde::Serialize;

use super::paths::encode_path;

/// Entries per page.
pub const PER_PAGE: usize = 100;

/// The number of pages of a list of `len` entries (an empty list has one page).
pub fn count(len: usize) -> usize {
    len.div_ceil(PER_PAGE).max(1)
}

/// The entries page `n` (from 1) shows.
pub fn range(len: usize, n: usize) -> Range<usize> {
    let start = (n.max(1) - 1) * PER_PAGE;
    start.min(len)..(start + PER_PAGE).min(len)
}

/// The path of page `n` of the list whose first page is at `first`.
pub fn path(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    let stem = first.strip_suffix(".html").unwrap_or(first);
    format!("{stem}.page-{n}.html")
}

/// The path of the first page of the list whose page `n` is at `path`.
pub fn first(path: &str, n: usize) -> String {
    match path.strip_suffix(&format!(".page-{n}.html")) {
        Some(stem) if n > 1 => format!("{stem}.html"),
        _ => path.to_string(),
    }
}

/// One entry of the page links: a page number with its href, the current page
/// (no href), or a gap (`…`).
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct PageLink {
    number: usize,
    href: Option<String>,
    gap: bool,
}

/// What templates get as `pager`: where this page sits among its list's pages.
#[derive(Serialize, Debug)]
pub struct Pager {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    prev: Option<String>,
    next: Option<String>,
    links: Vec<PageLink>,
}

/// The pager of page `n` of `total` of the list whose first page is at `first`.
/// All pages of a list share a folder, so hrefs are bare file names.
pub fn pager(first: &str, n: usize, total: usize) -> Pager {
    let href = |k: usize| {
        let p = path(first, k);
        let name = p.rsplit('/').next().unwrap_or(&p).to_string();
        encode_path(&name)
    };
    let mut links = Vec::new();
    for k in 1..=total {
        let near = k.abs_diff(n) <= 2;
        if k == 1 || k == total || near {
            links.push(PageLink {
                number: k,
                href: (k != n).then(|| href(k)),
                gap: false,
            });
        } else if links.last().is_none_or(|l| !l.gap) {
            links.push(PageLink {
                number: k,
                href: None,
                gap: true,
            });
        }
    }
    Pager {
        current: n,
        total,
        prev: (n > 1).then(|| href(n - 1)),
        next: (n < total).then(|| href(n + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_list_once() {
        assert_eq!(count(0), 1);
        assert_eq!(count(PER_PAGE), 1);
        assert_eq!(count(PER_PAGE + 1), 2);
        let len = 3 * PER_PAGE + 7;
        let covered: Vec<usize> = (1..=count(len)).flat_map(|n| range(len, n)).collect();
        assert_eq!(covered, (0..len).collect::<Vec<_>>());
        assert_eq!(range(0, 1), 0..0);
    }

    #[test]
    fn paths_keep_the_first_page_and_sit_beside_it() {
        assert_eq!(path("index.html", 1), "index.html");
        assert_eq!(path("index.html", 2), "index.page-2.html");
        assert_eq!(
            path("glossary/people/x.html", 3),
            "glossary/people/x.page-3.html"
        );
        for (p, n) in [("index.html", 1), ("glossary/people/x.html", 3)] {
            assert_eq!(first(&path(p, n), n), p);
        }
    }

    #[test]
    fn page_links_are_bounded_and_relative() {
        let p = pager("glossary/people/x.html", 50, 100);
        let shown: Vec<String> = p
            .links
            .iter()
            .map(|l| match (&l.href, l.gap) {
                (_, true) => "…".into(),
                (None, _) => format!("[{}]", l.number),
                (Some(_), _) => l.number.to_string(),
            })
            .collect();
        assert_eq!(
            shown,
            ["1", "…", "48", "49", "[50]", "51", "52", "…", "100"]
        );
        assert_eq!(p.prev.as_deref(), Some("x.page-49.html"));
        assert_eq!(p.links[0].href.as_deref(), Some("x.html"));
        let first = pager("index.html", 1, 2);
        assert_eq!(
            (first.prev, first.next.as_deref()),
            (None, Some("index.page-2.html"))
        );
    }
}
