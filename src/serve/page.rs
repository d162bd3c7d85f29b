//! What `serve` adds to every HTML page: the live-reload script (server-sent events
//! from [`EVENTS_PATH`](super::EVENTS_PATH)) and, while the last edit has errors, an
//! overlay listing them with their file and line; while it has only warnings, a
//! panel in a corner that lists those.

use crate::diagnostic::{Diagnostics, Severity};
use crate::render::escape;

/// The script injected into every HTML page.
pub(super) const LIVE_RELOAD: &str = r#"<script>(function(){var s=new EventSource("/__dossier/events");s.addEventListener("reload",function(){location.reload();});})();</script>"#;

/// The overlay over a page while the last edit has errors: every error, then every
/// warning, each with its file and line.
pub(super) fn overlay_html(diags: &Diagnostics) -> String {
    let items = listed(diags, Severity::Error) + &listed(diags, Severity::Warning);
    format!(
        "<div id=\"dossier-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:9999;overflow:auto;\
         background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;padding:2rem\">\
         <h2 style=\"color:#ff8080;margin-top:0\">dossier: the last edit has {}; showing the last good build</h2>\
         <ul style=\"list-style:none;padding:0\">{items}</ul></div>",
        diags.summary()
    )
}

/// The panel in a corner of every page while the site builds with warnings (a close
/// match of a note's quote, say): closed, it says how many; open, it lists them.
pub(super) fn warnings_html(diags: &Diagnostics) -> Option<String> {
    let n = diags.warning_count();
    (n > 0).then(|| {
        format!(
            "<details id=\"dossier-warnings\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:9999;max-width:min(46rem,90vw);\
             max-height:70vh;overflow:auto;background:#2b2411;color:#f8f1dc;font:13px/1.5 ui-monospace,monospace;\
             padding:.5rem 1rem;border:2px solid #d9a400;border-radius:6px\"><summary style=\"cursor:pointer\">dossier: {}</summary>\
             <ul style=\"list-style:none;padding:0\">{}</ul></details>",
            crate::diagnostic::counted(n, "warning"),
            listed(diags, Severity::Warning)
        )
    })
}

/// The diagnostics of one severity as list items.
fn listed(diags: &Diagnostics, severity: Severity) -> String {
    let mut items = String::new();
    for d in diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == severity)
    {
        items.push_str(&format!(
            "<li data-location=\"{}\"><strong>{}</strong> {}<pre style=\"white-space:pre-wrap\">{}</pre></li>",
            escape(&d.location()),
            escape(&d.location()),
            escape(&d.message),
            escape(&d.render())
        ));
    }
    items
}

pub(super) fn inject(html: &[u8], overlay: Option<&str>, script: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let extra = format!(
        "{}{}{}",
        overlay.unwrap_or(""),
        script.unwrap_or(""),
        LIVE_RELOAD
    );
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
            None,
        ))
        .unwrap();
        assert!(out.ends_with(&format!("<div>o</div>{LIVE_RELOAD}</body></html>")));
    }
}
