//! What the indexer is handed: a page without the elements it would skip anyway.
//!
//! Pagefind parses every byte of a page, also the elements marked
//! `data-pagefind-ignore` (an article's list of names with its previews, provenance,
//! the Cite block: half of the page), only to drop their text. Cutting those
//! elements out first, where they hold nothing else Pagefind reads (no filter, meta,
//! sort or weight), leaves the index as it was and the parse shorter. The pages are
//! the engine's own, well formed: text and attribute values are escaped, so a `<`
//! opens a tag.

use std::borrow::Cow;

/// The attribute that marks an element the index skips.
const IGNORE: &str = "data-pagefind-ignore";

/// `html` without its ignored elements that hold nothing else Pagefind reads; the
/// page as it is when it holds none, or when its shape is not the expected one.
pub fn without_ignored(html: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    let mut from = 0;
    while let Some(found) = html[from..].find(IGNORE) {
        let at = from + found;
        from = at + IGNORE.len();
        let Some((start, end)) = element_around(html, at) else {
            continue;
        };
        if start < done || reads_inside(&html[start..end]) {
            continue;
        }
        out.push_str(&html[done..start]);
        done = end;
        from = end;
    }
    if done == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[done..]);
    Cow::Owned(out)
}

/// Whether an element holds something Pagefind reads even inside an ignored one.
fn reads_inside(element: &str) -> bool {
    element
        .match_indices("data-pagefind-")
        .any(|(i, _)| !element[i..].starts_with(IGNORE))
}

/// The byte range of the element whose start tag holds position `at`: from its `<`
/// to the end of its matching end tag.
fn element_around(html: &str, at: usize) -> Option<(usize, usize)> {
    let start = html[..at].rfind('<')?;
    if html[start..at].contains('>') {
        return None;
    }
    let name: &str = html[start + 1..]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .filter(|n| !n.is_empty())?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = matching_end(html, open_end, name)?;
    Some((start, end))
}

/// Where the element `name` opened before `from` ends: just past its `</name>`,
/// counting the same elements nested in it.
fn matching_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = from;
    while let Some(lt) = html[i..].find('<') {
        let tag = i + lt + 1;
        let rest = &html[tag..];
        let (closing, after) = match rest.strip_prefix('/') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let named = after.starts_with(name)
            && after[name.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace());
        i = tag;
        if !named {
            continue;
        }
        if closing {
            depth -= 1;
            if depth == 0 {
                return Some(tag + html[tag..].find('>')? + 1);
            }
        } else {
            depth += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_elements_are_cut_with_what_they_nest() {
        let page = "<main><p>kept</p><section data-pagefind-ignore><h2>x</h2>\
                    <section><p>inner</p></section></section><p>after</p></main>";
        assert_eq!(
            without_ignored(page),
            "<main><p>kept</p><p>after</p></main>"
        );
    }

    #[test]
    fn an_ignored_element_holding_a_filter_or_meta_is_kept() {
        let page = "<dl data-pagefind-ignore><dd data-pagefind-filter=\"year:2015\">2015</dd></dl>\
                    <nav data-pagefind-ignore><a href=\"#\">x</a></nav>";
        assert_eq!(
            without_ignored(page),
            "<dl data-pagefind-ignore><dd data-pagefind-filter=\"year:2015\">2015</dd></dl>"
        );
    }

    #[test]
    fn a_page_without_ignored_elements_or_of_another_shape_is_left_as_it_is() {
        for page in [
            "<p>nothing ignored</p>",
            "<div data-pagefind-ignore><p>never closed</p>",
            "<p>data-pagefind-ignore said in text</p>",
        ] {
            assert_eq!(without_ignored(page), page);
        }
    }

    #[test]
    fn names_that_start_alike_are_not_counted_as_the_element() {
        let page = "<a data-pagefind-ignore><abbr>x</abbr></a><p>y</p>";
        assert_eq!(without_ignored(page), "<p>y</p>");
    }
}
