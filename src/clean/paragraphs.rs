//! Splitting what the cuts left into paragraphs (one per line, or per blank-line
//! block), and applying `[[fix]]` corrections as marks that keep the original.

use super::engine::Line;
use super::*;

pub(crate) fn paragraphs(lines: &[Line], mode: Paragraphs) -> Vec<Paragraph> {
    // (text, seed line) of each paragraph, grown line by line.
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut current: Option<(String, usize)> = None;
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
            Paragraphs::Lines => out.push((t.to_string(), l.no)),
            Paragraphs::BlankLines => match current.as_mut() {
                Some((text, _)) => {
                    text.push(' ');
                    text.push_str(t);
                }
                None => current = Some((t.to_string(), l.no)),
            },
        }
    }
    if let Some(p) = current {
        out.push(p);
    }
    out.into_iter()
        .map(|(text, seed_line)| Paragraph {
            text: text.into(),
            fixes: Vec::new(),
            seed_line,
        })
        .collect()
}

/// Applies the fixes to the paragraphs; returns how many times each fix was applied,
/// and whether its text occurs at all (a fix found only where an earlier fix applies
/// is not applied).
pub(crate) fn apply_fixes(
    paras: &mut [Paragraph],
    fixes: &[crate::load::Fix],
) -> (Vec<usize>, Vec<bool>) {
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
            p.text = text.into();
            p.fixes = marks;
        }
    }
    (counts, found)
}
