//! What authors use while they write: edit links on the published site, and the
//! JSON Schema of the front matter for their editor.

use crate::common::*;

/// Sets `edit_url` in the dossier at `root` to GitHub's edit page of owner/repo.
fn with_edit_url(root: &std::path::Path) {
    let toml = std::fs::read_to_string(root.join("dossier.toml")).unwrap();
    std::fs::write(
        root.join("dossier.toml"),
        format!("{toml}edit_url = \"https://github.com/owner/repo/edit/main/{{path}}\"\n"),
    )
    .unwrap();
}

#[test]
fn edit_url_links_each_article_and_term_to_its_file() {
    let (_d, site) = build(&fixture("basic"));
    assert_eq!(
        page(&site, "articles/alpha.html")
            .select(&sel(".edit-link"))
            .count(),
        0
    );

    let dir = copy_dossier(&fixture("basic"));
    let root = dir.path();
    with_edit_url(root);
    let (_d, site) = build(root);
    let href = |rel: &str| {
        let doc = page(&site, rel);
        let a = doc.select(&sel(".edit-link a")).next().map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect::<String>(),
            )
        });
        a
    };
    assert_eq!(
        href("articles/alpha.html"),
        Some((
            "https://github.com/owner/repo/edit/main/annotations/articles/alpha.md".to_string(),
            "Edit this annotation".to_string()
        ))
    );
    assert_eq!(
        href("glossary/people/jilani.html").map(|h| h.0),
        Some(
            "https://github.com/owner/repo/edit/main/annotations/glossary/people/jilani.md"
                .to_string()
        )
    );
}

/// `dossier schema <what>`, parsed.
fn schema_of(what: &str) -> jsonschema::Validator {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["schema", what])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    jsonschema::draft202012::new(&v).expect("a valid JSON Schema")
}

/// A TOML text as the JSON value a schema checks.
fn as_json(toml_text: &str) -> serde_json::Value {
    let v: toml::Value = toml::from_str(toml_text).expect("TOML");
    serde_json::to_value(v).unwrap()
}

/// The front matter of an annotation (between its `+++` lines).
fn front_matter(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text
        .trim_start_matches('\u{feff}')
        .strip_prefix("+++")
        .unwrap();
    rest[..rest.find("\n+++").unwrap()].to_string()
}

fn errors(v: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schemas_accept_the_shipped_dossier_and_reject_wrong_types() {
    let root = repo();
    let article = schema_of("article");
    let term = schema_of("term");
    let mut checked = 0;
    for e in walkdir::WalkDir::new(root.join("annotations")) {
        let e = e.unwrap();
        let p = e.path();
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let (v, what) = if p.starts_with(root.join("annotations/articles")) {
            (&article, "article")
        } else if p.starts_with(root.join("annotations/glossary")) {
            (&term, "term")
        } else {
            (&schema_of("index"), "index")
        };
        let e = errors(v, &as_json(&front_matter(p)));
        assert!(e.is_empty(), "{} ({what}): {e:?}", p.display());
        checked += 1;
    }
    assert!(checked > 100, "{checked} annotations");
    let toml = |rel: &str| as_json(&std::fs::read_to_string(root.join(rel)).unwrap());
    assert_eq!(
        errors(&schema_of("config"), &toml("dossier.toml")),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(
            &schema_of("boilerplate"),
            &toml("annotations/boilerplate.toml")
        ),
        Vec::<String>::new()
    );

    // What the loader rejects, the schema rejects too.
    let alpha = front_matter(&root.join("annotations/articles/daesh-information-sharing-2016.md"));
    for (from, to, why) in [
        ("title = \"", "title = 1 # \"", "not of type \"string\""),
        ("seed = ", "sede = ", "Additional properties"),
        (
            "date = \"2016-03-10\"",
            "date = \"10 March 2016\"",
            "does not match",
        ),
    ] {
        let bad = alpha.replacen(from, to, 1);
        assert_ne!(bad, alpha);
        let e = errors(&article, &as_json(&bad));
        assert!(e.iter().any(|m| m.contains(why)), "{from} → {to}: {e:?}");
    }
    let e = errors(&term, &as_json("term = \"X\"\nkind = \"thing\""));
    assert!(e.iter().any(|m| m.contains("thing")), "{e:?}");
}

#[test]
fn the_published_build_has_no_authoring_script_and_no_source_locations() {
    // With edit links on, so that the annotation paths they name are in the pages.
    let dir = copy_dossier(&repo());
    let root = dir.path();
    with_edit_url(root);
    let (_d, site) = build(root);
    let mut pages = 0;
    let mut edit_links = 0;
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let rel = e.path().strip_prefix(&site).unwrap().display().to_string();
        // What `serve` adds to a page: its settings, its scripts, its endpoints.
        for serve_only in ["__dossierServe", "/__dossier/", "dossier serve only"] {
            assert!(!text.contains(serve_only), "{rel} holds {serve_only:?}");
        }
        // No page shows a file:line of an annotation (a path may appear in an edit
        // link, never a line), except where the provenance panel names the rule that
        // cut a line (as the data export's `cuts` do).
        if !rel.ends_with(".html") {
            continue;
        }
        let text = without_cut_tables(&text);
        for (i, _) in text.match_indices(".md:") {
            let after = &text[i + 4..];
            assert!(
                !after.starts_with(|c: char| c.is_ascii_digit()),
                "{rel}: a source location near {:?}",
                &text[i.saturating_sub(60)..(i + 10).min(text.len())]
            );
        }
        pages += 1;
        edit_links += text.matches("class=\"edit-link\"").count();
    }
    assert!(pages > 100, "{pages} pages");
    // Every article and term page has its edit link.
    assert!(edit_links >= 5 + 100, "{edit_links} edit links");
}

/// `html` without its tables of cut lines (`table.removed`), whose rule column names
/// the file and line of each cut rule: provenance for readers, not an edit mark.
fn without_cut_tables(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<table class=\"removed\">") {
        out.push_str(&rest[..i]);
        rest = rest[i..]
            .split_once("</table>")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}
