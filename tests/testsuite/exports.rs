//! What other tools read: the Atom feed, the sitemap, robots.txt, the feed link and
//! the schema.org JSON-LD of every page, on the shipped dossier built under a sub-path.

use std::path::Path;

use crate::common::*;

const BASE: &str = "https://example.github.io/dossier/";

/// The site path a URL of the built site names.
fn site_path(url: &str) -> String {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    percent_decode(rel)
}

#[test]
fn the_atom_feed_lists_every_dated_article_newest_first() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let bytes = std::fs::read(site.join("atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(&bytes[..]).expect("atom.xml parses as a feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.id, BASE);
    assert_eq!(feed.entries.len(), 5);
    let dates: Vec<_> = feed.entries.iter().map(|e| e.published.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    for e in &feed.entries {
        let link = &e.links[0];
        assert_eq!(link.rel.as_deref(), Some("alternate"));
        let rel = site_path(&link.href);
        let doc = page(&site, &rel);
        let title = e.title.as_ref().unwrap().content.clone();
        assert_eq!(texts(&doc, "h1")[0], title, "{rel}");
        assert_eq!(e.id, link.href);
        let summary = e.summary.as_ref().expect("a summary").content.clone();
        let meta = sel("meta[name=description]");
        let described = doc
            .select(&meta)
            .next()
            .unwrap()
            .value()
            .attr("content")
            .unwrap();
        assert_eq!(summary, described, "{rel}");
    }
    // Every page names the feed.
    for rel in html_files(&site) {
        if rel == "404.html" {
            continue;
        }
        let doc = page(&site, &rel);
        let s = sel("link[rel=alternate][type='application/atom+xml']");
        let href = doc
            .select(&s)
            .next()
            .unwrap_or_else(|| panic!("{rel}: no feed link"));
        let href = href.value().attr("href").unwrap();
        assert_eq!(format!("{}atom.xml", root_of(&rel)), href, "{rel}");
    }
}

/// `../` once per folder level.
fn root_of(rel: &str) -> String {
    "../".repeat(rel.matches('/').count())
}

fn locs(text: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_a_reader_lands_on() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let text = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let listed: std::collections::BTreeSet<String> =
        locs(&text).iter().map(|u| site_path(u)).collect();
    let pages: std::collections::BTreeSet<String> = html_files(&site)
        .into_iter()
        .filter(|p| p != "404.html")
        .collect();
    assert_eq!(listed, pages);
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn article_and_term_pages_describe_themselves_in_json_ld() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let ld = sel("script[type='application/ld+json']");
    let mut seen = [0, 0];
    for rel in html_files(&site) {
        let doc = page(&site, &rel);
        let Some(script) = doc.select(&ld).next() else {
            continue;
        };
        let v: serde_json::Value = serde_json::from_str(&script.inner_html()).unwrap();
        let canonical = format!("{BASE}{rel}");
        match v["@type"].as_str() {
            Some("NewsArticle") => {
                seen[0] += 1;
                assert_eq!(v["headline"], texts(&doc, "h1")[0].as_str(), "{rel}");
                assert_eq!(v["mainEntityOfPage"], canonical.as_str());
            }
            Some("DefinedTerm") => {
                seen[1] += 1;
                assert_eq!(v["url"], canonical.as_str());
                assert_eq!(v["inDefinedTermSet"]["@type"], "DefinedTermSet");
            }
            other => panic!("{rel}: {other:?}"),
        }
    }
    assert_eq!(seen[0], 5);
    assert!(seen[1] > 90, "{seen:?}");
}

#[test]
fn without_an_absolute_base_url_the_feed_is_left_out_with_one_warning() {
    let dir = copy_dossier(&fixture("basic"));
    let out = dir.path().join("out");
    let run = |root: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--output"])
            .arg(&out)
            .arg("--root")
            .arg(root)
            .output()
            .unwrap()
    };
    let first = run(dir.path());
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{err}");
    assert_eq!(
        err.matches("atom.xml, sitemap.xml and robots.txt are not written")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("--> dossier.toml"), "{err}");
    for f in ["atom.xml", "sitemap.xml", "robots.txt"] {
        assert!(!out.join(f).exists(), "{f}");
    }
    let doc = page(&out, "index.html");
    assert_eq!(
        doc.select(&sel("link[type='application/atom+xml']"))
            .count(),
        0
    );
    // Said once: the next build, with nothing changed, says nothing.
    let second = run(dir.path());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(!err.contains("warning"), "{err}");
}
