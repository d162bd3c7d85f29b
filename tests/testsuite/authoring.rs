//! What authors use while they write: edit links on the published site, and the
//! JSON Schema of the front matter for their editor.

use crate::common::*;

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
    let toml = std::fs::read_to_string(root.join("dossier.toml")).unwrap();
    std::fs::write(
        root.join("dossier.toml"),
        format!("{toml}edit_url = \"https://github.com/owner/repo/edit/main/{{path}}\"\n"),
    )
    .unwrap();
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
