//! Properties that must hold for any input, checked on generated dossiers:
//!
//! - cleaning only removes seed text or visibly corrects it;
//! - a build succeeds exactly when every `[[link]]` target exists, and then every
//!   internal href and src of every page resolves to a file of the site;
//! - no text from any input field becomes live script in any page.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::common::*;
use crate::scripts::scripts_in;
use dossier::clean::{clean_article, FixMark, RuleUse};
use dossier::config::Paragraphs;
use dossier::diagnostic::Diagnostics;
use dossier::load::{ArticleAnnotation, Boilerplate, Cut, CutKind, Fix, Located, Seed, SourceFile};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------
// Cleaning emits only seed text or fixes.

/// Words seeds are made of: site chrome, names, punctuation, non-ASCII, blanks.
const WORDS: &[&str] = &[
    "Share",
    "This:",
    "close",
    "the",
    "UN",
    "Security",
    "Coalition",
    "[ad]",
    "é",
    "Pakistan’s",
    "ça",
    "—",
    "a",
    "aa",
    "\t",
    " ",
    "",
];

/// A string for a cut or fix: a word, a whole seed line, or a slice of one.
#[derive(Debug, Clone)]
enum Pick {
    Word(String),
    Line(usize),
    Slice(usize, usize, usize),
}

fn word() -> impl Strategy<Value = String> {
    proptest::sample::select(WORDS).prop_map(str::to_string)
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        word().prop_map(Pick::Word),
        any::<usize>().prop_map(Pick::Line),
        (any::<usize>(), 0..12usize, 0..12usize).prop_map(|(l, s, n)| Pick::Slice(l, s, n)),
    ]
}

#[derive(Debug, Clone)]
enum CutSpec {
    Lines(Vec<Pick>),
    Range(Pick, Option<Pick>),
    Text(Pick),
}

fn cut_spec() -> impl Strategy<Value = CutSpec> {
    prop_oneof![
        proptest::collection::vec(pick(), 1..3).prop_map(CutSpec::Lines),
        (pick(), proptest::option::of(pick())).prop_map(|(f, t)| CutSpec::Range(f, t)),
        pick().prop_map(CutSpec::Text),
    ]
}

fn seed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::collection::vec(word(), 0..6), 0..10).prop_map(|lines| {
        lines
            .iter()
            .map(|w| w.join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn resolve(p: &Pick, lines: &[&str]) -> String {
    match p {
        Pick::Word(w) => w.clone(),
        Pick::Line(i) => lines[i % lines.len()].to_string(),
        Pick::Slice(i, s, n) => lines[i % lines.len()].chars().skip(*s).take(*n).collect(),
    }
}

/// An annotation file's text, built as values are placed in it so spans are true.
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
}

fn make_cuts(specs: &[CutSpec], lines: &[&str], src: &mut Source) -> Vec<Cut> {
    let mut out = Vec::new();
    for spec in specs {
        let start = src.0.len();
        let kind = match spec {
            CutSpec::Lines(v) => {
                CutKind::Lines(v.iter().map(|p| src.place(resolve(p, lines))).collect())
            }
            CutSpec::Range(f, t) => CutKind::Range {
                from: src.place(resolve(f, lines)),
                to: t.as_ref().map(|t| src.place(resolve(t, lines))),
            },
            CutSpec::Text(p) => CutKind::Text(src.place(resolve(p, lines))),
        };
        // What `load` refuses never reaches `clean`.
        let usable = match &kind {
            CutKind::Lines(v) => v.iter().all(|l| !l.value.trim().is_empty()),
            CutKind::Range { from, to } => std::iter::once(from)
                .chain(to)
                .all(|l| !l.value.trim().is_empty()),
            CutKind::Text(t) => !t.value.is_empty(),
        };
        if usable {
            out.push(Cut {
                kind,
                reason: None,
                span: start..src.0.len(),
            });
        }
    }
    out
}

fn is_subsequence(small: &str, big: &str) -> bool {
    let mut it = big.chars();
    small.chars().all(|c| it.any(|b| b == c))
}

/// Checks a paragraph's fix marks and returns its text with every fix put back.
fn unfix(text: &str, fixes: &[Fix], marks: &[FixMark]) -> Result<String, TestCaseError> {
    let mut restored = String::new();
    let mut last = 0;
    for m in marks {
        let Range { start, end } = m.range.clone();
        prop_assert!(start <= end && end <= text.len(), "{m:?} out of {text:?}");
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert!(
            last <= start,
            "fix marks overlap or are out of order: {marks:?}"
        );
        let replaced = &text[start..end];
        prop_assert!(
            fixes
                .iter()
                .any(|f| f.find.value == m.original && f.replace == replaced),
            "{m:?} is no fix's"
        );
        restored.push_str(&text[last..start]);
        restored.push_str(&m.original);
        last = end;
    }
    restored.push_str(&text[last..]);
    Ok(restored)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn cleaning_emits_only_seed_text_or_fixes(
        seed in seed_text(),
        global in proptest::collection::vec(cut_spec(), 0..3),
        own in proptest::collection::vec(cut_spec(), 0..4),
        fixes in proptest::collection::vec((pick(), word(), any::<bool>()), 0..4),
        blank_lines in any::<bool>(),
    ) {
        let lines: Vec<&str> = seed.split('\n').collect();
        let mut bp_src = Source::default();
        let global = make_cuts(&global, &lines, &mut bp_src);
        let mut src = Source::default();
        let seed_at = src.place("s.txt".into());
        let own = make_cuts(&own, &lines, &mut src);
        let fixes: Vec<Fix> = fixes
            .iter()
            .map(|(p, replace, noted)| Fix {
                find: src.place(resolve(p, &lines)),
                replace: format!("[{replace}]"),
                note: noted.then(|| "why".to_string()),
            })
            .collect();
        let bp = Boilerplate {
            version: 1,
            source: Arc::new(SourceFile { path: "annotations/boilerplate.toml".into(), text: bp_src.0 }),
            cuts: global,
        };
        let article = ArticleAnnotation {
            slug: "a".into(),
            version: 1,
            source: Arc::new(SourceFile { path: "annotations/articles/a.md".into(), text: src.0 }),
            seed: seed_at,
            title: "T".into(),
            cuts: own,
            fixes,
            ..Default::default()
        };
        let s = Seed::new(
            "s.txt".into(),
            seed.clone(),
            Arc::new(seed.as_bytes().to_vec()),
            1,
            None,
        );
        let mode = if blank_lines { Paragraphs::BlankLines } else { Paragraphs::Lines };
        let mut diags = Diagnostics::new();
        let c = clean_article(&article, &s, Some(&bp), mode, &mut RuleUse::default(), &mut diags);
        for d in diags.items() {
            prop_assert!(!d.render().is_empty());
        }
        let text_cuts = article.cuts.iter().chain(&bp.cuts).any(|c| matches!(c.kind, CutKind::Text(_)));
        let mut prev = 0;
        for p in &c.paragraphs {
            let restored = unfix(&p.text, &article.fixes, &p.fixes)?;
            prop_assert!(!restored.trim().is_empty() && !restored.contains('\n'), "{p:?}");
            prop_assert!(p.seed_line > prev && p.seed_line <= lines.len(), "{p:?}");
            prev = p.seed_line;
            let from_here = &lines[p.seed_line - 1..];
            if blank_lines {
                prop_assert!(is_subsequence(&restored, &from_here.join(" ")), "{restored:?}");
                if !text_cuts {
                    let mut joined = String::new();
                    let exact = from_here.iter().any(|l| {
                        if !joined.is_empty() {
                            joined.push(' ');
                        }
                        joined.push_str(l.trim());
                        joined == restored
                    });
                    prop_assert!(exact, "{restored:?} is not seed lines from {}", p.seed_line);
                }
            } else {
                prop_assert!(is_subsequence(&restored, from_here[0]), "{restored:?}");
                if !text_cuts {
                    prop_assert_eq!(&restored, from_here[0].trim());
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Every link target exists.

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// TOML basic string holding `s`.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The glossary of generated dossiers: (slug, term, aliases).
const TERMS: &[(&str, &str, &[&str])] = &[
    ("alpha-group", "Alpha Group", &["AG", "the Alphas"]),
    ("places/beta-town", "Beta Town", &["Beta"]),
    ("gamma", "Gamma Person", &[]),
];

/// A `[[…]]` target and whether it names a page of a dossier of `n` articles.
fn target(n: usize) -> impl Strategy<Value = (String, bool)> {
    let known: Vec<(String, bool)> = (0..n)
        .map(|i| (format!("a{i}"), true))
        .chain(TERMS.iter().flat_map(|(slug, term, aliases)| {
            std::iter::once(slug.to_string())
                .chain(std::iter::once(term.to_string()))
                .chain(std::iter::once(term.to_uppercase()))
                .chain(aliases.iter().map(|a| a.to_string()))
                .map(|t| (t, true))
        }))
        .collect();
    let unknown: Vec<(String, bool)> = [
        "a7",
        "A0",
        "alpha",
        "Alpha Grup",
        "places/gamma",
        "beta-town",
    ]
    .iter()
    .map(|t| (t.to_string(), false))
    .collect();
    prop_oneof![
        4 => proptest::sample::select(known),
        1 => proptest::sample::select(unknown),
    ]
}

/// A generated dossier: per article, its `[[…]]` targets (piped or not) and its
/// `see_also` (an article's position; `None` for one that does not exist).
type LinkSpec = Vec<(Vec<((String, bool), bool)>, Vec<Option<usize>>)>;

fn see_also_slug(s: &Option<usize>) -> String {
    format!("a{}", s.unwrap_or(9))
}

/// True when the spec links to a page that does not exist (or an article to itself
/// in `see_also`).
fn has_missing_target(spec: &LinkSpec) -> bool {
    spec.iter().enumerate().any(|(i, (links, see))| {
        links.iter().any(|((_, ok), _)| !ok) || see.iter().any(|s| !matches!(s, Some(j) if *j != i))
    })
}

fn link_spec() -> impl Strategy<Value = LinkSpec> {
    (1..4usize).prop_flat_map(|n| {
        let see_also = prop_oneof![
            4 => (0..n).prop_map(Some),
            1 => Just(None),
        ];
        proptest::collection::vec(
            (
                proptest::collection::vec((target(n), any::<bool>()), 0..4),
                proptest::collection::vec(see_also, 0..2),
            ),
            n,
        )
    })
}

fn linked_dossier(root: &Path, spec: &LinkSpec) {
    write(root, "dossier.toml", "title = \"Generated\"\n");
    for (slug, term, aliases) in TERMS {
        let aliases: Vec<String> = aliases.iter().map(|a| q(a)).collect();
        write(
            root,
            &format!("annotations/glossary/{slug}.md"),
            &format!(
                "+++\nterm = {}\naliases = [{}]\nkind = \"concept\"\n+++\nDefined; see [[a0]].\n",
                q(term),
                aliases.join(", ")
            ),
        );
    }
    write(
        root,
        "annotations/index.md",
        "Start at [[a0]] or [[Alpha Group]].\n",
    );
    for (i, (links, see_also)) in spec.iter().enumerate() {
        write(
            root,
            &format!("seeds/s{i}.txt"),
            &format!("Report {i}\nThe Alpha Group met in Beta Town.\nGamma Person spoke.\n"),
        );
        let body: Vec<String> = links
            .iter()
            .map(|((t, _), piped)| {
                if *piped {
                    format!("[[{t}|text {i}]]")
                } else {
                    format!("[[{t}]]")
                }
            })
            .collect();
        let see: Vec<String> = see_also.iter().map(|s| q(&see_also_slug(s))).collect();
        write(
            root,
            &format!("annotations/articles/a{i}.md"),
            &format!(
                "+++\nseed = \"s{i}.txt\"\ntitle = \"Article {i}\"\ndate = \"2016-0{}-01\"\nsee_also = [{}]\n+++\nCommentary {}.\n\n## Notes\n\n> Gamma Person spoke\n\nA note on [[gamma]].\n",
                i + 1,
                see.join(", "),
                body.join(" and ")
            ),
        );
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn every_link_target_exists(spec in link_spec()) {
        let dir = tempfile::tempdir().unwrap();
        linked_dossier(dir.path(), &spec);
        let missing = has_missing_target(&spec);
        let mut diags = Diagnostics::new();
        dossier::check(dir.path(), &mut diags);
        prop_assert_eq!(
            diags.has_errors(),
            missing,
            "{:?}\n{}",
            spec,
            diags.render(false)
        );
        if missing {
            return Ok(());
        }
        let (_out, site) = build(dir.path());
        for rel in html_files(&site) {
            if rel == "404.html" {
                continue; // absolute from the base path
            }
            for (href, to) in internal_refs(&site, &rel) {
                prop_assert!(site.join(&to).is_file(), "{}: {} → {} does not exist", rel, href, to);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// No live script from any input.

/// Pieces of markup that break out of text, attributes and tags.
const PAYLOAD: &[&str] = &[
    "<script>",
    "</script>",
    "alert(1)",
    "\"",
    "'",
    ">",
    "<",
    "&",
    "&lt;",
    " onerror=",
    " onload=alert(1) ",
    "javascript:",
    "<img src=x ",
    "</title>",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "<svg",
    "<!--",
    "-->",
    "{{ x }}",
    "`",
    "*",
    "’",
    " ",
    "x",
];

fn payload() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PAYLOAD), 1..7).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn no_input_becomes_live_script(
        title in payload(),
        term in payload(),
        alias in payload(),
        commentary in payload(),
        note in payload(),
        seed in payload(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "dossier.toml", "title = \"Payloads\"\n");
        let line = format!("Seed {seed} A{alias} end");
        write(root, "seeds/s.txt", &format!("{line}\nSecond line.\n"));
        write(
            root,
            "annotations/glossary/payload-term.md",
            &format!(
                "+++\nterm = {}\naliases = [{}]\nkind = \"concept\"\n+++\nDefinition {commentary}\n",
                q(&format!("T {term}")),
                q(&format!("A{alias}"))
            ),
        );
        write(
            root,
            "annotations/articles/a.md",
            &format!(
                "+++\nseed = \"s.txt\"\ntitle = {}\ndate = \"2016\"\nsummary = {}\n+++\n{commentary} [[payload-term]]\n\n## Notes\n\n> {line}\n\nNote {note}\n",
                q(&format!("T {title}")),
                q(&note)
            ),
        );
        let mut diags = Diagnostics::new();
        dossier::check(root, &mut diags);
        if diags.has_errors() {
            // Nothing is published; a refused link in the commentary is the one
            // expected reason.
            prop_assert!(
                diags.items().iter().any(|d| d.message.contains("not allowed")),
                "{}",
                diags.render(false)
            );
            return Ok(());
        }
        let (_out, site) = build(root);
        for rel in html_files(&site) {
            let found = scripts_in(&page(&site, &rel));
            prop_assert!(found.is_empty(), "{}: {}", rel, found.join("; "));
        }
    }
}
