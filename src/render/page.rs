//! Rendering one page: its view built through a `PageCtx` (which records what it
//! reads), the page metadata, and the template it fills.

use tera::Context;

use super::pager::{self, Pager};
use super::paths::{article_path, cite_path, encode_path, root_of, Page};
use super::views::{
    article, cite, common::PageMeta, data, feed, graph, lists, print, schema_org, seed, term,
    timeline_js,
};
use crate::site::{ArticleId, PageCtx};

/// Site-wide values every page's metadata needs.
pub struct Shared<'a> {
    /// `base_url` with one trailing slash, or empty.
    pub base_url: &'a str,
    /// The path part of the base URL (`/` when unset), for the 404 page.
    pub base_path: &'a str,
    /// The site's description, the default page description.
    pub description: &'a str,
    /// The site's title.
    pub title: &'a str,
}

impl Shared<'_> {
    /// What citing article `id` needs besides the article (its page's address when
    /// the base URL is absolute).
    fn cite_context<'c>(&self, ctx: &PageCtx<'c>, id: ArticleId) -> cite::Dossier<'c> {
        let page = article_path(ctx.cited(id).card.slug);
        let page_url = super::is_absolute(self.base_url)
            .then(|| self.absolute(&page))
            .flatten()
            .unwrap_or_default();
        let config = ctx.config();
        cite::Dossier {
            title: &config.title,
            editors: &config.author,
            page_url,
        }
    }

    /// The address of the page at `path`, when the base URL is set.
    fn absolute(&self, path: &str) -> Option<String> {
        (!self.base_url.is_empty()).then(|| format!("{}{}", self.base_url, encode_path(path)))
    }

    fn meta(&self, path: &str, title: &str, description: &str, section: &'static str) -> PageMeta {
        let canonical = self.absolute(path);
        PageMeta {
            root: root_of(path),
            path: path.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            canonical,
            section,
            json_ld: None,
        }
    }
}

/// How a page is made: a template filled with a context, or data written by the
/// engine itself.
pub enum Body {
    /// A template and its context.
    Template(&'static str, Context),
    /// The finished file (data exports, citations).
    Data(Vec<u8>),
}

/// How `page`, living at `path`, is made.
pub fn body(ctx: &PageCtx, page: Page, path: &str, shared: &Shared) -> Body {
    let root = root_of(path);
    let mut c = Context::new();
    let template = match page {
        Page::Index(n) => {
            let (intro_html, articles, pager) = lists::index_view(ctx, &root, n);
            let (intro, _) = ctx.intro();
            let title = intro
                .and_then(|i| i.title.clone())
                .unwrap_or_else(|| shared.title.to_string());
            let sources = intro
                .filter(|_| n == 1)
                .map(|i| &i.sources[..])
                .unwrap_or_default();
            let title = paged_title(title, &pager);
            c.insert(
                "page",
                &shared.meta(path, &title, shared.description, "index"),
            );
            c.insert("intro_html", &intro_html);
            c.insert("sources", &super::views::common::source_views(sources));
            c.insert("articles", &articles);
            c.insert("tag_count", &ctx.tags().len());
            insert_pager(&mut c, pager);
            "index.html"
        }
        Page::Article(id) => {
            let view = article::article_view(ctx, id, &root);
            let mut m = shared.meta(path, &view.title, &view.summary, "articles");
            m.json_ld = Some(schema_org::article(ctx, id, m.canonical.as_deref()));
            c.insert("page", &m);
            c.insert("cite", &cite_view(ctx, id, shared, &root));
            c.insert("article", &view);
            "article.html"
        }
        Page::Term(id, n) => {
            let view = term::term_view(ctx, id, &root, &pager::first(path, n), n);
            let desc = crate::markdown::first_paragraph_text(&ctx.term(id).ann.definition.text);
            let title = paged_title(view.term.clone(), &view.pager);
            let mut m = shared.meta(path, &title, &desc, "glossary");
            let glossary = shared.absolute("glossary/index.html");
            m.json_ld = Some(schema_org::term(
                ctx,
                id,
                m.canonical.as_deref(),
                glossary.as_deref(),
            ));
            c.insert("page", &m);
            c.insert("term", &view);
            "term.html"
        }
        Page::Glossary => {
            let desc = "Every organisation, person, place and document in the dossier.";
            c.insert("page", &shared.meta(path, "Glossary", desc, "glossary"));
            c.insert("groups", &lists::glossary_groups(ctx, &root));
            "glossary.html"
        }
        Page::Timeline(n) => {
            let desc = "Dated events reported by the articles.";
            let (years, pager, starts) = lists::timeline_view(ctx, &root, n);
            let title = paged_title("Timeline".into(), &pager);
            c.insert("page", &shared.meta(path, &title, desc, "timeline"));
            c.insert("years", &years);
            c.insert("year_starts", &starts);
            insert_pager(&mut c, pager);
            "timeline.html"
        }
        Page::NotFound => {
            // GitHub Pages serves 404.html for any missing path, at any depth: its
            // links must be absolute from the site's base path.
            let mut m = shared.meta(path, "Page not found", shared.description, "404");
            m.root = shared.base_path.to_string();
            m.canonical = None;
            c.insert("page", &m);
            "404.html"
        }
        Page::Seed(id) => {
            let view = seed::seed_view(ctx, id, &root);
            let title = format!("Source text: {}", view.name);
            let desc = format!("The raw text of “{}”, as collected.", view.article.title);
            c.insert("page", &shared.meta(path, &title, &desc, "articles"));
            c.insert("seed", &view);
            "seed.html"
        }
        Page::Search => {
            let desc = "Search the articles, notes, commentary and glossary.";
            c.insert("page", &shared.meta(path, "Search", desc, "search"));
            "search.html"
        }
        Page::SearchTitles => {
            c.insert("titles_json", &lists::search_titles_json(ctx, &root));
            "search-titles.js"
        }
        Page::Feed => {
            c.insert("feed", &feed::feed_view(ctx, shared.base_url));
            "atom.xml"
        }
        Page::Data | Page::TimelineJson => {
            let mut bytes = Vec::new();
            // Writing into memory cannot fail, nor can serialising these views.
            let _ = stream(ctx, page, shared, &mut bytes);
            return Body::Data(bytes);
        }
        Page::Bib(id) => {
            let d = shared.cite_context(ctx, id);
            return Body::Data(cite::bibtex(ctx, id, &d).into_bytes());
        }
        Page::Csl(id) => {
            let d = shared.cite_context(ctx, id);
            return Body::Data(cite::csl_json(ctx, id, &d).into_bytes());
        }
        Page::Graph => {
            let desc = "Which articles name which people, groups, places and documents, drawn.";
            c.insert("page", &shared.meta(path, "Graph", desc, "graph"));
            c.insert("graph", &graph::graph_view(ctx, &root));
            "graph.html"
        }
        Page::Print => {
            let desc = "The whole dossier on one page, for print: the articles with their notes, the timeline and the glossary.";
            c.insert("page", &shared.meta(path, "Print edition", desc, "print"));
            c.insert("edition", &print::edition(ctx, &root));
            "print.html"
        }
        Page::Tags => {
            let desc = "The articles' tags.";
            c.insert("page", &shared.meta(path, "Tags", desc, "articles"));
            c.insert("tags", &lists::tags_view(ctx, &root));
            "tags.html"
        }
        Page::Tag(i, n) => {
            let (name, articles, pager) = lists::tag_view(ctx, &root, i, n);
            let desc = format!("Articles tagged “{name}”.");
            let title = paged_title(format!("Tagged “{name}”"), &pager);
            c.insert("page", &shared.meta(path, &title, &desc, "articles"));
            c.insert("tag", &name);
            c.insert("articles", &articles);
            insert_pager(&mut c, pager);
            "tag.html"
        }
    };
    Body::Template(template, c)
}

/// Whether `page` is a data export, which `build` streams to disk instead of holding
/// (`dossier.json` grows with the whole text of the dossier).
pub fn is_streamed(page: Page) -> bool {
    matches!(page, Page::Data | Page::TimelineJson)
}

/// Writes the data export `page` to `w`.
pub fn stream(
    ctx: &PageCtx,
    page: Page,
    shared: &Shared,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let w = std::io::BufWriter::with_capacity(1 << 16, w);
    let written = match page {
        Page::TimelineJson => {
            serde_json::to_writer(w, &timeline_js::timeline_js(ctx, shared.base_url))
        }
        _ => serde_json::to_writer(w, &data::export(ctx)),
    };
    written.map_err(std::io::Error::other)
}

/// What the Cite block of an article page shows.
#[derive(serde::Serialize)]
struct CiteView {
    text: String,
    bibtex: String,
    csl_json: String,
    bib_href: String,
    json_href: String,
}

fn cite_view(ctx: &PageCtx, id: ArticleId, shared: &Shared, root: &str) -> CiteView {
    let d = shared.cite_context(ctx, id);
    let slug = ctx.cited(id).card.slug;
    let href = |ext| format!("{root}{}", encode_path(&cite_path(slug, ext)));
    CiteView {
        text: cite::reading_text(ctx, id, &d),
        bibtex: cite::bibtex(ctx, id, &d),
        csl_json: cite::csl_json(ctx, id, &d),
        bib_href: href("bib"),
        json_href: href("json"),
    }
}

/// A paged list's title: page numbers after the first page.
fn paged_title(title: String, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{title}, page {} of {}", pager.current, pager.total)
    } else {
        title
    }
}

/// Gives the template its `pager` when the list has more than one page.
fn insert_pager(c: &mut Context, pager: Pager) {
    if pager.total > 1 {
        c.insert("pager", &pager);
    }
}
