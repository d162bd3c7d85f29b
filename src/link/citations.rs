//! Checks the `[@id]` citations of one annotation file against its `[[source]]` list:
//! a citation of an undeclared source is an error (with the closest id suggested), a
//! declared source never cited is a warning.

use rustc_hash::FxHashSet as HashSet;

use crate::diagnostic::{suggest, Diagnostics};
use crate::load::{Markdown, Source, SourceFile};

/// Checks every citation in `mds` (all the Markdown of one file) against `sources`.
pub fn check(mds: &[Markdown], src: &SourceFile, sources: &[Source], diags: &mut Diagnostics) {
    let mut cited: HashSet<&str> = HashSet::default();
    let citations: Vec<(usize, crate::markdown::Citation)> = mds
        .iter()
        .flat_map(|md| {
            crate::markdown::citations(&md.text)
                .into_iter()
                .map(|c| (md.offset, c))
        })
        .collect();
    for (offset, c) in &citations {
        for it in &c.items {
            if let Some(s) = sources.iter().find(|s| s.id.value == it.id) {
                cited.insert(&s.id.value);
                continue;
            }
            let ids = sources.iter().map(|s| s.id.value.as_str());
            let help = match suggest(&it.id, ids) {
                Some(id) => {
                    // The typo is the one mistake: the source it meant is not "uncited".
                    cited.insert(id);
                    format!("did you mean `@{id}`?")
                }
                None if sources.is_empty() => "declare it in this file's front matter: \
                    [[source]] with id, title and url (see docs/annotations.md)"
                    .to_string(),
                None => format!(
                    "this file declares: {}",
                    sources
                        .iter()
                        .map(|s| format!("`{}`", s.id.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let span = it.span.start + offset..it.span.end + offset;
            diags.push(
                src.error(span, format!("unknown source `{}`", it.id))
                    .with_help(help),
            );
        }
    }
    for s in sources
        .iter()
        .filter(|s| !cited.contains(s.id.value.as_str()))
    {
        diags.push(
            src.warning(
                s.id.span.clone(),
                format!("source `{}` is never cited", s.id.value),
            )
            .with_help(format!(
                "cite it where it supports a claim with [@{}], or remove it",
                s.id.value
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_citation_is_underlined_whole() {
        let text = "+++\n+++\nA claim [@nowhere-2020] here.\n";
        let src = SourceFile {
            path: "a.md".into(),
            text: text.to_string(),
        };
        let md = Markdown {
            text: "A claim [@nowhere-2020] here.\n".to_string(),
            offset: 8,
        };
        let mut d = Diagnostics::new();
        check(&[md], &src, &[], &mut d);
        let e = &d.items()[0];
        assert_eq!(e.message, "unknown source `nowhere-2020`");
        let p = e.position.unwrap();
        assert_eq!((p.line, p.column, e.width), (3, 10, "@nowhere-2020".len()));
    }

    #[test]
    fn a_source_cited_nowhere_in_its_file_warns_at_its_id() {
        let text = "+++\n[[source]]\nid = \"unused\"\ntitle = \"T\"\n+++\nNo citation.\n";
        let src = SourceFile {
            path: "a.md".into(),
            text: text.to_string(),
        };
        let start = text.find("unused").unwrap();
        let source = Source {
            id: crate::load::Located {
                value: "unused".into(),
                span: start..start + 6,
            },
            title: crate::load::Located {
                value: "T".into(),
                span: 0..0,
            },
            publisher: None,
            author: None,
            date: None,
            url: None,
            accessed: None,
            archived: None,
            note: None,
        };
        let md = Markdown {
            text: "No citation.\n".to_string(),
            offset: text.find("No").unwrap(),
        };
        let mut d = Diagnostics::new();
        check(&[md], &src, &[source], &mut d);
        assert_eq!(d.items().len(), 1);
        let w = &d.items()[0];
        assert_eq!(w.message, "source `unused` is never cited");
        assert_eq!(w.position.map(|p| p.line), Some(3));
    }
}
