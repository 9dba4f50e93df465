//! Extraction never panics, whatever the text: slicing by byte offsets is
//! the classic way for rules to break on "–", "’" or Arabic script.

mod common;

use proptest::prelude::*;

/// Words, numbers and punctuation that the rules look at, mixed with
/// multi-byte characters.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Iran",
        "US",
        "drone",
        "strike",
        "killed",
        "at least",
        "80",
        "–",
        "—",
        "’s",
        "“",
        "”",
        ":",
        ",",
        ".",
        " - ",
        "Al Asad Airbase",
        "Baghdad",
        "on Monday",
        "since October 7, 2023",
        "between 3 and 5",
        "said",
        "claimed",
        "بغداد",
        "Kyiv",
        "é",
        "-flagged",
        "region",
        "when",
        "three",
        "wounded",
        "(",
        ")",
        "\n\n",
        "police",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn extract_never_panics_on_news_like_text(text in newsy(), published in prop::option::of(0u32..3000)) {
        let published = published.map(|d| (chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Duration::days(d as i64)).to_string());
        let _ = common::reports(&text, published.as_deref());
    }

    #[test]
    fn extract_never_panics_on_any_text(text in "\\PC{0,300}") {
        let _ = common::reports(&text, Some("2024-01-29"));
    }
}
