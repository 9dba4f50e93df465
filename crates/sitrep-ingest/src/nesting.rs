//! A cheap guard against pathological HTML: elements nested thousands of
//! levels deep make an HTML5 tree builder slow (its scope checks walk the
//! stack of open elements for every tag: quadratic time) and recursive tree
//! walks overflow the stack. No real page nests anywhere near
//! [`MAX_HTML_DEPTH`]; such input is refused with an error naming it.

/// Deepest element nesting accepted. Real news pages stay below ~100.
pub const MAX_HTML_DEPTH: usize = 1000;

/// Elements that never have content, and those whose end tag is usually
/// left out (the parser closes them implicitly): neither deepens the tree.
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rtc", "rp",
];

/// Whether `html` nests deeper than `limit` (stops scanning as soon as it
/// does). Counts start and end tags; skips comments, doctype, and the
/// contents of `<script>` and `<style>`.
pub(crate) fn deeper_than(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let lower_starts = |at: usize, s: &[u8]| {
        bytes
            .get(at..at + s.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(s))
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        i += off + 1;
        match bytes.get(i) {
            Some(b'!') | Some(b'?') => {
                let end = if lower_starts(i, b"!--") { "-->" } else { ">" };
                match html[i..].find(end) {
                    Some(e) => i += e + end.len(),
                    None => return false,
                }
            }
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |p| i + p);
                let name = html[i..name_end].to_ascii_lowercase();
                let Some(close) = memchr(b'>', &bytes[name_end..]).map(|p| name_end + p) else {
                    return false;
                };
                let self_closing = close > 0 && bytes[close - 1] == b'/';
                if name == "script" || name == "style" {
                    let end_tag = format!("</{name}");
                    match html[close..].to_ascii_lowercase().find(&end_tag) {
                        Some(e) => i = close + e + end_tag.len(),
                        None => return false,
                    }
                    continue;
                }
                if !self_closing && !NO_DEPTH.contains(&name.as_str()) {
                    depth += 1;
                    if depth > limit {
                        return true;
                    }
                }
                i = close + 1;
            }
            _ => {}
        }
    }
    false
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth() {
        assert!(!deeper_than(
            "<html><body><div><p>x</p></div></body></html>",
            3
        ));
        assert!(deeper_than("<div><div><div><div>", 3));
        // Closed elements do not add up; void and optional-end ones do not count.
        assert!(!deeper_than(&"<div>x</div>".repeat(5000), 3));
        assert!(!deeper_than(&"<p>para<br><img src=x>".repeat(5000), 3));
        assert!(!deeper_than(&"<span/>".repeat(10), 3));
        // Script and comment contents are not markup.
        assert!(!deeper_than(
            "<script>if (a<b && c<d) { x = '<div><div><div><div>' }</script>",
            3
        ));
        assert!(!deeper_than("<!-- <div><div><div><div> -->", 3));
        assert!(deeper_than(
            &"<div>".repeat(MAX_HTML_DEPTH + 1),
            MAX_HTML_DEPTH
        ));
    }
}
