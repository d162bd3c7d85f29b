//! Anchoring a note quote: the input, as the quote line(s) of the `## Notes` section
//! of the basic fixture's `alpha` article (every line after `> `), through the whole
//! pipeline. Asserts: no panic, every diagnostic renders, an error never comes with
//! a site; a one-line quote that occurs exactly in the cleaned text is anchored (no
//! "not found" error).

#![no_main]

use std::sync::OnceLock;

use dossier::diagnostic::Diagnostics;
use dossier_fuzz::{build, Scratch};
use libfuzzer_sys::fuzz_target;

const ARTICLE: &str = "annotations/articles/alpha.md";

struct State {
    scratch: Scratch,
    /// The fixture's `alpha` article up to and including its `## Notes` line.
    head: String,
    /// The cleaned paragraphs of `alpha`.
    paragraphs: Vec<String>,
}

static STATE: OnceLock<State> = OnceLock::new();

fn state() -> State {
    let scratch = Scratch::new("basic", "quote");
    let text = String::from_utf8(scratch.original(ARTICLE)).expect("UTF-8 fixture");
    let at = text.find("## Notes\n").expect("a notes section") + "## Notes\n".len();
    let head = text[..at].to_string();
    let mut diags = Diagnostics::new();
    let linked = dossier::check(scratch.root(), &mut diags).expect("the fixture loads");
    assert!(!diags.has_errors(), "{}", diags.render(false));
    let alpha = linked
        .articles
        .iter()
        .find(|a| a.ann.slug == "alpha")
        .expect("alpha");
    let paragraphs = alpha
        .marks
        .paragraphs
        .iter()
        .map(|p| p.text.to_string())
        .collect();
    State {
        scratch,
        head,
        paragraphs,
    }
}

fuzz_target!(|data: &[u8]| {
    let st = STATE.get_or_init(state);
    let quote = String::from_utf8_lossy(data);
    let notes: String = quote.split('\n').map(|l| format!("> {l}\n")).collect();
    let file = format!("{}\n{notes}\nA note about it.\n", st.head);
    st.scratch.write(ARTICLE, file.as_bytes());
    let (_, diags) = build(st.scratch.root());
    st.scratch.restore(ARTICLE);

    let q = quote.trim();
    let one_line = !quote.contains(['\n', '\r']);
    if one_line && !q.is_empty() && st.paragraphs.iter().any(|p| p.contains(q)) {
        let lost = diags
            .items()
            .iter()
            .find(|d| d.message.contains("note quote not found"));
        assert!(
            lost.is_none(),
            "quote {q:?} is in the text but: {}",
            diags.render(false)
        );
    }
});
