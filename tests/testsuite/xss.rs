//! Untrusted text never runs: a dossier whose every field, file name and Markdown
//! body carries script payloads builds, and no output file holds executable script.

use std::path::Path;

use crate::common::*;
use crate::scripts::scripts_in;

/// Payloads that break out of text, attributes, comments and tags.
const P: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><script>alert(2)</script>",
    "'><img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "</title><script>alert(5)</script>",
    "<iframe src=\"javascript:alert(6)\"></iframe>",
    "<!-- <a href=\"javascript:alert(7)\">x</a> -->",
    "<object data=\"javascript:alert(8)\"></object>",
    "{{ site.title }}{% raw %}",
];

fn all(sep: &str) -> String {
    P.join(sep)
}

/// TOML basic string holding `s`.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A dossier with payloads everywhere a user can type.
fn hostile_dossier(root: &Path) {
    write(
        root,
        "dossier.toml",
        &format!(
            "title = {}\ndescription = {}\nauthor = {}\nlanguage = {}\nbase_url = {}\nedit_url = {}\n",
            q(&all(" ")),
            q(P[1]),
            q(P[2]),
            q("en\"><script>alert(0)</script>"),
            q("https://example.org/a'b&c<i>\"d/"),
            q("https://example.org/\"><script>alert(2)</script>{path}")
        ),
    );
    let seed_names = [
        "evil.html".to_string(),
        "evil.svg".to_string(),
        format!("x{}.htm", P[2].replace('/', "")),
    ];
    let seed_text = format!(
        "Headline {}\n<html><body onload=alert(1)><script>alert(1)</script>\nThe Islamic State <b>attack</b> {} was reported.\nSecond line {}\n",
        P[0],
        P[3],
        all(" | ")
    );
    for (i, name) in seed_names.iter().enumerate() {
        write(root, &format!("seeds/{name}"), &seed_text);
        let md = format!(
            "+++\nseed = {}\ntitle = {}\ndate = \"2016-0{}\"\npublication = {}\nbyline = {}\nsummary = {}\ntags = [{}, {}]\nurl = \"https://example.org/?q=%3Cscript%3E\"\n\n[[cut]]\ntext = \"Headline \"\nreason = {}\n\n[[fix]]\nfind = \"attack\"\nreplace = {}\nnote = {}\n\n[[event]]\ndate = \"2016-01-0{}\"\ntext = {}\n+++\nCommentary {}\n\n<div onclick=\"alert(1)\">{}</div>\n\n[[islamic-state|{}]] [link](https://example.org/\"><script>alert(1)</script>)\n\n## Notes\n\n> Second line\nprefix = {}\n\nNote {}\n",
            q(name),
            q(&format!("Title {i} {}", all(" "))),
            i + 1,
            q(P[1]),
            q(P[2]),
            q(P[4]),
            q(P[0]),
            q(P[3]),
            q(P[5]),
            q(P[0]),
            q(P[2]),
            i + 1,
            q(&format!("Event {}", all(" "))),
            all("\n\n"),
            P[0],
            P[1],
            q(P[4]),
            all(" "),
        );
        write(root, &format!("annotations/articles/a{i}.md"), &md);
    }
    // Enough more articles, events and mentions that the index, the timeline and the
    // term's list of articles are paged: the later pages carry payloads too.
    for i in 0..101 {
        let name = format!("p{i}.txt");
        write(
            root,
            &format!("seeds/{name}"),
            &format!("The Islamic State {} was named.\n", P[i % P.len()]),
        );
        let md = format!(
            "+++\nseed = {}\ntitle = {}\ndate = \"2017-01\"\nsummary = {}\n\n[[event]]\ndate = \"2017-01-02\"\ntext = {}\n+++\nCommentary {}\n",
            q(&name),
            q(&format!("Paged {i} {}", P[i % P.len()])),
            q(P[(i + 1) % P.len()]),
            q(&format!("Event {}", P[(i + 2) % P.len()])),
            P[(i + 3) % P.len()],
        );
        write(root, &format!("annotations/articles/p{i}.md"), &md);
    }
    write(
        root,
        "annotations/glossary/islamic-state.md",
        &format!(
            "+++\nterm = \"Islamic State\"\naliases = [{}, {}]\nweak_aliases = [{}]\nkind = \"group\"\n[[source]]\nid = \"s1\"\ntitle = {}\npublisher = {}\nauthor = {}\nurl = \"https://example.org/?a=%22%3E\"\narchived = {}\nnote = {}\n+++\nDefinition [@s1, {}] {}\n",
            q(&format!("IS{}", P[1])),
            q(P[0]),
            q(P[3]),
            q(P[1]),
            q(P[2]),
            q(P[4]),
            q("https://web.archive.org/web/2016/\"><script>alert(9)</script>"),
            q(&all(" ")),
            "p. 4 \"quoted\" & 'more'",
            all("\n\n")
        ),
    );
    // A second term named in the same paragraphs, so that each lists the other.
    write(
        root,
        "annotations/glossary/reported.md",
        &format!(
            "+++\nterm = {}\naliases = [\"was reported\"]\nkind = \"concept\"\n+++\nReported {}\n",
            q(&format!("Reported {}", P[0])),
            P[1]
        ),
    );
    write(
        root,
        "annotations/index.md",
        &format!("+++\ntitle = {}\n+++\nIntro {}\n", q(P[1]), all("\n\n")),
    );
    write(
        root,
        "annotations/boilerplate.toml",
        &format!("[[cut]]\nlines = [\"Nope\"]\nreason = {}\n", q(P[0])),
    );
}

/// Markup in a search fragment (gzipped `pagefind_dcd{json}`) that Pagefind's UI
/// would insert as HTML. Its JavaScript escapes `<` and `>` of the page text before it
/// builds excerpts, and shows titles and metadata as text; but it inserts filter names
/// and values as HTML, so no `<` may be left in them.
fn markup_in_fragment(path: &Path) -> Vec<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let json = text
        .strip_prefix("pagefind_dcd")
        .expect("a Pagefind fragment");
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut found = Vec::new();
    let Some(filters) = value.get("filters").and_then(|f| f.as_object()) else {
        return found;
    };
    for (name, values) in filters {
        let values = values.as_array().into_iter().flatten();
        for v in std::iter::once(name.as_str()).chain(values.filter_map(|v| v.as_str())) {
            if v.contains('<') {
                found.push(format!("markup in filter {name}: {v:?}"));
            }
        }
    }
    // The payloads did reach the index, as text (so this check is not vacuous).
    assert!(value.get("content").is_some(), "{}", path.display());
    found
}

/// Script in the HTML of TimelineJS's slides (headlines and texts).
fn timeline_js_scripts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let slides = value["events"]
        .as_array()
        .unwrap()
        .iter()
        .chain([&value["title"]]);
    let mut found = Vec::new();
    let mut payloads = 0;
    for slide in slides {
        for field in ["headline", "text"] {
            let html = slide["text"][field].as_str().unwrap_or_default();
            payloads += usize::from(html.contains("&lt;script&gt;"));
            let doc = scraper::Html::parse_fragment(html);
            found.extend(
                scripts_in(&doc)
                    .into_iter()
                    .map(|s| format!("{field}: {s}")),
            );
        }
    }
    // The payloads reached the slides, as text.
    assert!(payloads > 0, "no payload in {}", path.display());
    found
}

/// What is wrong with an XML output: not well-formed, or an element outside the
/// feed's or the sitemap's namespace (markup smuggled in from the input).
fn foreign_xml(text: &str) -> Vec<String> {
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => return vec![format!("not well-formed: {e}")],
    };
    let own = [
        "http://www.w3.org/2005/Atom",
        "http://www.sitemaps.org/schemas/sitemap/0.9",
    ];
    doc.descendants()
        .filter(|n| n.is_element())
        .filter(|n| !n.tag_name().namespace().is_some_and(|ns| own.contains(&ns)))
        .map(|n| format!("foreign element <{}>", n.tag_name().name()))
        .collect()
}

#[test]
fn no_input_puts_executable_script_into_any_output() {
    let dir = tempfile::tempdir().unwrap();
    hostile_dossier(dir.path());
    let (_out, site) = build(dir.path());
    // The publication pages, named by hostile publications, are among those scanned.
    let publications = std::fs::read_dir(site.join("publications"))
        .unwrap()
        .count();
    assert!(publications > 0);
    let mut problems = Vec::new();
    let mut pages = 0;
    let mut xml_files = 0;
    let mut bibs = 0;
    for e in walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let ext = rel.rsplit('.').next().unwrap_or("");
        match ext {
            "html" => {
                pages += 1;
                let doc = page(&site, &rel);
                for s in scripts_in(&doc) {
                    problems.push(format!("{rel}: {s}"));
                }
            }
            // An SVG runs script when opened by itself: the same scan as a page.
            "svg" => {
                let text = std::fs::read_to_string(site.join(&rel)).unwrap();
                for s in scripts_in(&scraper::Html::parse_document(&text)) {
                    problems.push(format!("{rel}: {s}"));
                }
            }
            // The search index: each page's text, which Pagefind's UI shows as HTML.
            "pf_fragment" => {
                for s in markup_in_fragment(&site.join(&rel)) {
                    problems.push(format!("{rel}: {s}"));
                }
            }
            // The titles and names search answers from on disk: one JSON value.
            "js" if rel == "search-titles.js" => {
                let text = std::fs::read_to_string(site.join(&rel)).unwrap();
                let json = text
                    .trim_end()
                    .strip_prefix("window.dossierTitles = ")
                    .and_then(|j| j.strip_suffix(';'));
                if json.is_none_or(|j| serde_json::from_str::<serde_json::Value>(j).is_err()) {
                    problems.push(format!("{rel}: not `window.dossierTitles = <JSON>;`"));
                }
            }
            // The data export: data for other tools, which must parse as JSON.
            "gz" if rel == "dossier.json.gz" => {
                let gz = std::fs::read(site.join(&rel)).unwrap();
                match serde_json::from_slice::<serde_json::Value>(&gunzip(&gz)) {
                    // A note's context line is data, kept as written.
                    Ok(v) if v["articles"][0]["notes"][0]["prefix"] != P[4] => {
                        problems.push(format!("{rel}: the note's prefix is not as written"));
                    }
                    Ok(_) => {}
                    Err(_) => problems.push(format!("{rel}: not JSON")),
                }
            }
            // Citations: BibTeX that parses (its braces balance whatever the input),
            // CSL-JSON that parses.
            "bib" => {
                let text = std::fs::read_to_string(site.join(&rel)).unwrap();
                match biblatex::Bibliography::parse(&text) {
                    Ok(b) if b.len() == 2 => bibs += 1,
                    Ok(b) => problems.push(format!("{rel}: {} entries", b.len())),
                    Err(e) => problems.push(format!("{rel}: {e}")),
                }
            }
            "json" if rel.starts_with("articles/") => {
                let text = std::fs::read_to_string(site.join(&rel)).unwrap();
                if let Err(e) = citeworks_csl::from_str(&text) {
                    problems.push(format!("{rel}: not CSL-JSON: {e}"));
                }
            }
            // TimelineJS inserts each slide's headline and text as HTML.
            "json" if rel == "timeline.json" => {
                for s in timeline_js_scripts(&site.join(&rel)) {
                    problems.push(format!("{rel}: {s}"));
                }
            }
            // Pagefind's code and index chunks, and the theme's scripts: fixed files.
            "js" | "css" | "json" | "pagefind" | "pf_meta" | "pf_index" | "pf_filter"
                if rel.starts_with("pagefind/")
                    || rel == "static/search.js"
                    || rel == "static/cite.js"
                    || rel == "static/seed.js" => {}
            // The feed and the sitemap: well-formed, and only their own elements.
            "xml" => {
                let text = std::fs::read_to_string(site.join(&rel)).unwrap();
                problems.extend(
                    foreign_xml(&text)
                        .into_iter()
                        .map(|p| format!("{rel}: {p}")),
                );
                xml_files += 1;
            }
            // Plain text (seeds), the stylesheet, the Pages markers.
            "txt" | "css" | "nojekyll" | "dossier" => {}
            _ if rel == ".nojekyll" || rel == ".dossier" => {}
            _ => problems.push(format!("{rel}: unexpected kind of output file")),
        }
    }
    assert!(pages >= 10, "{pages} pages");
    // The pages scanned hold what the analyst and authoring features add around the
    // payloads: mentions in context, shared passages (the evil seeds share their
    // text), the terms named with a term, and edit links built from `edit_url`.
    let a0 = page(&site, "articles/a0.html");
    let term = page(&site, "glossary/islamic-state.html");
    for (rel, doc, what) in [
        ("glossary/islamic-state.html", term.clone(), ".kwic li"),
        ("glossary/islamic-state.html", term, ".cooccurs li"),
        ("articles/a0.html", a0.clone(), ".shared-passages li"),
        ("articles/a0.html", a0.clone(), ".para .shared"),
        ("articles/a0.html", a0, ".edit-link a"),
    ] {
        assert!(doc.select(&sel(what)).count() > 0, "{rel} has no {what}");
    }
    assert_eq!(xml_files, 2, "atom.xml and sitemap.xml");
    assert!(bibs > 100, "{bibs} BibTeX files parsed");
    for paged in [
        "index.page-2.html",
        "timeline.page-2.html",
        "glossary/islamic-state.page-2.html",
    ] {
        assert!(
            site.join(paged).is_file(),
            "{paged} not built: the paged pages go unchecked"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The payloads did reach the pages, as text.
    let article = page(&site, "articles/a0.html");
    let title = texts(&article, "main h1").join("");
    assert!(title.contains(P[0]) && title.contains(P[1]), "{title}");
    // Citations and the Sources list carry their payloads as text.
    let term = page(&site, "glossary/islamic-state.html");
    assert_eq!(term.select(&sel("sup.cite a")).count(), 1);
    assert!(texts(&term, ".sources li").join("").contains(P[1]));
    // The feed carries them as text too.
    let feed = std::fs::read(site.join("atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(&feed[..]).unwrap();
    let titles: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|e| e.title.clone())
        .map(|t| t.content)
        .collect();
    assert!(titles.iter().any(|t| t.contains(P[0])), "{titles:?}");
    // Seeds of any name are published as plain text only.
    for name in ["evil.html.txt", "evil.svg.txt"] {
        assert!(site.join("seeds").join(name).is_file(), "{name}");
    }
    assert!(!site.join("seeds/evil.html").exists() && !site.join("seeds/evil.svg").exists());
}
