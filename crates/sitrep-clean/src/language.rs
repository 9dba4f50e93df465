//! Language of a cleaned article, as an ISO 639-1 code (`en`).
//!
//! `whatlang` (MIT, no model files, trigram profiles for 69 languages)
//! detects from the text itself. Only a sample is read: the language of a
//! news article is settled well within its first few thousand characters,
//! and this keeps detection cheap on long pages. A guess whatlang calls
//! unreliable on a short text gives `None` (unknown), as does too little
//! text.

use whatlang::Lang;

/// Characters of text the detector reads.
const SAMPLE_CHARS: usize = 4000;
/// Fewer letters than this says too little to name a language.
const MIN_LETTERS: usize = 20;
/// With this many letters whatlang's best guess is taken even when it
/// calls itself unreliable (it hedges on long texts mixing languages).
const FIRM_LETTERS: usize = 400;

/// The language of `text`, or `None` when there is too little text.
pub fn detect(text: &str) -> Option<String> {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    // A hedged guess on a short text is no better than not knowing, and
    // extraction skips non-English articles: only a firm answer counts.
    (info.is_reliable() || letters >= FIRM_LETTERS).then(|| iso639_1(info.lang()).to_owned())
}

/// ISO 639-1 for whatlang's ISO 639-3 languages (the 639-3 code where there
/// is no two-letter one).
fn iso639_1(lang: Lang) -> &'static str {
    match lang.code() {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        assert_eq!(
            detect("Three drones struck a fuel depot on the eastern bank of the river early on Monday, officials said.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("Trois drones ont frappé un dépôt de carburant sur la rive est du fleuve lundi matin, selon les autorités.").as_deref(),
            Some("fr")
        );
        assert_eq!(
            detect("Три беспилотника атаковали топливный склад на восточном берегу реки в понедельник утром.").as_deref(),
            Some("ru")
        );
        assert_eq!(
            detect("Tres drones atacaron un depósito de combustible en la orilla este del río el lunes por la mañana.").as_deref(),
            Some("es")
        );
    }

    #[test]
    fn too_little_text() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("Breaking news"), None);
        assert_eq!(detect("12 34 56 -- !!"), None);
    }

    #[test]
    fn every_whatlang_language_has_a_code() {
        for lang in Lang::all() {
            let code = iso639_1(*lang);
            assert!(code.len() == 2, "{lang:?} → {code}");
        }
    }
}
