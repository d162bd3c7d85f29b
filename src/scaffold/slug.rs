//! Slugs from titles: lowercase ASCII words joined by `-`, diacritics folded.

/// An ASCII spelling of a common accented Latin letter (lowercase input).
pub(crate) fn fold(c: char) -> Option<&'static str> {
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

/// A file-name slug for `text`: lowercase ASCII letters and digits separated by single
/// `-`; common accented letters lose their accents, apostrophes vanish ("Pakistan’s" →
/// `pakistans`), anything else separates words. At most `max` characters, cut at a
/// `-` when one is near the end. Empty when `text` has no usable character.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    // Characters in the current word, to keep initialisms whole ("U.S." → `us`).
    let mut word_len = 0;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mut ascii = [0u8; 1];
        let piece = if c.is_ascii_alphanumeric() {
            Some(&*c.encode_utf8(&mut ascii))
        } else {
            fold(c)
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
                && out.ends_with(|l: char| l.is_ascii_alphabetic()) =>
            {
                word_len = 0
            }
            None => pending_dash = true,
        }
    }
    if out.len() > max {
        out.truncate(max); // ASCII only: any index is a char boundary
        if let Some(i) = out.rfind('-').filter(|&i| i > max / 2) {
            out.truncate(i);
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}
