//! Relations between pages: an article's `see_also` and `[[links]]`, a term's
//! `part_of`, `see_also` and definition links, the introduction's links; the
//! backlinks they imply; and the warnings about them (not mutual, cycles).

use rustc_hash::FxHashMap as HashMap;

use super::citations;
use super::targets::{check_md, unknown_target, TARGETS_ARE};
use crate::diagnostic::{suggest, Diagnostic, Diagnostics};
use crate::load::IndexPage;
use crate::site::{Article, ArticleId, PageRef, Targets, Term, TermId};

/// Backlinks, gathered while relations are resolved.
#[derive(Default)]
pub(crate) struct Backlinks(HashMap<PageRef, Vec<PageRef>>);

impl Backlinks {
    /// Records that `from` links to `to` (a page never backlinks itself).
    fn add(&mut self, from: PageRef, to: PageRef) {
        if from != to {
            let v = self.0.entry(to).or_default();
            if !v.contains(&from) {
                v.push(from);
            }
        }
    }

    /// Stores each page's backlinks, sorted, on the page.
    pub(crate) fn apply(self, articles: &mut [Article], terms: &mut [Term]) {
        for (to, mut from) in self.0 {
            from.sort();
            match to {
                PageRef::Article(a) => articles[a.index()].backlinks = from,
                PageRef::Term(t) => terms[t.index()].backlinks = from,
                PageRef::Index => {}
            }
        }
    }
}

/// Resolves an article's `see_also` (reporting what is not an article) and its
/// `[[links]]`, and counts its mentions on the terms.
pub(crate) fn article_relations(
    id: ArticleId,
    article: &mut Article,
    ctx: (&Targets, &[&str]),
    terms: &mut [Term],
    back: &mut Backlinks,
    diags: &mut Diagnostics,
) {
    let (targets, all_slugs) = ctx;
    let me = PageRef::Article(id);
    for (&t, &n) in &article.marks.mentions {
        terms[t.index()].mentioned_in.push((id, n));
    }
    let ann = article.ann.clone();
    for s in &ann.see_also {
        match targets.slug(&s.value) {
            Some(PageRef::Article(p)) if p == id => diags.push(
                ann.source
                    .error(s.span.clone(), "an article cannot be its own see_also")
                    .with_help("remove this entry"),
            ),
            Some(PageRef::Article(p)) => {
                article.see_also.push(p);
                back.add(me, PageRef::Article(p));
            }
            _ if targets.is_unreadable(&s.value) => {}
            Some(_) => diags.push(
                ann.source
                    .error(s.span.clone(), format!("see_also `{}` is a glossary term, not an article", s.value))
                    .with_help(format!("see_also lists article slugs; link the term from the commentary with [[{}]]", s.value)),
            ),
            None => {
                let help = match suggest(&s.value, all_slugs.iter().copied()) {
                    Some(x) => format!("did you mean `{x}`? see_also lists article slugs"),
                    None => "see_also lists article slugs (file names in annotations/articles/)".into(),
                };
                let msg = format!("see_also target `{}` is not an article", s.value);
                diags.push(ann.source.error(s.span.clone(), msg).with_help(help));
            }
        }
    }
    article.links_to = article
        .marks
        .wiki_targets
        .iter()
        .filter_map(|t| targets.resolve(t))
        .collect();
    for &p in &article.links_to {
        back.add(me, p);
    }
}

/// Resolves a term's `part_of`, `see_also` and definition links, and checks its
/// definition's citations.
pub(crate) fn term_relations(
    id: TermId,
    terms: &mut [Term],
    targets: &Targets,
    back: &mut Backlinks,
    diags: &mut Diagnostics,
) {
    let me = PageRef::Term(id);
    let ann = terms[id.index()].ann.clone();
    if let Some(p) = &ann.part_of {
        match targets.resolve(&p.value) {
            Some(PageRef::Term(o)) if o == id => diags.push(
                ann.source
                    .error(p.span.clone(), "a term cannot be part of itself")
                    .with_help("remove `part_of`, or name the broader term"),
            ),
            Some(PageRef::Term(o)) => {
                terms[id.index()].part_of = Some(o);
                terms[o.index()].parts.push(id);
            }
            Some(_) => diags.push(
                ann.source
                    .error(p.span.clone(), format!("part_of `{}` is an article, not a glossary term", p.value))
                    .with_help("part_of names the broader glossary term (slug, name or alias); link articles from the definition"),
            ),
            None if targets.is_unreadable(&p.value) => {}
            None => {
                let d = unknown_target(&ann.source, p.span.clone(), &p.value, targets);
                let help = d.help.clone().unwrap_or_default();
                let help = help.replace(TARGETS_ARE, "part_of names another glossary term (slug, name or alias)");
                diags.push(d.with_help(help));
            }
        }
    }
    for s in &ann.see_also {
        match targets.resolve(&s.value) {
            Some(p) if p == me => diags.push(
                ann.source
                    .error(s.span.clone(), "a term cannot be its own see_also")
                    .with_help("remove this entry"),
            ),
            Some(p) => {
                terms[id.index()].see_also.push(p);
                back.add(me, p);
            }
            None if targets.is_unreadable(&s.value) => {}
            None => diags.push(unknown_target(
                &ann.source,
                s.span.clone(),
                &s.value,
                targets,
            )),
        }
    }
    for (_, p) in check_md(&ann.definition, &ann.source, targets, diags) {
        back.add(me, p);
        terms[id.index()].links_to.push(p);
    }
    let definition = std::slice::from_ref(&ann.definition);
    citations::check(definition, &ann.source, &ann.sources, diags);
}

/// The pages the introduction links to; checks its links and citations.
pub(crate) fn index_links(
    ix: &IndexPage,
    targets: &Targets,
    back: &mut Backlinks,
    diags: &mut Diagnostics,
) -> Vec<PageRef> {
    let mut links = Vec::new();
    for (_, p) in check_md(&ix.body, &ix.source, targets, diags) {
        back.add(PageRef::Index, p);
        links.push(p);
    }
    citations::check(
        std::slice::from_ref(&ix.body),
        &ix.source,
        &ix.sources,
        diags,
    );
    links
}

/// see_also is a two-way relation: says when only one side states it.
pub(crate) fn warn_not_mutual(articles: &[Article], targets: &Targets, diags: &mut Diagnostics) {
    for (i, a) in articles.iter().enumerate() {
        let me = ArticleId::at(i);
        let listed = a
            .ann
            .see_also
            .iter()
            .filter(|s| matches!(targets.slug(&s.value), Some(PageRef::Article(p)) if p != me));
        for (s, &other) in listed.zip(&a.see_also) {
            if articles[other.index()].see_also.contains(&me) {
                continue;
            }
            let (slug, other_slug) = (&a.ann.slug, &articles[other.index()].ann.slug);
            diags.push(
                a.ann
                    .source
                    .warning(s.span.clone(), format!("see_also is not mutual: `{other_slug}` does not list `{slug}`"))
                    .with_help(format!(
                        "add \"{slug}\" to the see_also of annotations/articles/{other_slug}.md, or remove this entry"
                    )),
            );
        }
    }
}

/// An article without a date sorts last and shows "Undated": worth a warning.
pub(crate) fn warn_undated(articles: &[Article], diags: &mut Diagnostics) {
    for a in articles.iter().filter(|a| !a.ann.date_written) {
        diags.push(
            a.ann
                .source
                .warning(
                    a.ann.seed.span.clone(),
                    format!("article `{}` has no date", a.ann.slug),
                )
                .with_help(
                    "add `date = \"YYYY-MM-DD\"` (or YYYY-MM, YYYY, with `~` if approximate)",
                ),
        );
    }
}

/// A term no article mentions and no page links is probably misspelled.
pub(crate) fn warn_unmentioned(terms: &[Term], diags: &mut Diagnostics) {
    for t in terms
        .iter()
        .filter(|t| t.mentioned_in.is_empty() && t.backlinks.is_empty())
    {
        let d = t.ann.source.warning(
            t.ann.term.span.clone(),
            format!("term `{}` is mentioned nowhere", t.ann.term.value),
        );
        diags.push(d.with_help(
            "add the spelling used in the articles to `aliases`, link it with [[…]], or remove the entry",
        ));
    }
}

/// Reports each `part_of` cycle once, at its first member by slug, naming every
/// member. A term that merely leads into a cycle is not blamed.
pub(crate) fn report_part_of_cycles(terms: &[Term], diags: &mut Diagnostics) {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; terms.len()];
    for start in 0..terms.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match state[c] {
                2 => break,
                1 => {
                    let at = path.iter().position(|&x| x == c).unwrap_or(0);
                    diags.extend(cycle_error(terms, &path[at..]));
                    break;
                }
                _ => {
                    state[c] = 1;
                    path.push(c);
                    cur = terms[c].part_of.map(TermId::index);
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}

fn cycle_error(terms: &[Term], cycle: &[usize]) -> Option<Diagnostic> {
    let mut cycle = cycle.to_vec();
    let first = (0..cycle.len())
        .min_by_key(|&i| &terms[cycle[i]].ann.slug)
        .unwrap_or(0);
    cycle.rotate_left(first);
    let t = &terms[*cycle.first()?].ann;
    let mut names: Vec<String> = cycle
        .iter()
        .map(|&x| format!("`{}`", terms[x].ann.slug))
        .collect();
    names.push(names[0].clone());
    let p = t.part_of.as_ref()?;
    Some(
        t.source
            .error(
                p.span.clone(),
                format!("part_of forms a cycle: {}", names.join(" → ")),
            )
            .with_help(
                "a term's broader terms must not lead back to it: remove one of these part_of",
            ),
    )
}
