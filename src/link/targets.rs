//! Checking what links name: building the table of targets (`site::Targets`), the
//! `[[links]]` and URLs of a piece of Markdown, the error for an unknown target with
//! the closest one suggested, and the one error that stands for every link to a
//! glossary file that could not be read.

use std::ops::Range;

use crate::diagnostic::Diagnostics;
use crate::load::{ArticleAnnotation, Loaded, Located, Markdown, SourceFile};
use crate::markdown::wiki_links;
use crate::site::{fold, ArticleId, PageRef, Targets, TermId};

pub(crate) fn unknown_target(
    src: &SourceFile,
    span: Range<usize>,
    target: &str,
    targets: &Targets,
) -> crate::diagnostic::Diagnostic {
    let help = match crate::diagnostic::suggest(target, targets.candidates()) {
        Some(s) => format!("did you mean `{s}`? {TARGETS_ARE}"),
        None => TARGETS_ARE.to_string(),
    };
    src.error(span, format!("{UNKNOWN_TARGET} `{target}`"))
        .with_help(help)
}

pub(crate) const UNKNOWN_TARGET: &str = "unknown link target";

pub(crate) const TARGETS_ARE: &str =
    "targets are article slugs, glossary slugs, term names or aliases";

/// When a glossary file could not be read, links to names it may define cannot be
/// told from typos: report them as one error pointing at that file, not one per link.
pub(crate) fn collapse_unknown_targets(loaded: &Loaded, diags: &mut Diagnostics) {
    let Some(broken) = loaded.unreadable.iter().find(|u| u.is_term) else {
        return;
    };
    let unknown = diags.take_if(|d| d.message.starts_with(UNKNOWN_TARGET));
    let Some(first) = unknown.first() else {
        return;
    };
    let mut targets: Vec<&str> = unknown
        .iter()
        .filter_map(|d| d.message.split('`').nth(1))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let list = targets
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = first.clone();
    d.message = format!(
        "{} to unknown targets: {list}",
        crate::diagnostic::counted(unknown.len(), "link")
    );
    d.help = Some(format!(
        "{} could not be read (see its error) and may define them: fix it first, the links are checked again then",
        broken.file.display()
    ));
    diags.push(d);
}

/// Checks the wiki-links of a piece of Markdown: reports unknown targets and returns
/// the ones that resolved, as written and as pages.
pub(crate) fn check_md(
    md: &Markdown,
    src: &SourceFile,
    targets: &Targets,
    diags: &mut Diagnostics,
) -> Vec<(String, PageRef)> {
    for u in crate::markdown::urls(&md.text) {
        if !crate::url::is_allowed(&u.url) {
            diags.push(
                src.error(
                    u.span.start + md.offset..u.span.end + md.offset,
                    format!("link URL `{}` is not allowed", u.url.escape_debug()),
                )
                .with_help(crate::url::HELP),
            );
        }
    }
    let mut out = Vec::new();
    for l in wiki_links(&md.text) {
        match targets.resolve(&l.target) {
            Some(p) => out.push((l.target, p)),
            None if targets.is_unreadable(&l.target) => {}
            None => diags.push(unknown_target(
                src,
                l.span.start + md.offset..l.span.end + md.offset,
                &l.target,
                targets,
            )),
        }
    }
    out
}

pub(crate) fn located_md(l: &Located<String>, src: &SourceFile) -> Markdown {
    // TOML strings carry their quotes in the span: skip them so link positions are
    // exact for plain strings (escapes inside a string may shift a column, never the line).
    let raw = src.text.get(l.span.clone()).unwrap_or("");
    let skip = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3 + usize::from(raw[3..].starts_with('\n'))
    } else if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        0
    };
    Markdown {
        text: l.value.clone(),
        offset: l.span.start + skip,
    }
}

/// The table of link targets: published articles by slug, terms by slug, name and
/// alias, and the slugs and names of whatever could not be read (`skipped`: articles
/// the clean stage left out).
pub(crate) fn build_targets(
    loaded: &Loaded,
    published: &[&ArticleAnnotation],
    skipped: &[&str],
    diags: &mut Diagnostics,
) -> Targets {
    let mut targets = Targets::default();
    for u in &loaded.unreadable {
        targets.add_unreadable(&u.slug);
        for n in &u.names {
            targets.add_unreadable(&fold(n));
        }
    }
    for s in skipped {
        targets.add_unreadable(s);
    }
    for (i, a) in published.iter().enumerate() {
        targets.add_slug(&a.slug, PageRef::Article(ArticleId::at(i)));
    }
    for (ti, t) in loaded.terms.iter().enumerate() {
        let me = PageRef::Term(TermId::at(ti));
        if !targets.add_slug(&t.slug, me) {
            diags.push(
                t.source
                    .warning(
                        t.term.span.clone(),
                        format!(
                            "glossary slug `{}` is also an article slug; `[[{}]]` links the article",
                            t.slug, t.slug
                        ),
                    )
                    .with_help("rename the glossary file"),
            );
        }
        for name in std::iter::once(&t.term).chain(t.aliases.iter()) {
            targets.add_name(&name.value, me);
        }
    }
    targets
}
