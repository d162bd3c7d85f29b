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
    const LEFT_OUT: &str = "atom.xml, sitemap.xml and robots.txt are not written";
    // A local build (no base URL) needs no feed and says nothing of it.
    let local = run(dir.path());
    let err = String::from_utf8_lossy(&local.stderr);
    assert!(local.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    // A build for a sub-path without a host cannot make absolute addresses: it says so.
    let toml = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("base_url = \"/repo/\"\n{text}")).unwrap();
    let first = run(dir.path());
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{err}");
    assert_eq!(err.matches(LEFT_OUT).count(), 1, "{err}");
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

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("docs/dossier.schema.json")).unwrap();
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn json(site: &Path, rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Problems of `value` against the schema, one line each.
fn invalid(validator: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .take(20)
        .collect()
}

#[test]
fn dossier_json_validates_against_its_schema_and_holds_what_the_pages_show() {
    let validator = jsonschema::draft202012::new(&schema()).expect("a valid JSON Schema");
    for root in [repo(), fixture("basic"), fixture("unicode")] {
        let (_dir, site) = build_with(&root, Some(BASE));
        let data = data_export(&site);
        let problems = invalid(&validator, &data);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            root.display(),
            problems.join("\n")
        );
        for a in data["articles"].as_array().unwrap() {
            let slug = a["slug"].as_str().unwrap();
            assert!(
                site.join(percent_decode(a["page"].as_str().unwrap()))
                    .is_file(),
                "{slug}"
            );
            // The SHA-256 is that of the seed as published.
            let raw = std::fs::read(site.join(percent_decode(a["seed"]["raw"].as_str().unwrap())))
                .unwrap();
            let sum: String = {
                use sha2::Digest;
                sha2::Sha256::digest(&raw)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            };
            assert_eq!(a["seed"]["sha256"], sum.as_str(), "{slug}");
            assert_eq!(a["seed"]["bytes"], raw.len(), "{slug}");
            // Every span is where the text says it is.
            let paragraphs: Vec<Vec<char>> = a["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["text"].as_str().unwrap().chars().collect())
                .collect();
            let at = |s: &serde_json::Value| -> String {
                let p = &paragraphs[s["paragraph"].as_u64().unwrap() as usize];
                let (i, j) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                p[i..j].iter().collect()
            };
            for m in a["mentions"].as_array().unwrap() {
                assert_eq!(at(m), m["text"].as_str().unwrap(), "{slug}");
            }
            for f in a["fixes"].as_array().unwrap() {
                assert_eq!(at(f), f["text"].as_str().unwrap(), "{slug}");
            }
            for n in a["notes"].as_array().unwrap() {
                if !n["at"].is_null() {
                    assert!(!at(&n["at"]).is_empty(), "{slug}");
                }
            }
        }
    }
    // The shipped dossier: every note anchored, every article's mentions there.
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let data = data_export(&site);
    let articles = data["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    for a in articles {
        assert!(a["notes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n["at"].is_null()));
        assert!(a["mentions"].as_array().unwrap().len() > 10);
    }
    assert!(articles
        .iter()
        .any(|a| !a["fixes"].as_array().unwrap().is_empty()));
    // A note's context lines, as written; none of the five shares a passage.
    let notes: Vec<&serde_json::Value> = articles
        .iter()
        .flat_map(|a| a["notes"].as_array().unwrap())
        .collect();
    assert!(notes.iter().any(|n| n["prefix"] == "while the emphasis on"));
    assert!(notes.iter().all(|n| n["edits"] == 0));
    assert!(articles
        .iter()
        .all(|a| a["shared"] == serde_json::json!([])));
    // Each term's co-occurring terms lead with those its page names first.
    let terms = data["terms"].as_array().unwrap();
    let mut with_cooccurs = 0;
    for t in terms {
        let slug = t["slug"].as_str().unwrap();
        let doc = page(&site, &format!("glossary/{slug}.html"));
        let shown: Vec<String> = doc
            .select(&sel("ul.cooccurs li a"))
            .filter_map(|a| a.value().attr("href"))
            .map(|h| {
                h.rsplit('/')
                    .next()
                    .unwrap()
                    .trim_end_matches(".html")
                    .to_string()
            })
            .collect();
        let listed: Vec<&str> = t["cooccurs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["term"].as_str().unwrap())
            .collect();
        assert!(listed.len() >= shown.len(), "{slug}");
        assert_eq!(listed[..shown.len()], shown[..], "{slug}");
        with_cooccurs += usize::from(!listed.is_empty());
    }
    assert!(
        with_cooccurs > 50,
        "{with_cooccurs} terms with co-occurring terms"
    );
    assert_eq!(
        data["terms"].as_array().unwrap().len(),
        html_files(&site)
            .iter()
            .filter(|f| f.starts_with("glossary/")
                && f.as_str() != "glossary/index.html"
                && !f.contains(".page-"))
            .count()
    );
}

#[test]
fn the_schema_rejects_what_is_not_an_export() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let (_dir, site) = build_with(&fixture("basic"), None);
    let good = data_export(&site);
    assert!(invalid(&validator, &good).is_empty());
    let mut wrong_type = good.clone();
    wrong_type["articles"][0]["title"] = serde_json::json!(5);
    let mut missing = good.clone();
    missing["terms"][0].as_object_mut().unwrap().remove("kind");
    let mut bad_hash = good.clone();
    bad_hash["articles"][0]["seed"]["sha256"] = serde_json::json!("not a hash");
    let mut unknown_kind = good;
    unknown_kind["terms"][0]["kind"] = serde_json::json!("vegetable");
    for (what, v) in [
        ("a title that is a number", wrong_type),
        ("a term without kind", missing),
        ("a malformed hash", bad_hash),
        ("an unknown kind", unknown_kind),
    ] {
        assert!(!invalid(&validator, &v).is_empty(), "{what} passed");
    }
    // The schema's kinds are the engine's.
    let kinds: Vec<String> = schema()["$defs"]["term"]["properties"]["kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let engine: Vec<String> = dossier::load::TermKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    assert_eq!(kinds, engine);
}

#[test]
fn timeline_json_is_timelinejs_with_every_event() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let t = json(&site, "timeline.json");
    let events = t["events"].as_array().unwrap();
    let data = data_export(&site);
    assert_eq!(events.len(), data["events"].as_array().unwrap().len());
    assert!(events.len() > 20);
    for (e, d) in events.iter().zip(data["events"].as_array().unwrap()) {
        let start = &d["date"]["start"].as_str().unwrap()[..4];
        assert_eq!(
            e["start_date"]["year"].to_string(),
            start.trim_start_matches('0')
        );
        let html = scraper::Html::parse_fragment(e["text"]["text"].as_str().unwrap());
        let link = html
            .select(&sel("a"))
            .next_back()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        assert_eq!(
            link,
            format!("{BASE}articles/{}.html", d["article"].as_str().unwrap())
        );
    }
    assert!(t["title"]["text"]["headline"].is_string());
}

/// Lower-case hex SHA-256 of `bytes`, as `sha256sum` prints it.
fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_provenance_panel_shows_what_verifies_a_copy() {
    let root = repo();
    let (_dir, site) = build_with(&root, Some(BASE));
    let facts = |doc: &scraper::Html| -> std::collections::BTreeMap<String, String> {
        let dt = sel(".provenance .facts dt");
        let dd = sel(".provenance .facts dd");
        let names = doc.select(&dt).map(|e| e.text().collect::<String>());
        let values = doc
            .select(&dd)
            .map(|e| e.text().collect::<String>().trim().to_string());
        names.zip(values).collect()
    };
    let mut retrieved = 0;
    for rel in html_files(&site)
        .into_iter()
        .filter(|f| f.starts_with("articles/"))
    {
        let doc = page(&site, &rel);
        let f = facts(&doc);
        // The seed the page links to, as it is in seeds/.
        let link = sel(".provenance .facts dd a[href*='seeds/']");
        let href = doc
            .select(&link)
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        // `../seeds/index.html?s=<file>&a=<slug>`: the seed page, named the seed.
        let query = href.strip_prefix("../seeds/index.html?s=").unwrap();
        let name = percent_decode(query.split('&').next().unwrap());
        assert!(site.join("seeds").join(&name).is_file(), "{rel}: {href}");
        let bytes = std::fs::read(root.join("seeds").join(&name)).unwrap();
        assert_eq!(f["SHA-256"], sha256(&bytes), "{rel}");
        assert!(
            f["Source file"].contains(&format!("{} bytes", bytes.len())),
            "{rel}: {f:?}"
        );
        for key in ["Publication", "By", "Original", "Retrieved"] {
            assert!(f.contains_key(key), "{rel}: no {key}");
        }
        if f["Retrieved"] != "not known" {
            retrieved += 1;
            assert_eq!(f["Retrieved"], "26 April 2024", "{rel}");
        }
        // Each correction is listed with what the source said.
        let marked = doc.select(&sel(".para .fix")).count();
        let listed = doc
            .select(&sel(".provenance table.removed tbody tr td del"))
            .count();
        assert_eq!(marked, listed, "{rel}");
    }
    assert_eq!(retrieved, 1);
}

#[test]
fn each_article_can_be_cited_in_bibtex_and_csl_json() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let mut cited = 0;
    for rel in html_files(&site)
        .into_iter()
        .filter(|f| f.starts_with("articles/"))
    {
        let doc = page(&site, &rel);
        let title = texts(&doc, "h1")[0].clone();
        let stem = rel.trim_end_matches(".html");
        // The files the Cite block links to, beside the page.
        let links: Vec<String> = doc
            .select(&sel(".cite-block a[download]"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        let slug = stem.trim_start_matches("articles/");
        assert_eq!(
            links,
            [format!("../{stem}.bib"), format!("../{stem}.json")],
            "{rel}"
        );
        // BibTeX: the original and the annotated copy, which names the page.
        let bib = std::fs::read_to_string(site.join(format!("{stem}.bib"))).unwrap();
        let parsed =
            biblatex::Bibliography::parse(&bib).unwrap_or_else(|e| panic!("{rel}: {e}\n{bib}"));
        assert_eq!(parsed.len(), 2, "{bib}");
        let original = parsed.iter().next().unwrap();
        assert_eq!(original.entry_type, biblatex::EntryType::Article);
        let t = original.title().unwrap();
        let t: String = t.iter().map(|c| c.v.get()).collect();
        assert_eq!(t, title, "{rel}");
        let copy = parsed
            .get(&format!("{slug}-annotated"))
            .expect("the annotated copy");
        let url = copy.url().unwrap();
        assert_eq!(url, format!("{BASE}{rel}"));
        // CSL-JSON: the same two items.
        let json = std::fs::read_to_string(site.join(format!("{stem}.json"))).unwrap();
        let items = citeworks_csl::from_str(&json).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].id, slug);
        // The page links them and does not carry a second copy.
        let html = std::fs::read_to_string(site.join(&rel)).unwrap();
        assert_eq!(doc.select(&sel(".cite-block pre")).count(), 0, "{rel}");
        assert!(!html.contains("@article{"), "{rel} repeats its BibTeX");
        if bib.contains("author =") {
            cited += 1;
        }
    }
    assert!(cited >= 2, "{cited} articles with an author");
}

#[test]
fn every_note_links_to_its_passage() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let mut links = 0;
    for rel in html_files(&site)
        .into_iter()
        .filter(|f| f.starts_with("articles/"))
    {
        let doc = page(&site, &rel);
        for note in doc.select(&sel(".endnotes li")) {
            let quote: String = note
                .select(&sel("blockquote"))
                .next()
                .unwrap()
                .text()
                .collect();
            let a = note
                .select(&sel("a.note-link"))
                .next()
                .expect("a permalink");
            let href = a.value().attr("href").unwrap();
            let (id, text) = href
                .strip_prefix('#')
                .and_then(|h| h.split_once(":~:text="))
                .unwrap_or_else(|| panic!("{rel}: {href}"));
            assert_eq!(percent_decode(text), quote, "{rel}");
            // The paragraph anchor exists, and holds the quote's note.
            let para = doc
                .select(&sel(&format!("[id='{id}']")))
                .next()
                .unwrap_or_else(|| panic!("{rel}: no #{id}"));
            assert!(para.value().classes().any(|c| c == "para"), "{rel}: #{id}");
            let number = note.value().attr("value").unwrap();
            assert_eq!(
                para.select(&sel(&format!("[id='q{number}']"))).count(),
                1,
                "{rel}: note {number}"
            );
            links += 1;
        }
    }
    assert!(links > 20, "{links}");
}

#[test]
fn the_print_edition_holds_the_whole_dossier_in_order() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let doc = page(&site, "print.html");
    let parts: Vec<String> = doc
        .select(&sel(".edition-part"))
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        parts,
        [
            "introduction",
            "a1",
            "a2",
            "a3",
            "a4",
            "a5",
            "timeline",
            "glossary"
        ]
    );
    // The articles in published order (the index's order), each with every note of
    // its page as an endnote, in the same order, and a running head.
    let index = page(&site, "index.html");
    let listed: Vec<String> = index
        .select(&sel(".cards h3 a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), 5);
    let style: String = doc
        .select(&sel("head style"))
        .map(|s| s.inner_html())
        .collect();
    for (i, article) in doc.select(&sel(".edition-article")).enumerate() {
        let id = article.value().attr("id").unwrap();
        let link = article
            .select(&sel(".meta a"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        assert_eq!(link, listed[i], "{id}");
        let own = page(&site, link);
        let title = texts(&own, "h1")[0].clone();
        let heading: String = article.select(&sel("h2")).next().unwrap().text().collect();
        assert_eq!(heading, title, "{id}");
        let notes: Vec<String> = article
            .select(&sel(".edition-notes blockquote"))
            .map(|b| b.text().collect())
            .collect();
        let page_notes = texts(&own, ".endnotes blockquote");
        assert_eq!(notes, page_notes, "{id}");
        // Each note number in the text leads to its endnote.
        for sup in article.select(&sel("sup.noteref a")) {
            let target = sup.value().attr("href").unwrap().trim_start_matches('#');
            assert_eq!(
                article.select(&sel(&format!("li[id='{target}']"))).count(),
                1,
                "{id}: {target}"
            );
        }
        assert!(
            style.contains(&format!("@page {id} {{ @top-left {{ content: \"")),
            "{style}"
        );
    }
    // Every event, every term.
    let events = doc.select(&sel("#timeline li")).count();
    assert_eq!(
        events,
        page(&site, "timeline.html")
            .select(&sel(".timeline li"))
            .count()
    );
    let terms = doc.select(&sel("#glossary dt")).count();
    assert_eq!(terms, 103);
    // Term mentions lead to the appendix.
    for a in doc.select(&sel(".edition-text a.term")).take(50) {
        let target = a.value().attr("href").unwrap().trim_start_matches('#');
        assert_eq!(
            doc.select(&sel(&format!("#glossary [id='{target}']")))
                .count(),
            1,
            "{target}"
        );
    }
    // Ids are unique across the page.
    let mut ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
}

/// The graph page's nodes (href, label) and edge count.
fn graph_of(site: &Path) -> (Vec<String>, Vec<String>, usize, usize) {
    let doc = page(site, "graph.html");
    let hrefs = |q: &str| -> Vec<String> {
        doc.select(&sel(q))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    let articles = hrefs(".graph-articles a");
    let terms = hrefs(".graph-terms a");
    let edges = doc.select(&sel(".graph-edges path")).count();
    let rows = doc.select(&sel(".graph-list li")).count();
    for h in articles.iter().chain(&terms) {
        assert!(site.join(percent_decode(h)).is_file(), "{h}");
    }
    (articles, terms, edges, rows)
}

#[test]
fn the_graph_links_every_article_to_the_terms_it_names_most() {
    let (_dir, site) = build_with(&repo(), Some(BASE));
    let (articles, terms, edges, rows) = graph_of(&site);
    assert_eq!(articles.len(), 5);
    assert_eq!(rows, 5, "the text alternative lists every article");
    assert_eq!(terms.len(), 24);
    // Each article's five strongest, and one for each term drawn.
    assert!((5..=5 * 5 + terms.len()).contains(&edges), "{edges}");
    // In date order, as the index lists them.
    let index = page(&site, "index.html");
    let listed: Vec<String> = index
        .select(&sel(".cards h3 a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(articles, listed);
    // The most-named term of the dossier is drawn, and each edge names its pair.
    let doc = page(&site, "graph.html");
    let titles = texts(&doc, ".graph-edges path title");
    assert!(
        titles
            .iter()
            .all(|t| t.contains(" names ") && t.ends_with('×')),
        "{titles:?}"
    );
    assert!(
        terms.iter().any(|t| t.ends_with("glossary/pakistan.html")),
        "{terms:?}"
    );
}

#[test]
fn the_graph_stays_bounded_at_five_hundred_articles() {
    let dir = tempfile::tempdir().unwrap();
    crate::golden::corpus::generate(dir.path(), 520, 50);
    let (_out, site) = build_with(dir.path(), None);
    let (articles, terms, edges, rows) = graph_of(&site);
    // The newest 500, and the page says so.
    assert_eq!(articles.len(), 500);
    assert_eq!(rows, 500);
    let said = texts(&page(&site, "graph.html"), ".page-header p.muted").join(" ");
    assert!(said.contains("the newest 500 of 520 articles"), "{said}");
    assert!(terms.len() <= 60, "{}", terms.len());
    // Every article keeps its strongest edge; the drawing holds at most 600.
    assert!((500..=600).contains(&edges), "{edges}");
}

#[test]
fn the_data_export_is_the_same_streamed_by_build_and_joined_in_memory_by_serve() {
    for root in [repo(), fixture("unicode")] {
        let (_dir, site) = build_with(&root, Some(BASE));
        let built = std::fs::read(site.join("dossier.json.gz")).unwrap();
        let mut diags = dossier::diagnostic::Diagnostics::new();
        let opts = dossier::render::RenderOptions {
            base_url: Some(BASE.to_string()),
            data_in_parts: false,
        };
        let files = dossier::render_site(&root, &opts, &mut diags).expect("renders");
        let joined = files
            .iter()
            .find(|f| f.path == "dossier.json.gz")
            .expect("dossier.json.gz");
        // The same JSON, byte for byte (the compressed bytes depend on how the
        // text reached the compressor).
        assert!(
            gunzip(&joined.bytes) == gunzip(&built),
            "{}",
            root.display()
        );
    }
}
