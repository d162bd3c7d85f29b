//! The pages that list others: the index (introduction and articles in date order),
//! the glossary (terms A–Z), the timeline (events by year).

use std::collections::BTreeMap;

use serde::Serialize;

use super::article::{event_view, EventView};
use super::common::md_html;
use crate::load::TermKind;
use crate::render::paths::href;
use crate::site::{PageCtx, PageRef};

#[derive(Serialize)]
pub struct ArticleSummary {
    href: String,
    title: String,
    date: Option<String>,
    date_iso: Option<String>,
    publication: Option<String>,
    summary: String,
}

/// The introduction as HTML, and the articles in published order.
pub fn index_view(ctx: &PageCtx, root: &str) -> (String, Vec<ArticleSummary>) {
    let (intro, _) = ctx.intro();
    let intro_html = intro
        .map(|ix| md_html(ctx, root, &ix.sources, &ix.body.text))
        .unwrap_or_default();
    let articles = ctx
        .articles()
        .map(|id| {
            let card = ctx.article_card(id);
            ArticleSummary {
                href: href(ctx, root, PageRef::Article(id)),
                title: card.title.to_string(),
                date: card.date.map(|d| d.human()),
                date_iso: card.date.map(|d| d.datetime_attr()),
                publication: card.publication.map(str::to_string),
                summary: ctx.summary(id),
            }
        })
        .collect();
    (intro_html, articles)
}

#[derive(Serialize)]
struct TermSummary {
    href: String,
    term: String,
    kind: TermKind,
    aliases: Vec<String>,
    mentions: usize,
}

#[derive(Serialize)]
pub struct LetterGroup {
    letter: String,
    terms: Vec<TermSummary>,
}

/// The A–Z heading a term is listed under: its first letter without diacritics
/// ("Émile" under E), `#` for digits and symbols.
fn index_letter(term: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let first = term.chars().find(|c| c.is_alphanumeric());
    let base = first.and_then(|c| c.to_string().nfd().next());
    match base {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".into(),
    }
}

/// The glossary index: terms by first letter, alphabetically.
pub fn glossary_groups(ctx: &PageCtx, root: &str) -> Vec<LetterGroup> {
    let mut groups: BTreeMap<String, Vec<TermSummary>> = BTreeMap::new();
    let mut entries: Vec<_> = ctx.terms().map(|t| (t, ctx.term_entry(t))).collect();
    entries.sort_by_key(|(_, e)| e.card.name.to_lowercase());
    for (t, e) in entries {
        groups
            .entry(index_letter(e.card.name))
            .or_default()
            .push(TermSummary {
                href: href(ctx, root, PageRef::Term(t)),
                term: e.card.name.to_string(),
                kind: e.card.kind,
                aliases: e.aliases.iter().map(|a| a.value.clone()).collect(),
                mentions: e.mentions,
            });
    }
    groups
        .into_iter()
        .map(|(letter, terms)| LetterGroup { letter, terms })
        .collect()
}

#[derive(Serialize)]
pub struct YearGroup {
    year: i32,
    events: Vec<EventView>,
}

/// Every event, by year.
pub fn timeline_years(ctx: &PageCtx, root: &str) -> Vec<YearGroup> {
    let mut years: Vec<YearGroup> = Vec::new();
    for e in ctx.timeline() {
        let ev = event_view(ctx, root, e.article, e.event, true);
        match years.last_mut() {
            Some(y) if y.year == e.date.year() => y.events.push(ev),
            _ => years.push(YearGroup {
                year: e.date.year(),
                events: vec![ev],
            }),
        }
    }
    years
}
