//! What counts as script in a built page, shared by the XSS test, the property tests
//! and the fuzz targets (which include this file by path): script-like elements,
//! `<meta http-equiv>`, event-handler attributes, `srcdoc`, and URL attributes with
//! a scheme the engine refuses.

use scraper::{ElementRef, Html};

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
        ) {
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
