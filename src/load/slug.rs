//! Names of files inside the dossier: a seed's or template's name (its path below
//! its folder, `/`-separated, with extension) and an annotation's slug (the same
//! without the extension); which slugs are usable; and the slug made of a name or
//! title ([`slugify`]: a new annotation's file name, a tag's or publication's URL).
//! The one place these are made.

use std::path::Path;

/// Name of a file below `dir`: relative, `/`-separated, with its extension.
pub fn rel_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Slug of an annotation file below `dir`: its relative path without extension,
/// `/`-separated (`people/jilani` for `glossary/people/jilani.md`).
pub fn slug_for(dir: &Path, path: &Path) -> String {
    rel_name(dir, &path.with_extension(""))
}

/// A usable slug: letters, digits, `-`, `_` and `.` in `/`-separated parts, none empty
/// or hidden.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        })
}

/// An ASCII spelling of a common accented Latin letter (lowercase input).
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The slug of a name or title: lowercase letters and digits, words separated by
/// single `-`. Common accented Latin letters lose their accents, other letters (any
/// script) are kept, apostrophes vanish ("Pakistan’s" → `pakistans`), initialisms stay
/// whole ("U.S." → `us`), anything else separates words. At most `max` bytes, cut at a
/// `-` when one is near the end. Empty when `text` has no letter or digit.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    // Characters in the current word, to keep initialisms whole ("U.S." → `us`).
    let mut word_len = 0;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        let piece = if c.is_ascii_alphanumeric() {
            Some(&*c.encode_utf8(&mut buf))
        } else if let Some(folded) = fold_letter(c) {
            Some(folded)
        } else if c.is_alphanumeric() {
            Some(&*c.encode_utf8(&mut buf))
        } else {
            None
        };
        match piece {
            Some(p) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                    word_len = 0;
                }
                pending_dash = false;
                out.push_str(p);
                word_len += 1;
            }
            None if matches!(c, '\'' | '’' | '‘' | 'ʼ') => {}
            // A period after a one-letter word: an initialism goes on ("U.S.").
            None if c == '.'
                && word_len == 1
                && !pending_dash
                && out.ends_with(|l: char| l.is_alphabetic()) =>
            {
                word_len = 0
            }
            None => pending_dash = true,
        }
    }
    if out.len() > max {
        let mut end = max;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        if let Some(i) = out.rfind('-').filter(|&i| i > max / 2) {
            out.truncate(i);
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_with_dashes() {
        assert_eq!(
            slugify("Pakistan, US to share information on Daesh", 60),
            "pakistan-us-to-share-information-on-daesh"
        );
        assert_eq!(slugify("Pakistan’s envoy: “No”", 60), "pakistans-envoy-no");
        assert_eq!(slugify("Café Zürich – Œuvre", 60), "cafe-zurich-oeuvre");
        assert_eq!(slugify("  --Hello__World--  ", 60), "hello-world");
        assert_eq!(
            slugify("U.S. and Pakistan, e.g. J. Smith's 2.4 m.", 60),
            "us-and-pakistan-eg-j-smiths-2-4-m"
        );
        assert_eq!(slugify("日本語", 60), "日本語");
        assert_eq!(slugify("Ünïcode Lahore—لاہور", 60), "unicode-lahore-لاہور");
        // Cut on a character boundary, then at a dash.
        assert_eq!(slugify("ab لاہور", 4), "ab");
        assert_eq!(slugify("ab لاہور", 5), "ab-ل");
        assert_eq!(slugify("", 60), "");
        let long = slugify(
            "Pakistan and the United States discuss jointly countering Daesh and the Pakistani Taliban",
            60,
        );
        assert!(long.len() <= 60, "{long}");
        assert_eq!(
            long,
            "pakistan-and-the-united-states-discuss-jointly-countering"
        );
        assert_eq!(slugify(&"x".repeat(80), 60).len(), 60);
    }
}
