//! The cut engine: whole lines, blocks from one line to another, exact spans; each
//! removal recorded with the rule that made it; and why a cut that removed nothing
//! did not.

use super::*;
use crate::diagnostic::Diagnostic;

pub(crate) struct Line {
    pub(crate) no: usize,
    pub(crate) text: String,
    pub(crate) removed: bool,
}

pub(crate) fn rule_ref(src: &SourceFile, at: usize) -> String {
    let (pos, _) = crate::diagnostic::locate(&src.text, at);
    format!("{}:{}", src.path.display(), pos.line)
}

/// Applies one cut to the lines; returns how many spans each located item removed.
pub(crate) fn apply_cut(
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
