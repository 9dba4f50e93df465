// Shared by the build script (`include!`) and the library: the gazetteer's
// keys and the text looked up in it must fold the same way.

/// Folds a name for lookup: lower case, accents and Arabic vowel marks
/// dropped, apostrophes removed, hyphens and other punctuation as spaces,
/// spaces collapsed. "Sāmarrā’" → "samarra", "Rostov-on-Don" → "rostov on don".
pub fn fold_into(name: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    out.clear();
    // Most words in English news are ASCII: no decomposition needed.
    if name.is_ascii() {
        let mut space = true;
        for b in name.bytes() {
            match b {
                b'\'' | b'`' => {}
                b if b.is_ascii_alphanumeric() => {
                    out.push(b.to_ascii_lowercase() as char);
                    space = false;
                }
                _ => {
                    if !space {
                        out.push(' ');
                        space = true;
                    }
                }
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        return;
    }
    let mut space = true;
    for c in name.nfd() {
        let folded: &str = match c {
            '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' => continue,
            '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}' | '\u{640}' => continue,
            '\'' | '’' | '‘' | '`' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '´' | 'ʹ' => continue,
            'ı' => "i",
            'ł' | 'Ł' => "l",
            'ø' | 'Ø' => "o",
            'đ' | 'Đ' | 'ð' => "d",
            'ß' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'þ' | 'Þ' => "th",
            'أ' | 'إ' | 'آ' | 'ٱ' => "ا",
            'ى' => "ي",
            'ة' => "ه",
            c if c.is_alphanumeric() => {
                for l in c.to_lowercase() {
                    out.push(l);
                }
                space = false;
                continue;
            }
            _ => {
                if !space {
                    out.push(' ');
                    space = true;
                }
                continue;
            }
        };
        out.push_str(folded);
        space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// Arabic definite articles as they are transliterated ("Al Hudaydah",
/// "As Sulaymaniyah", "ad-Dawr"): a key or a text span starting with one is
/// also looked up without it, so "Hodeidah" finds "Al Hudaydah".
pub const ARTICLES: [&str; 12] = [
    "al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an ", "adh ", "ath ", "ال",
];

/// `key` without a leading Arabic article, if it has one and something is left.
pub fn strip_article(key: &str) -> Option<&str> {
    ARTICLES.iter().find_map(|a| {
        key.strip_prefix(a)
            .filter(|rest| rest.chars().count() >= 3 && !rest.starts_with(' '))
    })
}
