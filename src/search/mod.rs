//! Stage 4b, **search**: Pagefind's full-text index of the rendered pages.
//!
//! Pagefind's indexer runs as a library on the pages in memory (no second command,
//! no npm step), each handed over without the elements it would skip
//! (`strip.rs`) and returns its chunked index, its WebAssembly search code and its UI
//! as files under `pagefind/`; a query downloads only the chunks its words fall in.
//! The templates decide what is indexed: only elements marked `data-pagefind-body`
//! (article text, commentary, notes, definitions), never what is marked
//! `data-pagefind-ignore` (navigation, related lists, previews). Each article says
//! once, hidden, every name of every term it names, weighted by how often it names
//! each (`p.search-names`), so a query for any spelling finds every article naming
//! the term; a term's own page weighs its names ten times and comes first. Filters and result metadata come from
//! `data-pagefind-filter` and `data-pagefind-meta` in the templates.

use std::sync::Arc;

mod strip;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::OutputFile;

/// The folder of the index in the site.
pub const FOLDER: &str = "pagefind";

/// Builds the search index of `files` (the rendered site): the files to add under
/// [`FOLDER`]. Pages without `data-pagefind-body` are not indexed. A failure of the
/// indexer is reported as an error (the site would have a search page that finds
/// nothing).
pub fn index(files: &[OutputFile], language: &str, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let mut pages: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|f| f.path.ends_with(".html") && is_indexed(&f.bytes))
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    // Pagefind numbers pages in the order they are added, and `build` hands them over
    // in the order they were rendered, which varies: sorted, the index is the same
    // on every build.
    pages.sort_unstable_by_key(|p| p.0);
    // Pagefind is async; its own runtime runs on its own thread, so that this works
    // both from `build` and from inside `serve`'s runtime.
    let result = std::thread::scope(|s| {
        s.spawn(|| run(&pages, language))
            .join()
            .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))
    });
    match result {
        Ok(files) => files,
        Err(why) => {
            diags.push(
                Diagnostic::error("pagefind", format!("cannot build the search index: {why}"))
                    .with_help("this is a bug in dossier or in Pagefind; the site builds with `search = false` in dossier.toml meanwhile"),
            );
            Vec::new()
        }
    }
}

/// `language` when it looks like a language tag (`en`, `pt-BR`), else `unknown`:
/// Pagefind names its files after it, so it must not hold `/`, quotes or markup.
fn language_tag(language: &str) -> String {
    let mut parts = language.split('-');
    let primary = parts.next().unwrap_or("");
    let ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        language.to_ascii_lowercase()
    } else {
        "unknown".to_string()
    }
}

/// Whether a page asks to be indexed.
pub(crate) fn is_indexed(html: &[u8]) -> bool {
    memchr::memmem::find(html, b"data-pagefind-body").is_some()
}

fn run(pages: &[(&str, &[u8])], language: &str) -> Result<Vec<OutputFile>, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(false)
            .force_language(language_tag(language))
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for (path, bytes) in pages {
            let html = strip::without_ignored(&String::from_utf8_lossy(bytes)).into_owned();
            index
                .add_html_file(Some((*path).to_string()), None, html)
                .await
                .map_err(|e| format!("{path}: {e}"))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "{FOLDER}/{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: Arc::new(f.contents),
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_language_tags_name_files() {
        assert_eq!(language_tag("en"), "en");
        assert_eq!(language_tag("pt-BR"), "pt-br");
        assert_eq!(language_tag("\"><script>alert(0)</script>"), "unknown");
        assert_eq!(language_tag("../x"), "unknown");
        assert_eq!(language_tag(""), "unknown");
    }
}
