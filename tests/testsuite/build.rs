//! Integration tests: build fixture dossiers and the shipped dossier into temp
//! dirs and check the parsed HTML.

use std::collections::BTreeMap;
use std::process::Command;

use crate::common::*;

/// Lines of scrape junk found in the seeds: none may survive on an article page.
const JUNK: &[&str] = &[
    "close",
    "Friday April 26, 2024",
    "Share This:",
    "Welcome! Login in to your account",
    "Remember meLost your password?",
    "Don't have account. Register",
    "Lost Password",
    "Post a Comment",
    "Previous Post Next Post",
];

fn assert_links_resolve(site: &std::path::Path) {
    let pages = html_files(site);
    assert!(!pages.is_empty());
    for rel in &pages {
        if rel == "404.html" {
            continue; // absolute from the base path; checked by the crawler test
        }
        for (href, target) in internal_refs(site, rel) {
            let p = site.join(&target);
            assert!(p.is_file(), "{rel}: link {href} → {target} does not exist");
        }
    }
}

fn assert_no_junk(site: &std::path::Path) {
    for rel in html_files(site)
        .iter()
        .filter(|p| p.starts_with("articles/"))
    {
        let doc = page(site, rel);
        let paras = reading_texts(&doc, ".source-text .para");
        assert!(!paras.is_empty(), "{rel} has no text");
        for p in &paras {
            for junk in JUNK {
                assert_ne!(p.trim(), *junk, "{rel}: junk line survived");
                if junk.len() > 6 {
                    assert!(!p.contains(junk), "{rel}: junk {junk:?} survived in {p:?}");
                }
            }
        }
    }
}

#[test]
fn fixture_builds_with_expected_pages() {
    let (_t, site) = build(&fixture("basic"));
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "static/style.css",
        "timeline.html",
        "glossary/index.html",
        "glossary/people/jilani.html",
        "articles/alpha.html",
        "articles/beta.html",
        "seeds/alpha.txt",
    ] {
        assert!(site.join(f).is_file(), "missing {f}");
    }
    // The verbatim source is byte-identical to the seed.
    assert_eq!(
        std::fs::read(site.join("seeds/alpha.txt")).unwrap(),
        std::fs::read(fixture("basic").join("seeds/alpha.txt")).unwrap()
    );
    assert_links_resolve(&site);
    assert_no_junk(&site);
}

#[test]
fn index_lists_articles_in_date_order() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "index.html");
    let titles = texts(&doc, ".cards h3 a");
    assert_eq!(titles, ["Beta headline — ça marche", "Alpha headline"]);
    // `[[alpha]]` is a slug: it shows the article's title. `[[ISIS-K]]` is an alias:
    // it shows what was typed, the term's name on hover.
    let intro = texts(&doc, ".intro a");
    assert_eq!(intro, ["Alpha headline", "ISIS-K"]);
    let hovers: Vec<&str> = doc
        .select(&sel(".intro a"))
        .filter_map(|a| a.value().attr("title"))
        .collect();
    assert_eq!(hovers, ["Islamic State – Khorasan Province"]);
}

#[test]
fn aliases_link_to_their_term_page() {
    let (_t, site) = build(&fixture("basic"));
    let alpha = page(&site, "articles/alpha.html");
    let links: Vec<(String, String)> = alpha
        .select(&sel(".source-text a.term"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        links.contains(&(
            "ISIS-Khorasan".into(),
            "../glossary/islamic-state-khorasan.html".into()
        )),
        "{links:?}"
    );
    assert!(links.contains(&("IS".into(), "../glossary/islamic-state.html".into())));
    assert!(
        links.contains(&("Pakistan".into(), "../glossary/pakistan.html".into())),
        "possessive"
    );
    assert!(links.contains(&(
        "Jalil Abbas Jilani".into(),
        "../glossary/people/jilani.html".into()
    )));
    // ISLAMABAD does not contain the acronym IS.
    assert!(!links.iter().any(|(t, _)| t.contains("ISLAMABAD")));
    // Another spelling in another article reaches the same page.
    let beta = page(&site, "articles/beta.html");
    let hrefs: Vec<String> = beta
        .select(&sel(".source-text a.term"))
        .map(|a| {
            format!(
                "{}={}",
                a.text().collect::<String>(),
                a.value().attr("href").unwrap()
            )
        })
        .collect();
    assert!(
        hrefs.contains(&"Daesh-Khorasan=../glossary/islamic-state-khorasan.html".to_string()),
        "{hrefs:?}"
    );
    // The term page lists both articles.
    let term = page(&site, "glossary/islamic-state-khorasan.html");
    let mentioned = texts(&term, "[aria-labelledby=mentions-heading] li a");
    assert_eq!(mentioned.len(), 2, "{mentioned:?}");
    assert_eq!(
        texts(&term, ".page-header p:not(.kicker) a"),
        ["Islamic State"],
        "part_of link"
    );
}

#[test]
fn seed_markup_is_escaped() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "articles/alpha.html");
    assert_eq!(doc.select(&sel("main script")).count(), 0);
    let text = reading_texts(&doc, ".source-text .para").join("\n");
    assert!(
        text.contains("<script>alert(\"x\")</script> & left."),
        "{text}"
    );
}

#[test]
fn fixes_show_correction_and_original() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "articles/alpha.html");
    assert_eq!(
        texts(&doc, ".source-text .fix del"),
        ["United Nations Security Coalition"]
    );
    assert_eq!(
        reading_texts(&doc, ".source-text .fix ins"),
        ["United Nations Security Council"]
    );
    // Provenance lists what was cut, with the rule that cut it.
    let cut = texts(&doc, ".removed td code");
    for line in [
        "close",
        "Friday April 26, 2024",
        "Share This:",
        "Lost Password",
    ] {
        assert!(
            cut.iter().any(|c| c == line),
            "{line} not in provenance {cut:?}"
        );
    }
}

#[test]
fn notes_are_anchored_beside_their_quote() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "articles/alpha.html");
    assert_eq!(
        reading_texts(&doc, "mark.note-anchor"),
        ["Pakistan’s envoy Jalil Abbas Jilani"]
    );
    // The note follows its quote, inside the paragraph, behind a toggle (its number).
    let note = texts(&doc, ".para mark#q1 ~ .sidenote#note-1[role=note]");
    assert!(note[0].contains("A note about the envoy."), "{note:?}");
    assert_eq!(
        texts(
            &doc,
            ".para mark#q1 + input#nt-1[type=checkbox] + label.note-ref[for=nt-1]"
        ),
        ["Note 1"]
    );
    // Print shows it as an endnote, with its quote.
    let end = texts(&doc, ".endnotes li[value='1']");
    assert!(
        end[0].contains("Jalil Abbas Jilani") && end[0].contains("A note about the envoy."),
        "{end:?}"
    );
}

#[test]
fn terms_preview_their_gist_and_fixes_show_their_reason() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "articles/alpha.html");
    let links: Vec<_> = doc.select(&sel(".para a.term")).collect();
    assert!(!links.is_empty());
    // Each mention points to its term's one preview, in the list of names (never
    // a copy at each mention), and the page's rule shows that preview on hover
    // and focus of the mentions that point to it.
    let style = texts(&doc, "head style").concat();
    let mut previews = std::collections::BTreeMap::new();
    for a in &links {
        assert_eq!(a.value().attr("title"), None, "previews are not tooltips");
        let id = a.value().attr("aria-describedby").expect("described");
        let tip = texts(
            &doc,
            &format!(".term-cloud li .term-tip[role=tooltip]#{id}"),
        );
        assert_eq!(tip.len(), 1, "{id}");
        let shown = format!("body:has([aria-describedby={id}]:is(:hover,:focus-visible)) #{id}");
        assert!(style.contains(&shown), "{shown} not in {style}");
        let href = a.value().attr("href").unwrap();
        if let Some(before) = previews.insert(href, id) {
            assert_eq!(before, id, "two previews of {href}");
        }
    }
    assert_eq!(doc.select(&sel(".para .term-tip")).count(), 0);
    let ids: std::collections::BTreeSet<_> = previews.values().collect();
    assert_eq!(
        ids.len(),
        previews.len(),
        "one preview per term: {previews:?}"
    );
    let pakistan = doc
        .select(&sel(".para a.term[href$='pakistan.html']"))
        .map(|a| a.value().attr("aria-describedby").unwrap())
        .next()
        .unwrap();
    let pakistan = texts(&doc, &format!("#{pakistan}"));
    assert_eq!(pakistan, ["Pakistan place The country."]);
    // The correction's reason is shown, not hidden in an attribute.
    assert_eq!(doc.select(&sel(".fix[title]")).count(), 0);
    assert_eq!(
        texts(
            &doc,
            ".para .fix + input.note-toggle + label.fix-ref + .fix-note"
        ),
        ["Correction. It is the Security Council."]
    );
}

#[test]
fn tags_link_to_pages_that_list_their_articles() {
    let (_t, site) = build(&fixture("basic"));
    let alpha = page(&site, "articles/alpha.html");
    let hrefs: Vec<&str> = alpha
        .select(&sel(".meta .tags a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["../tags/test.html", "../tags/isis-k.html"]);
    let tag = page(&site, "tags/isis-k.html");
    assert_eq!(texts(&tag, "h1"), ["Tagged “ISIS-K”"]);
    assert_eq!(texts(&tag, ".cards h3"), ["Alpha headline"]);
    let index = page(&site, "tags/index.html");
    assert_eq!(
        reading_texts(&index, ".tag-list li"),
        ["ISIS-K 1", "test 1"]
    );
}

#[test]
fn each_publication_has_a_page_listing_its_articles() {
    let (_t, site) = build(&repo());
    let news = page(&site, "publications/the-news-the-news-international.html");
    assert_eq!(
        texts(&news, "h1"),
        ["Published by The News (The News International)"]
    );
    let article = page(&site, "articles/daesh-information-sharing-2016.html");
    assert_eq!(texts(&news, ".cards h3"), texts(&article, "h1"));
    let hrefs: Vec<&str> = article
        .select(&sel(".meta dd[data-pagefind-meta=source] a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["../publications/the-news-the-news-international.html"]
    );
    let meta = reading_texts(&news, ".cards .card-meta");
    assert!(
        meta[0].ends_with("· The News (The News International)"),
        "{meta:?}"
    );
    let names: Vec<String> = std::fs::read_dir(site.join("publications"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn search_index_covers_what_readers_search_and_every_name() {
    let (_t, site) = build(&repo());
    for f in [
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-ui.js",
        "search.html",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let fragments = std::fs::read_dir(site.join("pagefind/fragment"))
        .unwrap()
        .count();
    // One per article and term page, nothing else (no index, glossary, timeline, tags).
    assert_eq!(fragments, 5 + 103, "{fragments} fragments");
    // The article body is indexed; navigation, lists and previews are not.
    let doc = page(&site, "articles/anti-is-alliance-consultation-2015.html");
    assert_eq!(doc.select(&sel("article[data-pagefind-body]")).count(), 1);
    for ignored in [
        ".toc",
        ".provenance",
        ".endnotes",
        ".prev-next",
        "[aria-labelledby=terms-heading]",
    ] {
        let sel_ = format!("{ignored}[data-pagefind-ignore]");
        assert_eq!(doc.select(&sel(&sel_)).count(), 1, "{ignored}");
    }
    let tips = doc.select(&sel(".term-tip")).count();
    assert!(tips > 0);
    assert_eq!(
        doc.select(&sel("[data-pagefind-ignore] .term-tip")).count(),
        tips
    );
    // Every name of each term the page names is said once, hidden, in the indexed
    // body, weighted by how often the page names it: "Daesh" finds this article,
    // whose text says only "IS". No mention repeats them.
    assert!(doc
        .select(&sel(".para a.term[href$='glossary/islamic-state.html']"))
        .next()
        .is_some());
    assert_eq!(
        doc.select(&sel(".para [data-names], .para [data-pagefind-weight]"))
            .count(),
        0
    );
    let names: Vec<_> = doc
        .select(&sel(
            "article[data-pagefind-body] > p[hidden].search-names > span",
        ))
        .collect();
    let is = names
        .iter()
        .find(|s| s.text().collect::<String>().starts_with("Islamic State, "))
        .expect("the Islamic State's names");
    let is_names = is.text().collect::<String>();
    assert!(
        is_names.contains("Daesh") && is_names.contains("Daish"),
        "{is_names}"
    );
    let mentions = doc
        .select(&sel(".para a.term[href$='glossary/islamic-state.html']"))
        .count();
    assert!(mentions > 1);
    let weight: usize = is
        .value()
        .attr("data-pagefind-weight")
        .unwrap()
        .parse()
        .unwrap();
    assert!(weight > 1 && weight <= 10, "{weight}");
    assert_eq!(names.len(), doc.select(&sel(".term-cloud > li")).count());
    // The search page carries titles and names for search from disk.
    let titles = std::fs::read_to_string(site.join("search-titles.js")).unwrap();
    let json = titles
        .trim_end()
        .strip_prefix("window.dossierTitles = ")
        .and_then(|j| j.strip_suffix(';'))
        .expect("window.dossierTitles = [...];");
    let all: serde_json::Value = serde_json::from_str(json).unwrap();
    let is = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["t"] == "Islamic State")
        .expect("Islamic State listed");
    assert!(is["n"].as_array().unwrap().iter().any(|n| n == "Daesh"));
    assert_eq!(is["h"], "glossary/islamic-state.html");
    // Every page's header has the search box.
    let index = page(&site, "index.html");
    assert_eq!(
        index
            .select(&sel(
                "form[role=search][action='search.html'] input[name=q]"
            ))
            .count(),
        1
    );
}

#[test]
fn search_can_be_turned_off() {
    let dir = copy_dossier(&fixture("basic"));
    let toml = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\nsearch = false\n")).unwrap();
    let (_t, site) = build(dir.path());
    assert!(!site.join("pagefind").exists());
    assert!(!site.join("search.html").exists());
    assert!(!site.join("search-titles.js").exists());
    let doc = page(&site, "articles/alpha.html");
    // No search script runs: what is left is data (schema.org JSON-LD) and the Cite
    // block's copy buttons.
    let running =
        "form, script:not([type='application/ld+json']):not([src$='static/cite.js']), .search-names";
    assert_eq!(doc.select(&sel(running)).count(), 0);
}

#[test]
fn see_also_and_backlinks() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "articles/beta.html");
    assert_eq!(
        texts(&doc, "[aria-labelledby=see-also-heading] li a"),
        ["Alpha headline"]
    );
    let back = texts(&doc, "[aria-labelledby=backlinks-heading] li a");
    assert_eq!(back, ["Alpha headline"]);
    // Unpiped wiki-links show the target's title.
    let alpha = page(&site, "articles/alpha.html");
    let commentary = texts(&alpha, ".commentary a");
    assert_eq!(commentary, ["the beta article", "Jalil Abbas Jilani"]);
}

#[test]
fn glossary_index_groups_by_kind_and_dates_are_honest() {
    let (_t, site) = build(&fixture("basic"));
    let doc = page(&site, "glossary/index.html");
    let kinds = texts(&doc, ".kind-group h2");
    assert_eq!(
        kinds,
        [
            "People",
            "Organisations",
            "Armed and political groups",
            "Places",
            "Documents"
        ]
    );
    // Each entry: its names, its gist, how often the articles name it.
    let people = texts(&doc, "#people + dl .entry");
    assert_eq!(people.len(), 1, "{people:?}");
    assert!(people[0].contains("Jalil Abbas Jilani"), "{people:?}");
    assert!(
        people[0].contains("Pakistan’s ambassador in Washington."),
        "{people:?}"
    );
    assert!(people[0].contains("mention"), "{people:?}");
    let beta = page(&site, "articles/beta.html");
    assert_eq!(texts(&beta, ".meta time"), ["c. September 2015"]);
    assert_eq!(beta.select(&sel(".approx")).count(), 1);
    let tl = page(&site, "timeline.html");
    assert_eq!(texts(&tl, ".timeline time"), ["24 September 2014"]);
}

#[test]
fn broken_fixture_reports_three_diagnostics_and_keeps_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    // A previous good build.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(dossier::write::MARKER), "").unwrap();
    std::fs::write(out.join("index.html"), "previous").unwrap();
    let stderr = failing_build(&fixture("broken"), &out);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    for loc in [
        "--> annotations/articles/delta.md:4:16",
        "--> annotations/articles/gamma.md:8:10",
        "--> annotations/articles/gamma.md:10:11",
    ] {
        assert!(
            stderr.lines().any(|l| l.trim() == loc),
            "missing {loc} in\n{stderr}"
        );
    }
    assert!(stderr.contains("unknown link target `nowhere-at-all`"));
    assert!(stderr.contains("cut matches nothing"));
    assert!(stderr.contains("invalid article front matter"));
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "previous"
    );
    assert_eq!(folder_names(dir.path()), ["site"], "nothing left beside it");
}

/// Runs `dossier build` on `root` into `out`; returns stderr, asserting exit code 1.
fn failing_build(root: &std::path::Path, out: &std::path::Path) -> String {
    let res = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&res.stderr).into_owned();
    assert_eq!(res.status.code(), Some(1), "{stderr}");
    stderr
}

/// Every file below `d`, by path relative to it, with its bytes.
fn tree(d: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(d)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(d).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The names in folder `d`, sorted.
fn folder_names(d: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Pages are written as they are rendered; a template that fails on some pages,
/// found after others were written, still leaves the output as it was, both a
/// previous build (updated in place) and a folder not yet made (written beside it).
#[test]
fn a_template_failing_midway_leaves_the_output_as_it_was() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let outs = tempfile::tempdir().unwrap();
    let out = outs.path().join("site");
    build_cli(root, &out, &[]);
    let before = tree(&out);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/term.html"),
        "{% extends \"base.html\" %}{% block content %}{{ term.nope }}{% endblock content %}",
    )
    .unwrap();
    for target in [out.clone(), outs.path().join("new")] {
        let stderr = failing_build(root, &target);
        assert!(stderr.contains("Field `nope` is not defined"), "{stderr}");
    }
    let after = tree(&out);
    assert!(before == after, "the previous build changed");
    assert_eq!(folder_names(outs.path()), ["site"], "no folder left behind");
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.md"), "mine").unwrap();
    let res = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(fixture("basic"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.md")).unwrap(),
        "mine"
    );
}

#[test]
fn shipped_dossier_builds_cleanly() {
    let mut diags = dossier::diagnostic::Diagnostics::new();
    let linked = dossier::check(&repo(), &mut diags).expect("loads");
    assert!(
        diags.is_empty(),
        "the shipped dossier must build without warnings:\n{}",
        diags.render(false)
    );
    assert_eq!(linked.articles.len(), 5);
    let (_t, site) = build(&repo());
    assert_links_resolve(&site);
    assert_no_junk(&site);
}

#[test]
fn absolute_urls_only_where_they_must_be() {
    let (_t, site) = build_with(&fixture("basic"), Some("https://user.github.io/repo"));
    let doc = page(&site, "articles/alpha.html");
    let attr = |sel_: &str, a: &str| -> Vec<String> {
        doc.select(&sel(sel_))
            .filter_map(|e| e.value().attr(a).map(str::to_string))
            .collect()
    };
    assert_eq!(
        attr("link[rel=canonical]", "href"),
        ["https://user.github.io/repo/articles/alpha.html"]
    );
    assert_eq!(
        attr("meta[property='og:url']", "content"),
        ["https://user.github.io/repo/articles/alpha.html"]
    );
    assert_eq!(attr("meta[property='og:type']", "content"), ["article"]);
    // Every other link stays relative.
    for (href, _) in internal_refs(&site, "articles/alpha.html") {
        assert!(!href.starts_with('/'), "{href}");
    }
    // The 404 page starts from the base path, whatever the depth it is served at.
    let nf = page(&site, "404.html");
    let css: Vec<&str> = nf
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|e| e.value().attr("href"))
        .collect();
    assert_eq!(css, ["/repo/static/style.css"]);
    // Without a base URL there is no canonical link.
    let (_t2, plain) = build(&fixture("basic"));
    assert_eq!(
        page(&plain, "articles/alpha.html")
            .select(&sel("link[rel=canonical]"))
            .count(),
        0
    );
}

/// `[[source]]` tables and `[@id]` citations: numbered links in the text, a Sources
/// list on the page, on articles, glossary entries and the introduction.
#[test]
fn citations_link_to_the_sources_list() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let edit = |rel: &str, from: &str, to: &str| {
        let p = root.join(rel);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    let source = "[[source]]\nid = \"un-2014\"\ntitle = \"Resolution 2178 <adopted>\"\npublisher = \"United Nations\"\ndate = \"2014-09-24\"\nurl = \"https://example.org/res2178\"\naccessed = \"2026-11-29\"\n\n[[source]]\nid = \"second\"\ntitle = \"Second\"\n";
    edit(
        "annotations/articles/alpha.md",
        "[[cut]]",
        &format!("{source}\n[[cut]]"),
    );
    edit(
        "annotations/articles/alpha.md",
        "Commentary links",
        "A claim [@un-2014]. Two at once [@second;\n@un-2014, p. 2]. Commentary links",
    );
    edit(
        "annotations/articles/alpha.md",
        "by the [[un-security-council|Security Council]]",
        "by the [[un-security-council|Security Council]] [@un-2014]",
    );
    edit(
        "annotations/glossary/pakistan.md",
        "+++\nThe country.",
        "[[source]]\nid = \"cia\"\ntitle = \"World Factbook\"\nurl = \"https://example.org/wfb\"\n+++\nThe country [@cia].",
    );
    let (_t, site) = build(root);
    let doc = page(&site, "articles/alpha.html");
    let cites: Vec<String> = doc
        .select(&sel(".commentary sup.cite"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(cites, ["[1]", "[1, p. 2; 2]"]);
    let hrefs: Vec<&str> = doc
        .select(&sel(".commentary sup.cite a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["#source-un-2014", "#source-un-2014", "#source-second"]
    );
    // No space before a marker: a line never starts with one.
    let commentary = texts(&doc, ".commentary p").join("");
    assert!(commentary.contains("A claim[1]."), "{commentary}");
    let items = texts(&doc, ".sources li");
    assert_eq!(items.len(), 2);
    assert!(
        items[0].contains("Resolution 2178 <adopted>")
            && items[0].contains("United Nations")
            && items[0].contains("24 September 2014")
            && items[0].contains("Accessed 29 November 2026"),
        "{items:?}"
    );
    assert_eq!(
        doc.select(&sel(
            "li#source-un-2014 a[href='https://example.org/res2178']"
        ))
        .count(),
        1
    );
    // On the timeline, an event's citation leads to its article's Sources list.
    let timeline = page(&site, "timeline.html");
    let cited: Vec<&str> = timeline
        .select(&sel("sup.cite a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(cited, ["articles/alpha.html#source-un-2014"]);
    let term = page(&site, "glossary/pakistan.html");
    assert_eq!(texts(&term, ".definition sup.cite"), ["[1]"]);
    assert_eq!(texts(&term, ".sources li a"), ["World Factbook"]);
}

/// The timeline groups events under year headings, in date order, each linking its
/// article.
#[test]
fn timeline_groups_events_by_year() {
    let (_t, site) = build(&repo());
    let doc = page(&site, "timeline.html");
    let years: Vec<i32> = texts(&doc, "main h2")
        .iter()
        .filter_map(|y| y.trim().parse().ok())
        .collect();
    assert!(years.len() >= 5, "{years:?}");
    assert!(years.windows(2).all(|w| w[0] < w[1]), "{years:?}");
    assert!(years.contains(&2016) && years.contains(&2025), "{years:?}");
    let dates: Vec<String> = doc
        .select(&sel("main time"))
        .filter_map(|t| t.value().attr("datetime").map(str::to_string))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

/// Runs `dossier build` on `root` into `out`; returns stderr, asserting success.
fn build_cli(root: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> String {
    let res = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--timings", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&res.stderr).into_owned();
    assert_eq!(res.status.code(), Some(0), "{stderr}");
    stderr
}

#[test]
fn a_second_build_does_only_what_changed() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    let out = root.join("site");
    let first = build_cli(root, &out, &[]);
    assert!(first.contains(", 0 unchanged, 0 deleted)"), "{first}");
    let snapshot = tree;
    let built = snapshot(&out);
    // Nothing changed: nothing done, nothing touched.
    let second = build_cli(root, &out, &[]);
    assert!(second.contains("is up to date"), "{second}");
    assert_eq!(snapshot(&out), built);
    // One annotation edited: the pages it shows on are written, the rest left alone,
    // and the result equals a fresh build.
    let art = root.join("annotations/articles/beta.md");
    let text = std::fs::read_to_string(&art).unwrap();
    std::fs::write(
        &art,
        text.replacen("title = \"", "summary = \"Edited.\"\ntitle = \"", 1),
    )
    .unwrap();
    let fourth = build_cli(root, &out, &[]);
    let fresh = root.join("fresh");
    build_cli(root, &fresh, &[]);
    assert_eq!(snapshot(&out), snapshot(&fresh));
    let written: usize = fourth
        .split(" written, ")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{fourth}"));
    assert!(written > 0 && written < built.len() / 2, "{fourth}");
    // Another base URL is another site.
    let third = build_cli(root, &out, &["--base-url", "https://example.org/d/"]);
    assert!(third.contains("built "), "{third}");
}

#[test]
fn a_build_with_warnings_is_never_skipped() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    std::fs::write(
        root.join("seeds/unannotated.txt"),
        "A seed no annotation names.\n",
    )
    .unwrap();
    let out = root.join("site");
    for _ in 0..2 {
        let stderr = build_cli(root, &out, &[]);
        assert!(stderr.contains("warning:"), "{stderr}");
        assert!(!stderr.contains("up to date"), "{stderr}");
    }
}

#[test]
fn long_lists_are_paged_and_every_entry_is_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    crate::golden::corpus::generate(dir.path(), 150, 30);
    let (_t, site) = build(dir.path());
    let cards = |rel: &str| texts(&page(&site, rel), ".cards .card h3");
    let (first, second) = (cards("index.html"), cards("index.page-2.html"));
    assert_eq!((first.len(), second.len()), (100, 50));
    let mut all: Vec<String> = first.iter().chain(&second).cloned().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 150, "an article on two pages, or on none");
    // Pager links, and every internal link of each paged page resolves.
    let index = page(&site, "index.html");
    let next = index.select(&sel(".pager a[rel=next]")).next().unwrap();
    assert_eq!(next.value().attr("href"), Some("index.page-2.html"));
    assert!(texts(&page(&site, "index.page-2.html"), ".intro").is_empty());
    for rel in [
        "index.page-2.html",
        "timeline.page-2.html",
        "glossary/term-0.page-2.html",
    ] {
        for (href, target) in internal_refs(&site, rel) {
            assert!(site.join(&target).is_file(), "{rel}: {href} → {target}");
        }
    }
    // A term's articles: page 1 with the definition and the first 20 in context,
    // the others by title; then the rest by title, without the definition.
    let named = |rel: &str| {
        let doc = page(&site, rel);
        (
            texts(&doc, ".kwic-article a"),
            texts(&doc, ".mentioned-list a"),
        )
    };
    let ((in_context, by_title), (p2_context, p2)) = (
        named("glossary/term-0.html"),
        named("glossary/term-0.page-2.html"),
    );
    assert_eq!((in_context.len(), by_title.len()), (20, 80));
    let p1: Vec<String> = in_context.into_iter().chain(by_title).collect();
    assert!(p2_context.is_empty(), "{p2_context:?}");
    assert!(!p2.is_empty() && p2.iter().all(|l| !p1.contains(l)));
    let heading = texts(&page(&site, "glossary/term-0.html"), "#mentions-heading");
    assert_eq!(
        heading,
        [format!("Mentioned in {} articles", p1.len() + p2.len())]
    );
    assert!(texts(&page(&site, "glossary/term-0.page-2.html"), ".definition").is_empty());
    // Search finds the term once: its first page is indexed, the others are not.
    let indexed = |rel: &str| {
        page(&site, rel)
            .select(&sel("[data-pagefind-body]"))
            .count()
    };
    assert_eq!(indexed("glossary/term-0.html"), 1);
    assert_eq!(indexed("glossary/term-0.page-2.html"), 0);
    // The timeline: years link to the page they start on.
    let years = page(&site, "timeline.html");
    let starts: Vec<&str> = years
        .select(&sel("nav[aria-label=Years] a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        starts
            .iter()
            .any(|h| h.starts_with("timeline.page-2.html#year-")),
        "{starts:?}"
    );
}

#[test]
fn provenance_and_glossary_say_only_what_is_there() {
    let (_t, site) = build(&fixture("basic"));
    // beta has no fix: its provenance says nothing of corrections; alpha has one.
    let said = |rel: &str| texts(&page(&site, rel), ".provenance p").join(" ");
    assert!(
        !said("articles/beta.html").contains("correction"),
        "{}",
        said("articles/beta.html")
    );
    assert!(said("articles/alpha.html").contains("1 editorial correction shown"));
    // A term the article texts never name says so, rather than "0 mentions".
    let (_s, shipped) = build(&repo());
    let glossary = page(&shipped, "glossary/index.html");
    let entries = texts(&glossary, ".entry").join("\n");
    let zero = entries
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0] == "0" && w[1].starts_with("mention"));
    assert!(!zero, "{entries}");
    assert!(entries.contains("not named in the article texts"));
    // Every jump link names a heading of the page.
    for a in glossary.select(&sel(".letters a")) {
        let id = &a.value().attr("href").unwrap()[1..];
        assert_eq!(
            glossary.select(&sel(&format!("h2#{id}"))).count(),
            1,
            "{id}"
        );
    }
}

/// A source's archived copy is a link labelled "archived copy" beside the original,
/// and its note plain text after it.
#[test]
fn sources_show_their_archived_copy_and_note() {
    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    std::fs::write(
        root.join("annotations/glossary/pakistan.md"),
        "+++\nterm = \"Pakistan\"\nkind = \"place\"\n\n[[source]]\nid = \"copy\"\ntitle = \"A report\"\npublisher = \"A copy site\"\ndate = \"2016\"\nurl = \"https://copy.example.org/a\"\narchived = \"https://web.archive.org/web/2016/https://copy.example.org/a\"\nnote = \"A copy of <the> report & more; the original is gone.\"\n+++\nThe country [@copy].\n",
    )
    .unwrap();
    let (_t, site) = build(root);
    let doc = page(&site, "glossary/pakistan.html");
    let item = doc
        .select(&sel("li#source-copy"))
        .next()
        .expect("the source");
    let links: Vec<(String, String)> = item
        .select(&sel("a"))
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default().to_string();
            (a.text().collect(), href)
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "A report".to_string(),
                "https://copy.example.org/a".to_string()
            ),
            (
                "archived copy".to_string(),
                "https://web.archive.org/web/2016/https://copy.example.org/a".to_string()
            ),
        ]
    );
    assert_eq!(
        texts(&doc, "li#source-copy .source-note"),
        ["A copy of <the> report & more; the original is gone."]
    );
    let html = std::fs::read_to_string(site.join("glossary/pakistan.html")).unwrap();
    assert!(
        html.contains("A copy of &lt;the&gt; report &amp; more"),
        "escaped"
    );
}
