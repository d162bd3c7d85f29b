//! Where each block of a page comes from, for `serve`'s jump to source: each block of
//! an article's commentary, its notes, corrections and events, a glossary entry's definition, each
//! with its annotation file and line. The published site carries none of it; the
//! preview's script asks for a page's marks, found then from the last build, and puts
//! an edit button beside each.

use std::path::Path;

use serde::Serialize;

use super::snippet::{ArticleText, Texts};
use crate::diagnostic::locate;
use crate::load::SourceFile;

/// A block of a page and where it comes from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceMark {
    /// A CSS selector of the page's blocks of this kind.
    pub selector: &'static str,
    /// Which of them (from 0, in document order).
    pub index: usize,
    /// The annotation file, relative to the dossier, with `/`.
    pub path: String,
    /// The line (from 1).
    pub line: usize,
}

fn mark(src: &SourceFile, selector: &'static str, index: usize, offset: usize) -> SourceMark {
    SourceMark {
        selector,
        index,
        path: crate::load::rel_name(Path::new(""), &src.path),
        line: locate(&src.text, offset).0.line,
    }
}

/// The marks of the page at `page` (`articles/<slug>.html` or
/// `glossary/<slug>.html`), found when a page asks: nothing is computed per build.
pub fn marks_of(texts: &Texts, page: &str) -> Vec<SourceMark> {
    if let Some(slug) = page
        .strip_prefix("articles/")
        .and_then(|p| p.strip_suffix(".html"))
    {
        return texts
            .articles
            .get(slug)
            .map(article_marks)
            .unwrap_or_default();
    }
    let term = page
        .strip_prefix("glossary/")
        .and_then(|p| p.strip_suffix(".html"));
    match term.and_then(|slug| texts.terms.get(slug)) {
        Some(t) => vec![mark(&t.source, ".definition", 0, t.definition.offset)],
        None => Vec::new(),
    }
}

/// Each commentary block, anchored note, correction reason and event of an article.
fn article_marks(a: &ArticleText) -> Vec<SourceMark> {
    let ann = &a.ann;
    let src = &*ann.source;
    // Each block of the commentary (the section's children after its heading).
    let blocks = crate::markdown::block_starts(&ann.commentary.text);
    let mut marks: Vec<SourceMark> = blocks
        .iter()
        .enumerate()
        .map(|(i, at)| mark(src, ".commentary > :not(h2)", i, ann.commentary.offset + at))
        .collect();
    // Notes as the page numbers them (anchored ones in the text).
    let anchored = a.marks.notes.iter().filter(|n| n.passage.is_some());
    for (i, n) in anchored.enumerate() {
        let at = ann.notes[n.note].quote.span.start;
        marks.push(mark(src, ".source-text .sidenote:not(.fix-note)", i, at));
    }
    // A correction's reason is shown each time it applies, in text order.
    let reasons = a.clean.paragraphs.iter().flat_map(|p| &p.fixes);
    let reasons = reasons.filter(|f| f.note.is_some());
    for (i, f) in reasons.enumerate() {
        if let Some(fix) = ann.fixes.iter().find(|x| x.find.value == f.original) {
            marks.push(mark(src, ".source-text .fix-note", i, fix.find.span.start));
        }
    }
    for (i, e) in ann.events.iter().enumerate() {
        marks.push(mark(src, "ul.events > li", i, e.text.span.start));
    }
    marks
}

/// Opens `file` at `line` with `editor` (a command, with arguments if any): editors
/// that take `file:line` (VS Code and its kin with `-g`, Sublime Text, Zed) get that,
/// others `+line file` (Vim, Emacs, Nano, Helix…).
pub fn open_in(editor: &str, file: &std::path::Path, line: usize) -> Result<(), String> {
    let mut words = editor.split_whitespace();
    let program = words.next().ok_or("no editor command")?;
    let name = std::path::Path::new(program)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let at = format!("{}:{line}", file.display());
    let mut cmd = std::process::Command::new(program);
    cmd.args(words);
    match name.as_str() {
        "code" | "code-insiders" | "codium" | "cursor" | "windsurf" => cmd.args(["-g", &at]),
        "subl" | "zed" | "idea" | "webstorm" => cmd.arg(&at),
        _ => cmd.arg(format!("+{line}")).arg(file),
    };
    cmd.stdin(std::process::Stdio::null());
    cmd.spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot run the editor `{editor}`: {e}"))
}
