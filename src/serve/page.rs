//! What `serve` adds to every HTML page: the live-reload script (server-sent events
//! from [`EVENTS_PATH`](super::EVENTS_PATH)) and, while the last edit has errors, an
//! overlay listing them with their file and line.

use crate::diagnostic::Diagnostics;
use crate::render::escape;

/// The script injected into every HTML page.
pub(super) const LIVE_RELOAD: &str = r#"<script>(function(){var s=new EventSource("/__dossier/events");s.addEventListener("reload",function(){location.reload();});})();</script>"#;

pub(super) fn overlay_html(diags: &Diagnostics) -> String {
    let mut items = String::new();
    for d in diags.sorted() {
        if d.severity != crate::diagnostic::Severity::Error {
            continue;
        }
        items.push_str(&format!(
            "<li><strong>{}</strong> {}<pre>{}</pre></li>",
            escape(&d.location()),
            escape(&d.message),
            escape(&d.render())
        ));
    }
    format!(
        "<div id=\"dossier-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:9999;overflow:auto;\
         background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;padding:2rem\">\
         <h2 style=\"color:#ff8080;margin-top:0\">dossier: the last edit has {}; showing the last good build</h2>\
         <ul style=\"list-style:none;padding:0\">{items}</ul></div>",
        crate::diagnostic::counted(diags.error_count(), "error")
    )
}

pub(super) fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let extra = format!("{}{}", overlay.unwrap_or(""), LIVE_RELOAD);
    match text.rfind("</body>") {
        Some(i) => format!("{}{}{}", &text[..i], extra, &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<div>o</div>"),
        ))
        .unwrap();
        assert!(out.ends_with(&format!("<div>o</div>{LIVE_RELOAD}</body></html>")));
    }
}
