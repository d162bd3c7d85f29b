//! Cleaning by hand-built annotations: arbitrary seed text, global and article cuts
//! and fixes (each either a free string or a line or slice of the seed, so that
//! most of them match) through `clean_article`.
//!
//! Asserts: no panic; every diagnostic renders; fix marks are in bounds, on char
//! boundaries, ordered, non-overlapping and hold a fix's replacement for its `find`;
//! with every fix put back, a paragraph is made of seed text only: a subsequence of
//! its own seed line (lines mode) or of the lines from its own on (blank-lines
//! mode), and exactly the trimmed line(s) when no `text` cut ran; a line named by a
//! `lines` cut is never a paragraph.

#![no_main]

use std::ops::Range;
use std::sync::Arc;

use arbitrary::Arbitrary;
use dossier::clean::{clean_article, CleanArticle, RuleUse};
use dossier::config::Paragraphs;
use dossier::diagnostic::Diagnostics;
use dossier::load::{
    normalise, seed::strip_controls, ArticleAnnotation, Boilerplate, Cut, CutKind, Fix, Located,
    Seed, SourceFile,
};
use libfuzzer_sys::fuzz_target;

/// A string for a cut or fix: free text, or taken from the seed.
#[derive(Arbitrary, Debug)]
enum Pick {
    Free(String),
    /// A whole seed line (by index modulo the line count).
    Line(u8),
    /// Characters `start..start + len` of a seed line.
    Slice {
        line: u8,
        start: u8,
        len: u8,
    },
}

#[derive(Arbitrary, Debug)]
enum CutIn {
    Lines(Vec<Pick>),
    Range { from: Pick, to: Option<Pick> },
    Text(Pick),
}

#[derive(Arbitrary, Debug)]
struct FixIn {
    find: Pick,
    replace: String,
    note: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    seed: String,
    global: Vec<CutIn>,
    cuts: Vec<CutIn>,
    fixes: Vec<FixIn>,
    blank_lines: bool,
}

/// The text of an annotation file, built up as its values are placed in it, so that
/// every span points at its value.
#[derive(Default)]
struct Source(String);

impl Source {
    fn place(&mut self, value: String) -> Located<String> {
        let start = self.0.len();
        self.0.push_str(&value);
        let span = start..self.0.len();
        self.0.push('\n');
        Located { value, span }
    }

    fn file(self, path: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: path.into(),
            text: self.0,
        })
    }
}

fn pick(p: &Pick, lines: &[&str]) -> String {
    match p {
        Pick::Free(s) => s.clone(),
        Pick::Line(i) => lines[*i as usize % lines.len()].to_string(),
        Pick::Slice { line, start, len } => lines[*line as usize % lines.len()]
            .chars()
            .skip(*start as usize)
            .take(*len as usize)
            .collect(),
    }
}

fn cuts(input: &[CutIn], lines: &[&str], src: &mut Source) -> Vec<Cut> {
    input
        .iter()
        .map(|c| {
            let start = src.0.len();
            let kind = match c {
                CutIn::Lines(items) => {
                    CutKind::Lines(items.iter().map(|p| src.place(pick(p, lines))).collect())
                }
                CutIn::Range { from, to } => CutKind::Range {
                    from: src.place(pick(from, lines)),
                    to: to.as_ref().map(|t| src.place(pick(t, lines))),
                },
                CutIn::Text(p) => CutKind::Text(src.place(pick(p, lines))),
            };
            Cut {
                kind,
                reason: None,
                span: start..src.0.len(),
            }
        })
        // What `load` refuses never reaches `clean`: empty texts and blank lines.
        .filter(|c| match &c.kind {
            CutKind::Lines(v) => !v.is_empty() && v.iter().all(|l| !l.value.trim().is_empty()),
            CutKind::Range { from, to } => std::iter::once(from)
                .chain(to)
                .all(|l| !l.value.trim().is_empty()),
            CutKind::Text(t) => !t.value.is_empty(),
        })
        .collect()
}

/// True when the chars of `small` appear in `big` in order.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut it = big.chars();
    small.chars().all(|c| it.any(|b| b == c))
}

fn check_marks(text: &str, fixes: &[Fix], marks: &[dossier::clean::FixMark]) -> String {
    let mut restored = String::new();
    let mut last = 0;
    for m in marks {
        let Range { start, end } = m.range.clone();
        assert!(
            start <= end && end <= text.len(),
            "fix range {start}..{end} out of {text:?}"
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "fix range {start}..{end} not on char boundaries of {text:?}"
        );
        assert!(
            last <= start,
            "fix ranges overlap or are out of order: {marks:?}"
        );
        let replaced = &text[start..end];
        assert!(
            fixes
                .iter()
                .any(|f| f.find.value == m.original && f.replace == replaced),
            "mark {m:?} is no fix's"
        );
        restored.push_str(&text[last..start]);
        restored.push_str(&m.original);
        last = end;
    }
    restored.push_str(&text[last..]);
    restored
}

fn check(
    input: &Input,
    seed_text: &str,
    a: &ArticleAnnotation,
    bp: &Boilerplate,
    c: &CleanArticle,
) {
    let lines: Vec<&str> = seed_text.split('\n').collect();
    let text_cuts = a
        .cuts
        .iter()
        .chain(&bp.cuts)
        .any(|c| matches!(c.kind, CutKind::Text(_)));
    let mut prev_line = 0;
    for p in &c.paragraphs {
        let restored = check_marks(&p.text, &a.fixes, &p.fixes);
        assert!(!restored.trim().is_empty(), "empty paragraph {p:?}");
        assert!(
            !restored.contains('\n'),
            "a paragraph holds a line break: {p:?}"
        );
        assert!(
            p.seed_line > prev_line && p.seed_line <= lines.len(),
            "paragraph at seed line {} after {prev_line} of {}",
            p.seed_line,
            lines.len()
        );
        prev_line = p.seed_line;
        let own = lines[p.seed_line - 1];
        if input.blank_lines {
            let rest = lines[p.seed_line - 1..].join(" ");
            assert!(
                is_subsequence(&restored, &rest),
                "paragraph {restored:?} is not made of seed text from line {}",
                p.seed_line
            );
            if !text_cuts {
                // Exactly the trimmed lines from its own, joined by spaces.
                let mut joined = String::new();
                let ok = lines[p.seed_line - 1..].iter().any(|l| {
                    if !joined.is_empty() {
                        joined.push(' ');
                    }
                    joined.push_str(l.trim());
                    joined == restored
                });
                assert!(
                    ok,
                    "paragraph {restored:?} is not seed lines from {}",
                    p.seed_line
                );
            }
        } else {
            assert!(
                is_subsequence(&restored, own),
                "paragraph {restored:?} is not made of seed line {} {own:?}",
                p.seed_line
            );
            if !text_cuts {
                assert_eq!(restored, own.trim(), "paragraph is not its seed line");
                for cut in a.cuts.iter().chain(&bp.cuts) {
                    if let CutKind::Lines(items) = &cut.kind {
                        for l in items {
                            assert_ne!(restored, l.value.trim(), "a cut line was kept");
                        }
                    }
                }
            }
        }
    }
    for r in &c.removed {
        assert!(
            r.line >= 1 && r.line <= lines.len(),
            "removed line {}",
            r.line
        );
    }
    assert!(
        c.removed.windows(2).all(|w| w[0].line <= w[1].line),
        "removed spans are not in seed order"
    );
}

fuzz_target!(|input: Input| {
    // What `load` does to a seed's text before cleaning.
    let (seed_text, _) = strip_controls(normalise(&input.seed));
    let lines: Vec<&str> = seed_text.split('\n').collect();

    let mut bp_src = Source::default();
    let global = cuts(&input.global, &lines, &mut bp_src);
    let bp = Boilerplate {
        version: 1,
        source: bp_src.file("annotations/boilerplate.toml"),
        cuts: global,
    };

    let mut src = Source::default();
    let seed = src.place("s.txt".into());
    let article_cuts = cuts(&input.cuts, &lines, &mut src);
    let fixes: Vec<Fix> = input
        .fixes
        .iter()
        .map(|f| Fix {
            find: src.place(pick(&f.find, &lines)),
            replace: f.replace.clone(),
            note: f.note.clone(),
        })
        .collect();
    let article = ArticleAnnotation {
        slug: "a".into(),
        version: 1,
        source: src.file("annotations/articles/a.md"),
        seed,
        title: "T".into(),
        cuts: article_cuts,
        fixes,
        ..Default::default()
    };
    let seed = Seed::new(
        "s.txt".into(),
        seed_text.clone(),
        Arc::new(seed_text.as_bytes().to_vec()),
        1,
        None,
    );
    let mode = if input.blank_lines {
        Paragraphs::BlankLines
    } else {
        Paragraphs::Lines
    };
    let mut diags = Diagnostics::new();
    let mut uses = RuleUse::default();
    let cleaned = clean_article(&article, &seed, Some(&bp), mode, &mut uses, &mut diags);
    dossier_fuzz::check_diagnostics(&diags);
    check(&input, &seed_text, &article, &bp, &cleaned);
});
