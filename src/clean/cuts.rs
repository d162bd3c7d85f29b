//! The cut engine: whole lines, blocks from one line to another, exact spans; each
//! removal recorded with the rule that made it; and why a cut that removed nothing
//! did not.

use super::engine::{self, CutSpec, Line};
use super::*;
use crate::diagnostic::Diagnostic;

pub(crate) fn rule_ref(src: &SourceFile, at: usize) -> String {
    let (pos, _) = crate::diagnostic::locate(&src.text, at);
    format!("{}:{}", src.path.display(), pos.line)
}

/// Applies one cut to the lines with the cut engine, recording each removal with the
/// rule that made it; returns how many spans each located item removed.
pub(crate) fn apply_cut(
    cut: &Cut,
    lines: &mut [Line],
    src: &SourceFile,
    global: bool,
    removed: &mut Vec<Removed>,
) -> Vec<(Located<String>, usize)> {
    let items: Vec<&Located<String>> = match &cut.kind {
        CutKind::Lines(v) => v.iter().collect(),
        CutKind::Range { from, to } => std::iter::once(from).chain(to).collect(),
        CutKind::Text(t) => vec![t],
    };
    let spec = match &cut.kind {
        CutKind::Lines(v) => CutSpec::Lines(v.iter().map(|l| l.value.as_str()).collect()),
        CutKind::Range { from, to } => CutSpec::Range {
            from: &from.value,
            to: to.as_ref().map(|t| t.value.as_str()),
        },
        CutKind::Text(t) => CutSpec::Text(&t.value),
    };
    let counts = engine::apply(&spec, lines, |k, line, text| {
        removed.push(Removed {
            line,
            text: text.to_string(),
            rule: rule_ref(src, items[k].span.start),
            reason: cut.reason.clone(),
            global,
        });
    });
    items.into_iter().cloned().zip(counts).collect()
}

/// Why a cut item removed nothing: its line was already cut by another rule (a
/// warning: the cut is redundant), a range's `to` never follows its `from`, or the
/// text is not in the seed.
pub(crate) fn unmatched_cut(
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

/// Warns about each global rule item that matched no seed.
pub(crate) fn warn_unused_rules(loaded: &Loaded, rule_use: &RuleUse, diags: &mut Diagnostics) {
    let Some(bp) = &loaded.boilerplate else {
        return;
    };
    for cut in &bp.cuts {
        let items: Vec<&Located<String>> = match &cut.kind {
            CutKind::Lines(v) => v.iter().collect(),
            CutKind::Range { from, .. } => vec![from],
            CutKind::Text(t) => vec![t],
        };
        for item in items
            .into_iter()
            .filter(|i| rule_use.get(&i.span.start).is_none_or(|&n| n == 0))
        {
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
