//! The Atom feed (`atom.xml`, RFC 4287): the newest dated articles, each with its
//! summary, byline, tags and a link to its original. Feeds need absolute URLs, so the
//! feed is made only when the base URL is absolute. Strings are escaped by the
//! template (Tera escapes `.xml` templates); text constructs are `type="text"`, so no
//! reader renders them as markup.

use serde::Serialize;

use crate::date::PartialDate;
use crate::render::paths::{article_path, encode_path};
use crate::site::{ArticleId, PageCtx};

/// How many articles the feed lists, newest first: a feed is a recent stream, and a
/// file that grew with the dossier would be fetched whole by every reader.
pub const FEED_LIMIT: usize = 100;

/// What `atom.xml` gets as `feed`.
#[derive(Serialize)]
pub struct FeedView {
    /// The feed's id and the site's address.
    home: String,
    /// The feed's own address.
    this: String,
    /// The newest entry's date: the feed changes when its entries do, not per build.
    updated: String,
    entries: Vec<EntryView>,
}

/// One article in the feed.
#[derive(Serialize)]
struct EntryView {
    url: String,
    title: String,
    published: String,
    summary: String,
    authors: Vec<String>,
    source_url: Option<String>,
    tags: Vec<String>,
}

/// An RFC 3339 timestamp for a partial date: the first day of the period it names.
pub fn timestamp(date: PartialDate) -> String {
    format!("{}T00:00:00Z", date.start.format("%Y-%m-%d"))
}

/// The feed of the site published at `base_url` (absolute, ending in `/`).
pub fn feed_view(ctx: &PageCtx, base_url: &str) -> FeedView {
    let mut dated: Vec<(PartialDate, ArticleId)> = ctx
        .articles()
        .filter_map(|id| ctx.article_card(id).date.map(|d| (d, id)))
        .collect();
    // Newest first; among equal dates, later in published order first.
    dated.sort_by(|a, b| b.cmp(a));
    dated.truncate(FEED_LIMIT);
    let entries: Vec<EntryView> = dated
        .iter()
        .map(|&(date, id)| entry(ctx, base_url, date, id))
        .collect();
    FeedView {
        home: base_url.to_string(),
        this: format!("{base_url}atom.xml"),
        updated: dated
            .first()
            .map(|&(d, _)| timestamp(d))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        entries,
    }
}

fn entry(ctx: &PageCtx, base_url: &str, date: PartialDate, id: ArticleId) -> EntryView {
    let card = ctx.article_card(id);
    let ann = &ctx.article(id).ann;
    let authors = ann
        .byline
        .iter()
        .chain(&ann.publication)
        .take(1)
        .cloned()
        .collect();
    EntryView {
        url: format!("{base_url}{}", encode_path(&article_path(card.slug))),
        title: card.title.to_string(),
        published: timestamp(date),
        summary: ctx.summary(id),
        authors,
        source_url: ann.url.clone(),
        tags: ann.tags.clone(),
    }
}
