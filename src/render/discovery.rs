//! What crawlers read: `sitemap.xml` (sitemaps.org 0.9; split into files of 50,000
//! URLs under a sitemap index when the site is larger, as the protocol requires) and
//! `robots.txt` pointing to it. Made only when the base URL is absolute.

use std::sync::Arc;

use super::pages::Page;
use super::paths::{encode_path, escape};
use super::OutputFile;
use crate::site::Site;

/// The most URLs one sitemap file may list (sitemaps.org).
const SITEMAP_MAX: usize = 50_000;

/// `sitemap.xml` (and its parts) and `robots.txt` for `pages`, or nothing when
/// `base_url` is not absolute.
pub fn files(site: &Site, pages: &[Page], base_url: &str) -> Vec<OutputFile> {
    if !super::is_absolute(base_url) {
        return Vec::new();
    }
    let base = escape(base_url);
    let urls: Vec<String> = pages
        .iter()
        .filter(|p| p.in_sitemap())
        .map(|p| format!("{base}{}", escape(&encode_path(&p.path(site)))))
        .collect();
    let mut files: Vec<OutputFile> = sitemaps(&urls, &base)
        .into_iter()
        .map(|(path, text)| file(&path, text))
        .collect();
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n");
    files.push(file("robots.txt", robots));
    files
}

/// The sitemap files listing `urls` (escaped), by path: `sitemap.xml` alone, or parts
/// of at most [`SITEMAP_MAX`] URLs and `sitemap.xml` as their index.
fn sitemaps(urls: &[String], base: &str) -> Vec<(String, String)> {
    if urls.len() <= SITEMAP_MAX {
        return vec![("sitemap.xml".into(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut parts = Vec::new();
    for (i, chunk) in urls.chunks(SITEMAP_MAX).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        parts.push(format!("{base}{name}"));
        files.push((name, urlset(chunk)));
    }
    files.push(("sitemap.xml".into(), index(&parts)));
    files
}

fn file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: Arc::new(text.into_bytes()),
    }
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn urlset(urls: &[String]) -> String {
    listing("urlset", "url", urls)
}

fn index(parts: &[String]) -> String {
    listing("sitemapindex", "sitemap", parts)
}

/// A sitemaps.org document: `<root>` holding one `<item><loc>` per address.
fn listing(root: &str, item: &str, locs: &[String]) -> String {
    let mut s = format!("{HEAD}<{root} xmlns=\"{NS}\">\n");
    for loc in locs {
        s.push_str(&format!("<{item}><loc>{loc}</loc></{item}>\n"));
    }
    s.push_str(&format!("</{root}>\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_sites_get_a_sitemap_index() {
        let urls: Vec<String> = (0..SITEMAP_MAX + 1)
            .map(|i| format!("https://e.org/{i}.html"))
            .collect();
        let small = sitemaps(&urls[..2], "https://e.org/");
        assert_eq!(small.len(), 1);
        assert!(small[0]
            .1
            .contains("<url><loc>https://e.org/1.html</loc></url>"));
        let large = sitemaps(&urls, "https://e.org/");
        let names: Vec<&str> = large.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        assert_eq!(large[0].1.matches("<url>").count(), SITEMAP_MAX);
        assert_eq!(large[1].1.matches("<url>").count(), 1);
        let index = &large[2].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains("<loc>https://e.org/sitemap-2.xml</loc>"),
            "{index}"
        );
    }

    #[test]
    fn escapes_for_xml() {
        // The site's HTML escaping is XML's too (`&#39;` is a character reference).
        assert_eq!(escape("a&b<'\">"), "a&amp;b&lt;&#39;&quot;&gt;");
    }
}
