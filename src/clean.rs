//! Stage 2, **clean**: turns each seed's raw text into the article text readers see.
//!
//! Applies the global boilerplate rules and the article's own `[[cut]]`s (whole
//! lines, a block from one line to another or to the end, exact spans), splits what
//! remains into paragraphs, and applies `[[fix]]` corrections as visible marks that
//! keep the original wording. Every removed span is recorded with the rule that
//! removed it (provenance). A cut or fix that matches nothing is an error, so a
//! re-scraped seed can never silently keep its junk; a global rule that matches no
//! seed at all is a warning.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Paragraphs;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{
    ArticleAnnotation, Boilerplate, Cut, CutKind, Loaded, Located, Seed, SourceFile,
};

/// A correction inside a paragraph: `range` (in the corrected text) replaced `original`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixMark {
    /// Byte range of the replacement in [`Paragraph::text`].
    pub range: Range<usize>,
    /// What the source said.
    pub original: String,
    /// Editor's explanation.
    pub note: Option<String>,
}

/// One paragraph of cleaned, corrected text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Plain text (not escaped), with fixes applied.
    pub text: String,
    /// Corrections, in order, non-overlapping.
    pub fixes: Vec<FixMark>,
    /// 1-based line in the seed where the paragraph starts.
    pub seed_line: usize,
}

/// A span of the seed that a cut removed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// 1-based line in the seed.
    pub line: usize,
    /// The removed text.
    pub text: String,
    /// `file:line` of the rule that removed it.
    pub rule: String,
    /// The rule's stated reason.
    pub reason: Option<String>,
    /// True for a global boilerplate rule.
    pub global: bool,
}

/// An article after cleaning.
#[derive(Debug, Clone)]
pub struct CleanArticle {
    /// Changes whenever the article is cleaned again.
    pub version: u64,
    /// The cleaned paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// Everything cut, in seed order.
    pub removed: Vec<Removed>,
}

/// A cleaned article and the annotation it belongs to.
#[derive(Debug, Clone)]
pub struct CleanEntry {
    /// Index into [`Loaded::articles`].
    pub index: usize,
    /// The cleaned text (shared with the cache).
    pub article: Arc<CleanArticle>,
}

/// Output of the clean stage: the loaded dossier plus each article's cleaned text.
#[derive(Debug)]
pub struct Cleaned {
    /// What was loaded (moved in, unchanged).
    pub loaded: Loaded,
    /// One entry per annotated article whose seed exists, in `loaded.articles` order.
    pub articles: Vec<CleanEntry>,
}

/// Inputs a cleaned article depends on: the versions of its annotation, its seed and
/// the global rules, and the paragraph mode.
pub type CleanKey = (u64, u64, u64, Paragraphs);

/// Cleaned articles by slug, reused while their inputs keep their versions.
#[derive(Debug, Default)]
pub struct CleanCache {
    entries: HashMap<String, (CleanKey, Arc<CleanArticle>, Vec<Diagnostic>, RuleUse)>,
    /// How many articles the last run cleaned (the rest came from the cache).
    pub cleaned_last: usize,
}

impl CleanCache {
    /// The global-rule usage recorded for an article when it was last cleaned.
    pub fn uses(&self, slug: &str) -> Option<&RuleUse> {
        self.entries.get(slug).map(|e| &e.3)
    }

    /// Records an article cleaned outside [`clean_cached`] (with no diagnostics).
    pub fn store(&mut self, slug: &str, key: CleanKey, article: Arc<CleanArticle>, uses: RuleUse) {
        self.entries
            .insert(slug.to_string(), (key, article, Vec::new(), uses));
    }
}

/// Counts how often each global rule item matched, across all articles.
/// Key: byte span start of the rule item in `boilerplate.toml`.
pub type RuleUse = HashMap<usize, usize>;

struct Line {
    no: usize,
    text: String,
    removed: bool,
}

fn rule_ref(src: &SourceFile, at: usize) -> String {
    let (pos, _) = crate::diagnostic::locate(&src.text, at);
    format!("{}:{}", src.path.display(), pos.line)
}

/// Applies one cut to the lines; returns how many spans each located item removed.
fn apply_cut(
    cut: &Cut,
    lines: &mut [Line],
    src: &SourceFile,
    global: bool,
    removed: &mut Vec<Removed>,
) -> Vec<(Located<String>, usize)> {
    let mut record = |line: usize, text: &str, at: usize| {
        removed.push(Removed {
            line,
            text: text.to_string(),
            rule: rule_ref(src, at),
            reason: cut.reason.clone(),
            global,
        });
    };
    match &cut.kind {
        CutKind::Lines(items) => items
            .iter()
            .map(|item| {
                let want = item.value.trim();
                let mut n = 0;
                for l in lines.iter_mut().filter(|l| !l.removed) {
                    if l.text.trim() == want {
                        l.removed = true;
                        record(l.no, &l.text, item.span.start);
                        n += 1;
                    }
                }
                (item.clone(), n)
            })
            .collect(),
        CutKind::Range { from, to } => {
            let mut n = 0;
            let mut to_found = to.is_none();
            let mut i = 0;
            while i < lines.len() {
                if lines[i].removed || lines[i].text.trim() != from.value.trim() {
                    i += 1;
                    continue;
                }
                // Find the end of the block.
                let end = match to {
                    None => lines.len() - 1,
                    Some(t) => match (i..lines.len())
                        .find(|&j| !lines[j].removed && lines[j].text.trim() == t.value.trim())
                    {
                        Some(j) => {
                            to_found = true;
                            j
                        }
                        None => {
                            i += 1;
                            continue;
                        }
                    },
                };
                for l in lines[i..=end].iter_mut().filter(|l| !l.removed) {
                    l.removed = true;
                    if !l.text.trim().is_empty() {
                        record(l.no, &l.text, from.span.start);
                    }
                }
                n += 1;
                i = end + 1;
            }
            // A `from` line found without its `to` is one mistake, reported at `to`.
            let from_seen = to_found || lines.iter().any(|l| l.text.trim() == from.value.trim());
            let mut out = vec![(from.clone(), if from_seen { 1 } else { 0 })];
            if let Some(t) = to {
                out.push((t.clone(), if from_seen { n } else { 1 }));
            }
            out
        }
        CutKind::Text(item) => {
            let mut n = 0;
            for l in lines.iter_mut().filter(|l| !l.removed) {
                if l.text.contains(&item.value) {
                    let count = l.text.matches(&item.value).count();
                    for _ in 0..count {
                        record(l.no, &item.value, item.span.start);
                    }
                    n += count;
                    l.text = l.text.replace(&item.value, "");
                    if l.text.trim().is_empty() {
                        l.removed = true;
                    }
                }
            }
            vec![(item.clone(), n)]
        }
    }
}

fn paragraphs(lines: &[Line], mode: Paragraphs) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Option<Paragraph> = None;
    for l in lines {
        let t = l.text.trim();
        if l.removed || t.is_empty() {
            // A removed line between two kept lines does not join them in blank-lines mode
            // only if the removed line was itself blank; a cut line acts as a separator.
            if let Some(p) = current.take() {
                out.push(p);
            }
            continue;
        }
        match mode {
            Paragraphs::Lines => out.push(Paragraph {
                text: t.to_string(),
                fixes: Vec::new(),
                seed_line: l.no,
            }),
            Paragraphs::BlankLines => match current.as_mut() {
                Some(p) => {
                    p.text.push(' ');
                    p.text.push_str(t);
                }
                None => {
                    current = Some(Paragraph {
                        text: t.to_string(),
                        fixes: Vec::new(),
                        seed_line: l.no,
                    })
                }
            },
        }
    }
    if let Some(p) = current {
        out.push(p);
    }
    out
}

/// Applies the fixes to the paragraphs; returns how many times each fix was applied,
/// and whether its text occurs at all (a fix found only where an earlier fix applies
/// is not applied).
fn apply_fixes(paras: &mut [Paragraph], fixes: &[crate::load::Fix]) -> (Vec<usize>, Vec<bool>) {
    let mut counts = vec![0; fixes.len()];
    let mut found = vec![false; fixes.len()];
    for p in paras.iter_mut() {
        // Collect non-overlapping matches, leftmost first, earlier fixes winning ties.
        let mut hits: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, fix index)
        for (fi, f) in fixes.iter().enumerate() {
            if f.find.value.is_empty() {
                continue;
            }
            for (start, m) in p.text.match_indices(&f.find.value) {
                hits.push((start, start + m.len(), fi));
                found[fi] = true;
            }
        }
        hits.sort();
        let mut text = String::with_capacity(p.text.len());
        let mut marks = Vec::new();
        let mut last = 0;
        for (start, end, fi) in hits {
            if start < last {
                continue;
            }
            text.push_str(&p.text[last..start]);
            let r0 = text.len();
            text.push_str(&fixes[fi].replace);
            marks.push(FixMark {
                range: r0..text.len(),
                original: p.text[start..end].to_string(),
                note: fixes[fi].note.clone(),
            });
            counts[fi] += 1;
            last = end;
        }
        if !marks.is_empty() {
            text.push_str(&p.text[last..]);
            p.text = text;
            p.fixes = marks;
        }
    }
    (counts, found)
}

/// Why a cut item removed nothing: its line was already cut by another rule (a
/// warning: the cut is redundant), a range's `to` never follows its `from`, or the
/// text is not in the seed.
fn unmatched_cut(
    cut: &Cut,
    item: &Located<String>,
    removed: &[Removed],
    article: &ArticleAnnotation,
    seed: &Seed,
) -> Diagnostic {
    let want = item.value.trim();
    let earlier = removed.iter().find(|r| match &cut.kind {
        CutKind::Text(_) => r.text.contains(want),
        _ => r.text.trim() == want,
    });
    if let Some(r) = earlier {
        return article
            .source
            .warning(
                item.span.clone(),
                format!(
                    "cut matches only text already cut (seed line {}, by {})",
                    r.line, r.rule
                ),
            )
            .with_help("delete this cut, or the other rule");
    }
    if let CutKind::Range { from, to: Some(to) } = &cut.kind {
        if to.span == item.span {
            return article
                .source
                .error(
                    item.span.clone(),
                    format!(
                        "the `to` line {:?} does not follow the `from` line {:?} in seed `{}`",
                        to.value, from.value, seed.name
                    ),
                )
                .with_help(
                    "copy the last line of the block from the seed, or drop `to` to cut to the end",
                );
        }
    }
    article
        .source
        .error(
            item.span.clone(),
            format!(
                "cut matches nothing in seed `{}`: {:?}",
                seed.name, item.value
            ),
        )
        .with_help(
            "cuts compare whole trimmed lines (`lines`, `from`, `to`) or exact text (`text`); \
             copy the text from the seed, or delete the cut if the junk is gone",
        )
}

/// Cleans one article. Errors for cuts and fixes that match nothing go to `diags`;
/// global rule usage is added to `rule_use`.
pub fn clean_article(
    article: &ArticleAnnotation,
    seed: &Seed,
    boilerplate: Option<&Boilerplate>,
    mode: Paragraphs,
    rule_use: &mut RuleUse,
    diags: &mut Diagnostics,
) -> CleanArticle {
    let mut lines: Vec<Line> = seed
        .text
        .split('\n')
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.to_string(),
            removed: false,
        })
        .collect();
    let mut removed = Vec::new();
    if let Some(bp) = boilerplate {
        for cut in &bp.cuts {
            for (item, n) in apply_cut(cut, &mut lines, &bp.source, true, &mut removed) {
                *rule_use.entry(item.span.start).or_default() += n;
            }
        }
    }
    for cut in &article.cuts {
        for (item, n) in apply_cut(cut, &mut lines, &article.source, false, &mut removed) {
            if n == 0 {
                diags.push(unmatched_cut(cut, &item, &removed, article, seed));
            }
        }
    }
    removed.sort_by_key(|r| r.line);
    let mut paras = paragraphs(&lines, mode);
    if paras.is_empty() {
        let why = if seed.text.trim().is_empty() {
            "the seed is empty"
        } else {
            "the cuts remove every line"
        };
        diags.push(
            article
                .source
                .warning(
                    article.seed.span.clone(),
                    format!("no text is left of seed `{}`: {why}", seed.name),
                )
                .with_help("check the seed file and the cuts; the article page will show no text"),
        );
    }
    let (counts, found) = apply_fixes(&mut paras, &article.fixes);
    for (i, f) in article.fixes.iter().enumerate() {
        if counts[i] > 0 {
            continue;
        }
        let d = if found[i] {
            article
                .source
                .error(
                    f.find.span.clone(),
                    format!(
                        "fix overlaps an earlier fix wherever it matches: {:?}",
                        f.find.value
                    ),
                )
                .with_help("two fixes cannot change the same words: merge them into one `[[fix]]`")
        } else {
            article
                .source
                .error(
                    f.find.span.clone(),
                    format!("fix matches nothing in seed `{}`: {:?}", seed.name, f.find.value),
                )
                .with_help("`find` must occur exactly in the article text after cuts; copy it from the seed")
        };
        diags.push(d);
    }
    CleanArticle {
        version: crate::load::next_version(),
        paragraphs: paras,
        removed,
    }
}

/// Seeds are published as `<name>.txt` (see `load::seed::seed_raw_path`): two annotated
/// seeds that would land on the same name (`a.html` and `a.html.txt`) are an error.
fn check_published_names(seed_owner: &HashMap<&str, &str>, diags: &mut Diagnostics) {
    let mut names: Vec<&str> = seed_owner.keys().copied().collect();
    names.sort_unstable();
    let mut by_path: HashMap<String, &str> = HashMap::default();
    for name in names {
        let path = crate::load::seed::seed_raw_path(name);
        if let Some(other) = by_path.insert(path.clone(), name) {
            diags.push(
                Diagnostic::error(
                    PathBuf::from("seeds").join(name),
                    format!("seeds `{other}` and `{name}` would both be published as `{path}`"),
                )
                .with_help("rename one of the two files (and the `seed` field that names it)"),
            );
        }
    }
}

/// Runs the clean stage over every article.
pub fn clean(loaded: Loaded, diags: &mut Diagnostics) -> Cleaned {
    clean_cached(loaded, &mut CleanCache::default(), diags)
}

/// Like [`clean`], reusing every article whose annotation, seed and global rules did not change.
pub fn clean_cached(loaded: Loaded, cache: &mut CleanCache, diags: &mut Diagnostics) -> Cleaned {
    cache.cleaned_last = 0;
    let mut rule_use = RuleUse::default();
    let bp_version = loaded.boilerplate.as_ref().map(|b| b.version).unwrap_or(0);
    let mut articles = Vec::new();
    let mut seed_owner: HashMap<&str, &str> = HashMap::default();
    let mut seed_trouble = false;
    // No seed at all is one mistake (a missing or misplaced seeds/), not one per article.
    if loaded.seeds.is_empty() {
        if let Some(a) = loaded.articles.first() {
            diags.push(
                a.source
                    .error(
                        a.seed.span.clone(),
                        format!(
                            "seeds/ holds no seed, but {} name one",
                            crate::diagnostic::counted(loaded.articles.len(), "article annotation")
                        ),
                    )
                    .with_help("put the raw articles in seeds/, next to annotations/"),
            );
        }
    }
    for (i, a) in loaded.articles.iter().enumerate() {
        if loaded.seeds.is_empty() {
            break;
        }
        let seed = loaded.seeds.get(&a.seed.value);
        // Already reported: an unreadable seed, or a name that cannot be a seed's.
        if let Some(s) = seed.filter(|s| s.problem.is_some()) {
            seed_owner.insert(&s.name, &a.slug);
            continue;
        }
        if !crate::load::is_seed_name(&a.seed.value) {
            seed_trouble = true;
            continue;
        }
        let Some(seed) = seed else {
            seed_trouble = true;
            let known: Vec<&str> = loaded.seeds.keys().map(String::as_str).collect();
            let help = match crate::diagnostic::suggest(&a.seed.value, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? seeds are file names inside seeds/"),
                None => "put the raw article in seeds/ and name it here".to_string(),
            };
            diags.push(
                a.source
                    .error(
                        a.seed.span.clone(),
                        format!("seed `{}` not found in seeds/", a.seed.value),
                    )
                    .with_help(help),
            );
            continue;
        };
        if let Some(other) = seed_owner.insert(&seed.name, &a.slug) {
            seed_trouble = true;
            diags.push(
                a.source
                    .error(
                        a.seed.span.clone(),
                        format!("seed `{}` is already annotated by `{other}`", seed.name),
                    )
                    .with_help("each seed has exactly one article annotation"),
            );
            continue;
        }
        let key = (
            a.version,
            seed.version,
            bp_version,
            loaded.config.paragraphs,
        );
        let hit = cache.entries.get(&a.slug).filter(|e| e.0 == key);
        let article = match hit {
            Some((_, article, ds, uses)) => {
                diags.extend(ds.iter().cloned());
                for (k, n) in uses {
                    *rule_use.entry(*k).or_default() += n;
                }
                article.clone()
            }
            None => {
                let mut local = Diagnostics::new();
                let mut uses = RuleUse::default();
                let article = Arc::new(clean_article(
                    a,
                    seed,
                    loaded.boilerplate.as_deref(),
                    loaded.config.paragraphs,
                    &mut uses,
                    &mut local,
                ));
                cache.cleaned_last += 1;
                diags.extend(local.items().iter().cloned());
                for (k, n) in &uses {
                    *rule_use.entry(*k).or_default() += n;
                }
                cache.entries.insert(
                    a.slug.clone(),
                    (key, article.clone(), local.items().to_vec(), uses),
                );
                article
            }
        };
        articles.push(CleanEntry { index: i, article });
    }
    // Forget articles that are gone (each live article has exactly one entry).
    if cache.entries.len() > articles.len() {
        let live: HashSet<&str> = loaded.articles.iter().map(|a| a.slug.as_str()).collect();
        cache.entries.retain(|slug, _| live.contains(slug.as_str()));
    }
    check_published_names(&seed_owner, diags);
    // A seed nobody annotates is worth a warning, unless another problem explains it:
    // an unreadable annotation, an article whose seed was not found (likely this one,
    // misnamed), or nothing annotated at all.
    let nothing_annotated = loaded.articles.is_empty() && loaded.terms.is_empty();
    let explained = seed_trouble || !loaded.unreadable.is_empty() || nothing_annotated;
    for name in loaded.seeds.keys().filter(|_| !explained) {
        if !seed_owner.contains_key(name.as_str()) {
            diags.push(
                Diagnostic::warning(PathBuf::from("seeds").join(name), "seed has no annotation and is not published")
                    .with_help(format!(
                        "add annotations/articles/<slug>.md with `seed = \"{name}\"` (or run `dossier add`)"
                    )),
            );
        }
    }
    // A global rule unused so far may be used by an article that could not be cleaned.
    let all_cleaned = articles.len() == loaded.articles.len() && loaded.unreadable.is_empty();
    if let Some(bp) = loaded.boilerplate.as_ref().filter(|_| all_cleaned) {
        for cut in &bp.cuts {
            let items: Vec<&Located<String>> = match &cut.kind {
                CutKind::Lines(v) => v.iter().collect(),
                CutKind::Range { from, .. } => vec![from],
                CutKind::Text(t) => vec![t],
            };
            for item in items {
                if rule_use.get(&item.span.start).copied().unwrap_or(0) == 0 {
                    diags.push(
                        bp.source
                            .warning(
                                item.span.clone(),
                                format!("boilerplate rule matches no seed: {:?}", item.value),
                            )
                            .with_help("remove the rule, or fix its text to match the seeds"),
                    );
                }
            }
        }
    }
    Cleaned { loaded, articles }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn located(s: &str, at: usize) -> Located<String> {
        Located {
            value: s.to_string(),
            span: at..at + s.len(),
        }
    }

    fn article(cuts: Vec<Cut>, fixes: Vec<crate::load::Fix>) -> ArticleAnnotation {
        ArticleAnnotation {
            slug: "a".into(),
            version: 1,
            source: Arc::new(SourceFile {
                path: "a.md".into(),
                text: "x".repeat(200),
            }),
            seed: located("s.txt", 0),
            title: "T".into(),
            date: None,
            date_written: false,
            encoding: None,
            publication: None,
            byline: None,
            url: None,
            summary: None,
            tags: vec![],
            see_also: vec![],
            cuts,
            fixes,
            events: vec![],
            commentary: Default::default(),
            notes: vec![],
            sources: vec![],
        }
    }

    fn seed(text: &str) -> Seed {
        Seed {
            name: "s.txt".into(),
            text: text.into(),
            raw: std::sync::Arc::new(text.as_bytes().to_vec()),
            version: 1,
            problem: None,
        }
    }

    fn run(a: &ArticleAnnotation, text: &str) -> (CleanArticle, Diagnostics) {
        let mut d = Diagnostics::new();
        let mut u = RuleUse::default();
        let c = clean_article(a, &seed(text), None, Paragraphs::Lines, &mut u, &mut d);
        (c, d)
    }

    #[test]
    fn cuts_lines_blocks_and_spans() {
        let a = article(
            vec![
                Cut {
                    kind: CutKind::Lines(vec![located("close", 10)]),
                    reason: None,
                    span: 0..1,
                },
                Cut {
                    kind: CutKind::Range {
                        from: located("Share This:", 20),
                        to: None,
                    },
                    reason: Some("footer".into()),
                    span: 0..1,
                },
                Cut {
                    kind: CutKind::Text(located(" [ad]", 40)),
                    reason: None,
                    span: 0..1,
                },
            ],
            vec![],
        );
        let (c, d) = run(
            &a,
            "close\nBody one [ad] here.\n\nBody two.\nShare This:\n\nLogin\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let texts: Vec<&str> = c.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Body one here.", "Body two."]);
        assert_eq!(c.paragraphs[1].seed_line, 4);
        let removed: Vec<&str> = c.removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(removed, ["close", " [ad]", "Share This:", "Login"]);
    }

    #[test]
    fn unmatched_cut_and_fix_are_errors() {
        let a = article(
            vec![Cut {
                kind: CutKind::Lines(vec![located("nothing like this", 10)]),
                reason: None,
                span: 0..1,
            }],
            vec![crate::load::Fix {
                find: located("absent", 50),
                replace: "x".into(),
                note: None,
            }],
        );
        let (_, d) = run(&a, "Body.\n");
        assert_eq!(d.error_count(), 2);
    }

    #[test]
    fn fixes_keep_the_original() {
        let a = article(
            vec![],
            vec![crate::load::Fix {
                find: located("Security Coalition", 10),
                replace: "Security Council".into(),
                note: None,
            }],
        );
        let (c, d) = run(&a, "the United Nations Security Coalition adopted it\n");
        assert!(d.is_empty());
        let p = &c.paragraphs[0];
        assert_eq!(p.text, "the United Nations Security Council adopted it");
        assert_eq!(&p.text[p.fixes[0].range.clone()], "Security Council");
        assert_eq!(p.fixes[0].original, "Security Coalition");
    }

    #[test]
    fn blank_line_paragraphs_join_lines() {
        let lines: Vec<Line> = ["a", "b", "", "c"]
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                removed: false,
            })
            .collect();
        let p = paragraphs(&lines, Paragraphs::BlankLines);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text, "a b");
    }
}
