//! The parts of the site a page may read, each defined once: its [`Dep`], its
//! accessor on [`PageCtx`] and its fingerprint, taken of the accessor's value.

use std::collections::BTreeMap;

use super::views::{Aliases, ArticleCard, Cited, Gist, Order, SummarySource};
use super::views::{TermCard, TermEntry, TermList, Text};
use super::{Fingerprints, PageCtx};
use crate::hash;
use crate::load::{Event, IndexPage, Seed, Source};
use crate::site::{Article, ArticleId, PageRef, SharedPassage, Site, Tag, Targets, Term, TermId};
use crate::site::{MarkKind, TimelineEntry};

parts! {
    article {
        /// What a link to an article shows: slug, title, date, publication, seed.
        ArticleCard: fn article_card(s, id) -> ArticleCard<'a> {
            ArticleCard::of(&s.article(id).ann)
        } print(c) { hash::of(&c) }

        /// What lists show of an article (its summary, else its commentary).
        Summary: fn summary_source(s, id) -> SummarySource<'a> {
            SummarySource::of(&s.article(id).ann)
        } print(v) { hash::of(&v) }

        /// Everything an article's own page shows of it: its versions (annotation,
        /// seed, clean text, marks) and its relations stand for the rest.
        Article: fn article(s, id) -> &'a Article {
            s.article(id)
        } print(a) {
            let versions = (a.ann.version, a.seed.version, a.clean.version, a.marks.version);
            hash::of(&(versions, &a.see_also, &a.links_to, &a.backlinks))
        }

        /// An article's seed (its bytes and text).
        Seed: fn seed(s, id) -> &'a Seed {
            &s.article(id).seed
        } print(v) { v.version }

        /// An article's events, and the sources their text may cite.
        Events: fn events(s, id) -> (&'a [Event], &'a [Source]) {
            let a = &s.article(id).ann;
            (&a.events, &a.sources)
        } print(v) {
            let events: Vec<_> = v.0.iter().map(|e| (e.date, &e.text.value)).collect();
            hash::of(&(events, v.1))
        }

        /// What a citation of an article names ([`Cited`]).
        Citation: fn cited(s, id) -> Cited<'a> {
            Cited::of(&s.article(id).ann)
        } print(c) { hash::of(&c) }

        /// Which terms an article's text names, how often.
        Mentions: fn mentions(s, id) -> &'a BTreeMap<TermId, usize> {
            &s.article(id).marks.mentions
        } print(v) { hash::of(v) }

        /// The passages an article shares with others.
        Shared: fn shared(s, id) -> &'a [SharedPassage] {
            s.shared.get(id.index()).map_or(&[], |v| &v[..])
        } print(v) { hash::of(&v) }

        /// An article's text and where it names which terms (what a mention in
        /// context shows).
        Text: fn marked_text(s, id) -> Text<'a> {
            Text(&s.article(id).marks)
        } print(t) {
            hash::with(|h| {
                use std::hash::Hash;
                for p in t.paragraphs() {
                    (&*p.text, p.seed_line).hash(h);
                    for m in &p.marks {
                        if let MarkKind::Term { term, .. } = m.kind {
                            (&m.range, term).hash(h);
                        }
                    }
                }
            })
        }
    }
    term {
        /// What a link to a term shows: slug, name, kind.
        TermCard: fn term_card(s, id) -> TermCard<'a> {
            TermCard::of(s.term(id))
        } print(c) { hash::of(&c) }

        /// Everything a term's own page shows of it: its version and its relations
        /// stand for the rest.
        Term: fn term(s, id) -> &'a Term {
            s.term(id)
        } print(t) {
            let rel = (&t.mentioned_in, &t.cooccurs, &t.backlinks, t.part_of, &t.parts, &t.see_also);
            hash::of(&(t.ann.version, rel, &t.links_to))
        }

        /// A term's row in the glossary index: names, kind, gist, mention count.
        TermEntry: fn term_entry(s, id) -> TermEntry<'a> {
            TermEntry::of(s.term(id))
        } print(v) { hash::of(&v) }

        /// What a preview of a term says (its gist), and the other names it is found by
        /// (weak aliases too).
        Gist: fn gist(s, id) -> Gist<'a> {
            let t = s.term(id);
            Gist { gist: &t.gist, aliases: Aliases(&t.ann.aliases), weak: &t.ann.weak_aliases }
        } print(v) { hash::of(&v) }
    }
    whole {
        /// The published order of the articles.
        Order: fn order(s) -> Order<'a> {
            Order(&s.articles)
        } print(v) { hash::of(&v) }

        /// Which terms exist.
        TermList: fn term_list(s) -> TermList<'a> {
            TermList(&s.terms)
        } print(v) { hash::of(&v) }

        /// The dated events, in order.
        Timeline: fn timeline(s) -> &'a [TimelineEntry] {
            &s.timeline
        } print(v) { hash::of(&v) }

        /// The introduction, and the pages it links to.
        Intro: fn intro(s) -> (Option<&'a IndexPage>, &'a [PageRef]) {
            (s.index.as_deref(), &s.index_links)
        } print(v) { hash::of(&(v.0.map(|i| i.version), v.1)) }

        /// How `[[targets]]` resolve.
        Targets: fn targets(s) -> &'a Targets {
            &s.targets
        } print(t) { t.fingerprint() }

        /// The tags and the articles carrying each.
        Tags: fn tags(s) -> &'a [Tag] {
            &s.tags
        } print(v) { hash::of(&v) }

        /// The publications and the articles each published.
        Publications: fn publications(s) -> &'a [Tag] {
            &s.publications
        } print(v) { hash::of(&v) }
    }
}
