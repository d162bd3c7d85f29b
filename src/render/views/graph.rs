//! The graph page (`graph.html`): which articles name which glossary terms, as a
//! static SVG laid out here, at build time (no script). Articles stand in a column
//! on the left in published order; the most-named terms in a column on the right,
//! each placed at the weighted mean position of the articles naming it (the
//! barycentre heuristic for two-layer drawings, which keeps edges short and crossings
//! few); an edge's width grows with the number of mentions. It stays readable as the
//! dossier grows by showing only the strongest edges: each article's few most-named
//! terms, at most [`EDGE_MAX`] edges, each shown term keeping at least one. Every node
//! is a link; the page also gives the same facts as lists (the text alternative).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::paths::href;
use crate::site::{ArticleId, PageCtx, PageRef, TermId};

/// The most edges drawn.
pub const EDGE_MAX: usize = 600;
/// The most articles drawn (the newest).
pub const ARTICLES_MAX: usize = 500;
/// The most articles shown in date order.
const DATE_ORDER_MAX: usize = 40;
/// The most edges drawn from one article.
const PER_ARTICLE: usize = 5;
/// Vertical distance between two nodes of the taller column.
const ROW: f64 = 24.0;
/// Where the columns stand, and the drawing's width.
const LEFT_X: f64 = 372.0;
const RIGHT_X: f64 = 628.0;
const WIDTH: f64 = 1000.0;
const TOP: f64 = 20.0;
/// The longest label drawn, in characters (the full name is the node's tooltip).
const LABEL_MAX: usize = 46;

/// What `graph.html` gets as `graph`.
#[derive(Serialize)]
pub struct GraphView {
    /// The articles stand in date order (else grouped by the terms they name).
    by_date: bool,
    width: f64,
    height: f64,
    articles: Vec<NodeView>,
    terms: Vec<NodeView>,
    edges: Vec<EdgeView>,
    /// How much of the whole is drawn.
    all_articles: usize,
    shown_terms: usize,
    named_terms: usize,
    shown_edges: usize,
    all_edges: usize,
    /// The text alternative: each article and the terms it names most.
    rows: Vec<AltRow>,
}

#[derive(Serialize)]
struct NodeView {
    href: String,
    label: String,
    full: String,
    y: f64,
}

#[derive(Serialize)]
struct EdgeView {
    d: String,
    width: f64,
    title: String,
}

#[derive(Serialize)]
struct AltRow {
    href: String,
    title: String,
    terms: Vec<AltTerm>,
}

#[derive(Serialize)]
struct AltTerm {
    href: String,
    name: String,
    count: usize,
}

/// How many terms the right column shows for `articles` articles.
fn term_budget(articles: usize) -> usize {
    (articles * 3).clamp(24, 60)
}

fn label(s: &str) -> String {
    if s.chars().count() <= LABEL_MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(LABEL_MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// What the graph draws, chosen before it is laid out.
struct Selection {
    /// The articles drawn, in published order, with the terms each names and how often.
    ids: Vec<ArticleId>,
    mentions: Vec<Vec<(TermId, usize)>>,
    /// The terms drawn, most named first, with their mention counts.
    ranked: Vec<(TermId, usize)>,
    /// The edges drawn: (index into `ids`, term, mentions).
    edges: Vec<(usize, TermId, usize)>,
    /// How much there was to draw: articles, named terms, edges to the terms drawn.
    all_articles: usize,
    named_terms: usize,
    all_edges: usize,
}

/// The graph of the whole dossier, linked from a page at `root`.
pub fn graph_view(ctx: &PageCtx, root: &str) -> GraphView {
    layout(ctx, root, select(ctx))
}

/// The articles, terms and edges to draw.
fn select(ctx: &PageCtx) -> Selection {
    let all: Vec<ArticleId> = ctx.articles().collect();
    // The newest, when there are too many to draw (the page must not grow without bound).
    let ids = all[all.len().saturating_sub(ARTICLES_MAX)..].to_vec();
    let mentions: Vec<Vec<(TermId, usize)>> = ids
        .iter()
        .map(|&a| ctx.mentions(a).iter().map(|(&t, &c)| (t, c)).collect())
        .collect();
    // The most-named terms.
    let mut totals: BTreeMap<TermId, usize> = BTreeMap::new();
    for row in &mentions {
        for &(t, c) in row {
            *totals.entry(t).or_default() += c;
        }
    }
    let named_terms = totals.len();
    let mut ranked: Vec<(TermId, usize)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(term_budget(ids.len()));
    let shown: std::collections::BTreeSet<TermId> = ranked.iter().map(|&(t, _)| t).collect();
    // Candidate edges to shown terms: each article's strongest is always drawn, then
    // the strongest of the others (each article's few best) up to the budget.
    let mut all_edges = 0;
    let mut edges: Vec<(usize, TermId, usize)> = Vec::new();
    let mut more: Vec<(usize, TermId, usize)> = Vec::new();
    for (i, row) in mentions.iter().enumerate() {
        let mut mine: Vec<(TermId, usize)> = row
            .iter()
            .copied()
            .filter(|(t, _)| shown.contains(t))
            .collect();
        all_edges += mine.len();
        mine.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut best = mine.into_iter().take(PER_ARTICLE).map(|(t, c)| (i, t, c));
        edges.extend(best.next());
        more.extend(best);
    }
    more.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    more.truncate(EDGE_MAX.saturating_sub(edges.len()));
    edges.extend(more);
    // Every shown term keeps its strongest edge.
    for &(t, _) in &ranked {
        if edges.iter().any(|e| e.1 == t) {
            continue;
        }
        let best = mentions
            .iter()
            .enumerate()
            .filter_map(|(i, row)| row.iter().find(|x| x.0 == t).map(|x| (i, t, x.1)))
            .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)));
        edges.extend(best);
    }
    Selection {
        all_articles: all.len(),
        ids,
        mentions,
        ranked,
        edges,
        named_terms,
        all_edges,
    }
}

/// Places the nodes and draws the edges.
fn layout(ctx: &PageCtx, root: &str, sel: Selection) -> GraphView {
    let Selection {
        ids,
        mentions,
        ranked,
        edges,
        all_articles,
        named_terms,
        all_edges,
    } = sel;
    let (ids, ranked, mentions) = (&ids[..], &ranked[..], &mentions[..]);
    let rows = ids.len().max(ranked.len()).max(1);
    let inner = (rows - 1) as f64 * ROW;
    let spread = |i: usize, n: usize| {
        if n <= 1 {
            TOP + inner / 2.0
        } else {
            TOP + inner * i as f64 / (n - 1) as f64
        }
    };
    let mut article_y: Vec<f64> = (0..ids.len()).map(|i| spread(i, ids.len())).collect();
    let bottom = TOP + inner;
    let (mut order, mut term_y) = place_terms(ranked, &edges, &article_y, bottom);
    // A long column in date order sends edges across the whole drawing: past
    // [`DATE_ORDER_MAX`] articles, each article moves beside the term it names most
    // (then by date), and the terms are placed again beside their articles.
    let by_date = ids.len() <= DATE_ORDER_MAX;
    if !by_date {
        for (k, i) in beside_strongest(ids.len(), &edges, &term_y, bottom).enumerate() {
            article_y[i] = spread(k, ids.len());
        }
        (order, term_y) = place_terms(ranked, &edges, &article_y, bottom);
    }
    let article_node = |i: usize| {
        let card = ctx.article_card(ids[i]);
        NodeView {
            href: href(ctx, root, PageRef::Article(ids[i])),
            label: label(card.title),
            full: card.title.to_string(),
            y: article_y[i],
        }
    };
    let term_node = |t: TermId| {
        let name = ctx.term_card(t).name;
        NodeView {
            href: href(ctx, root, PageRef::Term(t)),
            label: label(name),
            full: name.to_string(),
            y: term_y[&t],
        }
    };
    let edge_views = edges
        .iter()
        .map(|&(i, t, c)| {
            let title = format!(
                "{} names {} {c}×",
                ctx.article_card(ids[i]).title,
                ctx.term_card(t).name
            );
            edge_view(article_y[i], term_y[&t], c, title)
        })
        .collect();
    let mut articles: Vec<NodeView> = (0..ids.len()).map(article_node).collect();
    articles.sort_by(|a, b| a.y.total_cmp(&b.y));
    GraphView {
        by_date,
        all_articles,
        width: WIDTH,
        height: TOP * 2.0 + inner,
        articles,
        terms: order.iter().map(|&(_, t)| term_node(t)).collect(),
        shown_edges: edges.len(),
        edges: edge_views,
        shown_terms: ranked.len(),
        named_terms,
        all_edges,
        rows: alt_rows(ctx, root, ids, mentions),
    }
}

/// The articles (indices below `n`) in the order of the height of the term each
/// names most (`bottom` for none), then by date.
fn beside_strongest(
    n: usize,
    edges: &[(usize, TermId, usize)],
    term_y: &BTreeMap<TermId, f64>,
    bottom: f64,
) -> impl Iterator<Item = usize> {
    let mut rank: Vec<(f64, usize)> = (0..n)
        .map(|i| {
            let strongest = edges.iter().filter(|e| e.0 == i).max_by_key(|e| e.2);
            (strongest.map_or(bottom, |e| term_y[&e.1]), i)
        })
        .collect();
    rank.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    rank.into_iter().map(|(_, i)| i)
}

/// An edge from an article at height `y1` to a term at `y2`, named `count` times.
fn edge_view(y1: f64, y2: f64, count: usize, title: String) -> EdgeView {
    let mid = (LEFT_X + RIGHT_X) / 2.0;
    EdgeView {
        d: format!("M{LEFT_X} {y1:.1}C{mid} {y1:.1} {mid} {y2:.1} {RIGHT_X} {y2:.1}"),
        width: 1.0 + (count as f64).log2().max(0.0),
        title,
    }
}

/// The terms in barycentre order, each placed at the weighted mean height of the
/// drawn edges reaching it (so it stands beside the articles naming it), then pushed
/// apart to at least [`ROW`], within the drawing.
fn place_terms(
    ranked: &[(TermId, usize)],
    edges: &[(usize, TermId, usize)],
    article_y: &[f64],
    bottom: f64,
) -> (Vec<(f64, TermId)>, BTreeMap<TermId, f64>) {
    let mut order: Vec<(f64, TermId)> = ranked
        .iter()
        .map(|&(t, _)| {
            let (sum, weight) = edges
                .iter()
                .filter(|e| e.1 == t)
                .fold((0.0, 0.0), |(s, w), e| {
                    (s + e.2 as f64 * article_y[e.0], w + e.2 as f64)
                });
            (if weight > 0.0 { sum / weight } else { TOP }, t)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut ys: Vec<f64> = order.iter().map(|o| o.0.max(TOP)).collect();
    for j in 1..ys.len() {
        ys[j] = ys[j].max(ys[j - 1] + ROW);
    }
    // Pushed past the bottom: pull back up from there.
    if let Some(last) = ys.last_mut() {
        *last = last.min(bottom);
    }
    for j in (0..ys.len().saturating_sub(1)).rev() {
        ys[j] = ys[j].min(ys[j + 1] - ROW);
    }
    let term_y = order.iter().zip(&ys).map(|(&(_, t), &y)| (t, y)).collect();
    (order, term_y)
}

/// The text alternative: each article with the terms it names, most named first.
fn alt_rows(
    ctx: &PageCtx,
    root: &str,
    ids: &[ArticleId],
    mentions: &[Vec<(TermId, usize)>],
) -> Vec<AltRow> {
    ids.iter()
        .zip(mentions)
        .map(|(&a, row)| {
            let mut terms: Vec<(TermId, usize)> = row.clone();
            terms.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            AltRow {
                href: href(ctx, root, PageRef::Article(a)),
                title: ctx.article_card(a).title.to_string(),
                terms: terms
                    .into_iter()
                    .take(12)
                    .map(|(t, count)| AltTerm {
                        href: href(ctx, root, PageRef::Term(t)),
                        name: ctx.term_card(t).name.to_string(),
                        count,
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_and_labels() {
        assert_eq!(term_budget(5), 24);
        assert_eq!(term_budget(500), 60);
        assert_eq!(label("short"), "short");
        let long = "x".repeat(60);
        assert_eq!(label(&long).chars().count(), LABEL_MAX);
    }
}
