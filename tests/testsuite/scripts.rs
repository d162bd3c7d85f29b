//! What counts as script in a built page, shared by the XSS test, the property tests
//! and the fuzz targets (which include this file by path): script-like elements,
//! `<meta http-equiv>`, event-handler attributes, `srcdoc`, and URL attributes with
//! a scheme the engine refuses.

use scraper::{ElementRef, Html};

/// The default theme's own search elements, which no input can shape: its two scripts
/// (loaded from the site, by fixed names) and the header's search form (a GET to the
/// site's search page).
fn is_theme_element(el: &ElementRef) -> bool {
    let v = el.value();
    // Same site: relative, or from the site's base path (the 404 page).
    let relative = |url: &str| !url.contains(':') && !url.starts_with("//");
    let only = |allowed: &[&str]| v.attrs().all(|(a, _)| allowed.contains(&a));
    match v.name() {
        "script" => match (v.attr("src"), v.attr("type")) {
            // schema.org data: not run, and JSON that cannot hold `<` (so it cannot end
            // the element early).
            (None, Some("application/ld+json")) => {
                let text: String = el.text().collect();
                only(&["type"])
                    && !text.contains('<')
                    && serde_json::from_str::<serde_json::Value>(&text).is_ok()
            }
            (Some(src), None) => {
                relative(src)
                    && (src.ends_with("static/search.js")
                        || src.ends_with("static/cite.js")
                        || src.ends_with("static/seed.js")
                        || src.ends_with("pagefind/pagefind-ui.js"))
                    && only(&["src", "defer"])
            }
            _ => false,
        },
        "form" => {
            v.attr("action")
                .is_some_and(|a| relative(a) && a.ends_with("search.html"))
                && v.attr("method").is_none()
                && only(&["class", "role", "action"])
        }
        _ => false,
    }
}

/// Every way a parsed HTML document could run script: script-like elements, event
/// handler attributes, `srcdoc`, and URL attributes with a refused scheme.
pub fn scripts_in(doc: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let name = el.value().name();
        if matches!(
            name,
            "script" | "iframe" | "frame" | "object" | "embed" | "base" | "form" | "applet"
        ) && !is_theme_element(&el)
        {
            found.push(format!("<{name}> element"));
        }
        if name == "meta" && el.value().attr("http-equiv").is_some() {
            found.push("<meta http-equiv>".into());
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "srcdoc" {
                found.push(format!("{attr}= on <{name}>"));
            }
            let url_attr = matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "poster"
                    | "cite"
                    | "background"
            );
            if url_attr && !dossier::url::is_allowed(value) {
                found.push(format!("{attr}={value:?} on <{name}>"));
            }
        }
    }
    found
}
