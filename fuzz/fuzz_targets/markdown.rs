//! Arbitrary Markdown through the annotation renderer with raw HTML not allowed:
//! the HTML holds no script, frame, object or embed element, no event handler and no
//! href/src with a refused scheme. The wiki-links and URLs found have spans inside
//! the text, on char boundaries. The other entry points must not panic.

#![no_main]

use dossier::markdown::{
    first_paragraph_text, sanitise, to_html, to_inline_html, urls, wiki_links, Links,
};
use dossier_fuzz::check_fragment;
use libfuzzer_sys::fuzz_target;

/// Like the render stage's resolver: a known target becomes a relative link to its
/// page, titled with the page's title (here the target itself, user text); the rest
/// are unknown.
fn links(allow_raw_html: bool) -> Links<'static> {
    Links {
        resolve: Box::new(|t: &str| {
            (!t.is_empty() && !t.len().is_multiple_of(3)).then(|| {
                let path = dossier::render::encode_path(&format!("glossary/{t}.html"));
                dossier::markdown::Resolved {
                    href: format!("../{path}"),
                    title: t.to_string(),
                    by_slug: t.len().is_multiple_of(2),
                }
            })
        }),
        allow_raw_html,
        sources: &[],
        sources_page: String::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let md = String::from_utf8_lossy(data);
    let md = md.as_ref();
    let in_text = |span: &std::ops::Range<usize>| {
        span.start <= span.end
            && span.end <= md.len()
            && md.is_char_boundary(span.start)
            && md.is_char_boundary(span.end)
    };
    for l in wiki_links(md) {
        assert!(
            in_text(&l.span),
            "wiki-link span {:?} of {}",
            l.span,
            md.len()
        );
    }
    for u in urls(md) {
        assert!(in_text(&u.span), "URL span {:?} of {}", u.span, md.len());
    }
    let safe = links(false);
    check_fragment(&to_html(md, &safe));
    check_fragment(&to_inline_html(md, &safe));
    check_fragment(&sanitise(md));
    let _ = first_paragraph_text(md);
    let _ = to_html(md, &links(true));
});
