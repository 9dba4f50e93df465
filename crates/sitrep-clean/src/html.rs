//! HTML → blocks and page metadata.
//!
//! `dom_smoothie` (a port of Mozilla's Readability) finds the main content;
//! its cleaned HTML is then walked with `dom_query` so that headings, list
//! items and paragraphs keep their structure. When Readability finds nothing
//! the whole body is walked instead, and the shared boilerplate filters do
//! what they can.

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Readability};
use serde_json::Value;
use sitrep_core::BlockKind;

use crate::blocks::RawBlock;
use crate::dates::{self, Stamp, find_date, parse_date, parse_stamp, url_date};
use crate::lexical::{ends_sentence, normalize_space};
use crate::text::segment;

/// What a page says about itself, and the content blocks found in it.
#[derive(Debug, Default)]
pub(crate) struct HtmlParts {
    pub blocks: Vec<RawBlock>,
    pub title: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
}

pub(crate) fn extract(html: &str, url: Option<&str>) -> HtmlParts {
    let dom = Dom::from(html);
    let meta = PageMeta::read(&dom);

    // Classes are kept so that the walk can recognise furniture Readability
    // left inside the article (bylines, captions, share bars).
    let config = Config {
        keep_classes: true,
        ..Config::default()
    };
    let readable = Readability::with_document(dom, None, Some(config)).and_then(|mut r| r.parse());
    let mut parts = HtmlParts::default();
    match readable {
        Ok(article) => {
            let content = Dom::from(article.content.as_ref());
            parts.blocks = walk_blocks(&content.root(), false);
            parts.title = non_empty(&article.title);
            parts.author = article.byline.as_deref().and_then(clean_author);
            parts.published = article.published_time.as_deref().and_then(parse_date);
        }
        Err(e) => tracing::debug!(error = %e, "readability found no article; using the whole body"),
    }
    if parts.blocks.is_empty() {
        parts.blocks = body_blocks(html);
    }

    parts.title = parts.title.or(meta.og_title).or(meta.title_tag);
    // A full date in the URL is the editor's; then the page's own markup,
    // which is more specific than Readability's guesses; then dates written
    // in elements that look like bylines, and last-modified dates.
    parts.published = url
        .and_then(url_date)
        .or(meta.published)
        .or(parts.published)
        .or(meta.published_weak);
    parts.author = parts.author.or(meta.author);
    parts.site = meta.site;
    parts.url = meta.canonical;
    parts
}

/// The fallback: blocks of the whole body (the DOM Readability had was
/// consumed and altered, so the page is parsed again).
fn body_blocks(html: &str) -> Vec<RawBlock> {
    let dom = Dom::from(html);
    let body = dom.select("body");
    let root = body.nodes().first().cloned().unwrap_or_else(|| dom.root());
    walk_blocks(&root, true)
}

fn non_empty(s: &str) -> Option<String> {
    let s = normalize_space(s);
    (!s.is_empty()).then_some(s)
}

/// Elements whose text is never article text.
const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "option",
    "textarea",
    "input",
    "iframe",
    "object",
    "embed",
    "canvas",
    "audio",
    "video",
    "picture",
    "img",
    "figcaption",
    "head",
    "title",
    "meta",
    "link",
];

/// Elements that break the flow of text into a new block.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

struct Walker {
    blocks: Vec<RawBlock>,
    buf: String,
    /// Innermost list item or paragraph context.
    kinds: Vec<BlockKind>,
    /// Whole-body fallback: also skip the site header (menus, logos).
    skip_header: bool,
    /// Elements marked as furniture by class or id are skipped only when
    /// they hold less visible text than this: a marked element holding
    /// much of the page is a badly named wrapper, not furniture.
    furniture_limit: usize,
    /// Inside an `<a>` (nesting depth), and how many visible characters of
    /// `buf` came from links: the link density the filters use.
    link_depth: usize,
    link_chars: usize,
}

/// Block structure of the subtree under `root`.
fn walk_blocks(root: &NodeRef, skip_header: bool) -> Vec<RawBlock> {
    let mut w = Walker {
        blocks: Vec::new(),
        buf: String::new(),
        kinds: Vec::new(),
        skip_header,
        furniture_limit: visible_chars(&root.text()) / 3,
        link_depth: 0,
        link_chars: 0,
    };
    w.walk(root);
    w.flush();
    w.blocks
}

impl Walker {
    fn walk(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            if child.is_text() {
                let text = child.text();
                if self.link_depth > 0 {
                    self.link_chars += visible_chars(&text);
                }
                self.buf.push_str(&text);
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            if SKIP.contains(&name.as_str())
                || (self.skip_header && name == "header")
                || hidden(&child)
                || (furniture_marked(&child) && visible_chars(&child.text()) < self.furniture_limit)
            {
                continue;
            }
            match name.as_str() {
                "br" => {
                    // One <br> inside a paragraph is a soft break unless it
                    // ends a sentence (sites that use <br><br> for paragraphs).
                    if ends_sentence(&self.buf) {
                        self.flush();
                    } else {
                        self.buf.push(' ');
                    }
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.flush();
                    let text = normalize_space(&child.text());
                    if !text.is_empty() {
                        let linked: usize = child
                            .descendants_it()
                            .filter(|n| n.has_name("a"))
                            .map(|a| visible_chars(&a.text()))
                            .sum();
                        let mut block = RawBlock::new(BlockKind::Heading, text);
                        block.link_density = Some(
                            (linked as f32 / visible_chars(&child.text()).max(1) as f32).min(1.0),
                        );
                        self.blocks.push(block);
                    }
                }
                "pre" => {
                    // Preformatted text keeps its own line structure.
                    self.flush();
                    self.blocks.extend(segment(&child.text()));
                }
                "td" | "th" => {
                    if !self.buf.trim().is_empty() {
                        self.buf.push_str(" | ");
                    }
                    self.walk(&child);
                }
                "a" => {
                    self.link_depth += 1;
                    self.walk(&child);
                    self.link_depth -= 1;
                }
                "li" => self.block(&child, BlockKind::ListItem),
                _ if BLOCK.contains(&name.as_str()) => {
                    let kind = self.kinds.last().copied().unwrap_or(BlockKind::Paragraph);
                    self.block(&child, kind);
                }
                _ => self.walk(&child),
            }
        }
    }

    fn block(&mut self, node: &NodeRef, kind: BlockKind) {
        self.flush();
        self.kinds.push(kind);
        self.walk(node);
        self.flush();
        self.kinds.pop();
    }

    fn flush(&mut self) {
        let text = normalize_space(&self.buf);
        let visible = visible_chars(&self.buf);
        let density = if visible == 0 {
            0.0
        } else {
            self.link_chars as f32 / visible as f32
        };
        self.buf.clear();
        self.link_chars = 0;
        if !text.is_empty() {
            let kind = self.kinds.last().copied().unwrap_or(BlockKind::Paragraph);
            let mut block = RawBlock::new(kind, text);
            block.link_density = Some(density.min(1.0));
            self.blocks.push(block);
        }
    }
}

/// Words of class names and ids that mark page furniture inside an
/// article: bylines and datelines, captions and credits, galleries, share
/// bars, newsletter boxes, related-story lists, tags, comments, ads, author
/// bios. Each word was kept because it raised F1 on the scrapinghub
/// benchmark when added alone; "widget", "card", "video", "quote" and
/// "category" were tried and cost recall (sites use them for content).
const FURNITURE_WORDS: &[&str] = &[
    "byline",
    "dateline",
    "timestamp",
    "caption",
    "credit",
    "credits",
    "gallery",
    "slideshow",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "related",
    "recommended",
    "trending",
    "popular",
    "tags",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "comment",
    "disqus",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsored",
    "outbrain",
    "taboola",
    "sidebar",
    "bio",
    "author",
    "meta",
    "date",
    "published",
    "updated",
    "posted",
    "print",
    "copyright",
    "photo",
    "cta",
    // Hover cards and overlays: text that pops up, not text that is read.
    "rollover",
    "tooltip",
    "popup",
    "popover",
    "modal",
    "overlay",
];

/// Whether an element's class or id names it as furniture (by whole words:
/// `entry-byline` and `share_bar` do, `shared-content` does not).
fn furniture_marked(node: &NodeRef) -> bool {
    ["class", "id"].iter().any(|attr| {
        node.attr(attr).is_some_and(|v| {
            v.to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| FURNITURE_WORDS.contains(&w))
        })
    })
}

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || node.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

/// Metadata read from the original page, before Readability alters it.
#[derive(Debug, Default)]
struct PageMeta {
    published: Option<chrono::NaiveDate>,
    /// A date from a byline-like element or a modification date: used
    /// only when nothing better is found.
    published_weak: Option<chrono::NaiveDate>,
    author: Option<String>,
    og_title: Option<String>,
    title_tag: Option<String>,
    site: Option<String>,
    canonical: Option<String>,
}

/// Meta keys for the publication date, most specific first; these come
/// before JSON-LD and `<time>`.
const DATE_META_FIRST: &[&str] = &["article:published_time", "og:published_time"];
/// Modification dates: often the publication day, better than nothing.
const DATE_META_MODIFIED: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
];
/// Looser keys, tried after JSON-LD and `<time>`.
const DATE_META_LATER: &[&str] = &[
    "article:published",
    "published_time",
    "published-date",
    "published_date",
    "article.published",
    "article_date_original",
    "date_published",
    "datecreated",
    "datecreated",
    "original-publish-date",
    "originalpublicationdate",
    "citation_publication_date",
    "cxenseparse:recs:publishtime",
    "dc.date.created",
    "rnews:datepublished",
    "sailthru.date",
    "release_date",
    "created",
    "og:pubdate",
    "pdate",
    "dc.created",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
];

impl PageMeta {
    fn read(dom: &Dom) -> PageMeta {
        let metas = meta_pairs(dom);
        let stamps = |keys: &[&str]| -> Vec<Stamp> {
            keys.iter()
                .flat_map(|k| {
                    metas
                        .iter()
                        .filter(move |(key, _)| key == k)
                        .filter_map(|(_, v)| parse_stamp(v))
                })
                .collect()
        };
        let json_ld = json_ld(dom);
        let ld_published: Vec<Stamp> = json_ld
            .iter()
            .filter_map(|v| find_key_str(v, "datePublished"))
            .filter_map(parse_stamp)
            .collect();
        // Every statement of the publication time, most trusted first.
        let mut candidates = stamps(DATE_META_FIRST);
        candidates.extend(ld_published);
        candidates.extend(itemprop_date(dom));
        candidates.extend(time_element(dom));
        candidates.extend(stamps(DATE_META_LATER));
        let published = candidates.first().map(|first| {
            if !first.utc {
                return first.date;
            }
            // A UTC timestamp's day can be one off the publisher's: prefer
            // the moment as the page states it in local time elsewhere
            // (a JSON-LD time with its offset beside a `…Z` meta tag, an
            // `itemprop=datePublished` element's text).
            // Dates in byline-like elements were tried as well and cost
            // accuracy: the first such element is often today's date in
            // the site header.
            let near = |d: &chrono::NaiveDate| (*d - first.date).num_days().abs() <= 1;
            candidates
                .iter()
                .filter(|c| c.is_local())
                .map(|c| c.date)
                .find(near)
                .unwrap_or(first.date)
        });
        let published_weak = byline_date(dom)
            .or_else(|| {
                json_ld
                    .iter()
                    .find_map(|v| {
                        ["dateCreated", "uploadDate", "dateModified"]
                            .iter()
                            .find_map(|k| find_key_str(v, k))
                    })
                    .and_then(parse_date)
            })
            .or_else(|| stamps(DATE_META_MODIFIED).first().map(|s| s.date))
            .or_else(|| latest_visible_date(dom));

        let meta_author = metas
            .iter()
            .filter(|(k, _)| k == "author" || k == "article:author")
            .find_map(|(_, v)| clean_author(v));
        let author = meta_author.or_else(|| json_ld.iter().find_map(ld_author));

        let og_title = metas
            .iter()
            .find(|(k, _)| k == "og:title")
            .and_then(|(_, v)| non_empty(v));
        let title_tag = dom
            .select("title")
            .nodes()
            .first()
            .and_then(|n| non_empty(&n.text()));
        let meta_value = |key: &str| {
            metas
                .iter()
                .filter(|(k, _)| k == key)
                .find_map(|(_, v)| non_empty(v))
        };
        let site = meta_value("og:site_name")
            .or_else(|| json_ld.iter().find_map(ld_publisher))
            .or_else(|| meta_value("application-name"));
        let canonical = dom
            .select("link[rel=canonical]")
            .nodes()
            .iter()
            .find_map(|n| n.attr("href").and_then(|h| absolute_url(&h)))
            .or_else(|| meta_value("og:url").as_deref().and_then(absolute_url));
        PageMeta {
            published,
            published_weak,
            author,
            og_title,
            title_tag,
            site,
            canonical,
        }
    }
}

/// `(key, content)` of every `<meta>`, the key from `property`, `name` or
/// `itemprop`, lower-cased.
fn meta_pairs(dom: &Dom) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for node in dom.select("meta").nodes() {
        let Some(content) = node.attr("content").or_else(|| node.attr("datetime")) else {
            continue;
        };
        for attr in ["property", "name", "itemprop"] {
            if let Some(key) = node.attr(attr) {
                out.push((key.trim().to_ascii_lowercase(), content.trim().to_owned()));
            }
        }
    }
    out
}

/// An element marked `itemprop=datePublished` (microdata outside `<meta>`):
/// its `content` / `datetime` attribute, else its text.
fn itemprop_date(dom: &Dom) -> Option<Stamp> {
    dom.select("[itemprop=datePublished], [itemprop=dateCreated]")
        .nodes()
        .iter()
        .find_map(|n| {
            n.attr("content")
                .or_else(|| n.attr("datetime"))
                .and_then(|v| parse_stamp(&v))
                .or_else(|| short_text(n).and_then(|t| find_date(&t)).map(Stamp::shown))
        })
}

/// Class or id words of elements that hold a byline or a dateline.
const DATELINE_HINTS: &[&str] = &[
    "date", "time", "posted", "publish", "byline", "dateline", "meta", "fecha", "datum", "data",
    "tagline",
];

/// The first date written in a small element whose class or id says it is
/// a date or a byline (`<span class="entry-date">March 11, 2020</span>`).
fn byline_date(dom: &Dom) -> Option<chrono::NaiveDate> {
    dom.select("body [class], body [id]")
        .nodes()
        .iter()
        .filter(|n| {
            let names = format!(
                "{} {}",
                n.attr("class").as_deref().unwrap_or(""),
                n.attr("id").as_deref().unwrap_or("")
            )
            .to_ascii_lowercase();
            DATELINE_HINTS.iter().any(|h| names.contains(h))
                && !names.contains("update")
                && !names.contains("modif")
        })
        .find_map(|n| {
            ["datetime", "content", "title"]
                .iter()
                .find_map(|a| n.attr(a).and_then(|v| parse_date(&v)))
                .or_else(|| short_text(n).and_then(|t| find_date(&t)))
        })
}

/// The last resort: the latest date written anywhere in the page's visible
/// text (a page shows its own date and older ones it refers to; the crawl
/// day in a navigation bar is usually the same day).
fn latest_visible_date(dom: &Dom) -> Option<chrono::NaiveDate> {
    let body = dom.select("body");
    let node = body.nodes().first()?;
    let mut text = String::new();
    visible_text(node, &mut text);
    dates::dates_in(&text).into_iter().map(|(_, d)| d).max()
}

fn visible_text(node: &NodeRef, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(&child.text());
        } else if child.is_element() {
            let name = child.node_name().map(|n| n.to_ascii_lowercase());
            if !matches!(
                name.as_deref(),
                Some("script" | "style" | "noscript" | "template" | "svg")
            ) {
                visible_text(&child, out);
                out.push(' ');
            }
        }
    }
}

/// The text of a small element (a byline, not a whole column).
fn short_text(node: &NodeRef) -> Option<String> {
    let text = node.text();
    (text.len() <= 200).then(|| text.to_string())
}

/// The first `<time datetime>`, preferring one marked as the publication time.
/// Also the date its text shows readers, when it has one: that is the
/// publisher's local day even when the attribute is in UTC.
fn time_element(dom: &Dom) -> Vec<Stamp> {
    let marked = dom.select("time[itemprop=datePublished], time[pubdate]");
    let any = dom.select("time[datetime]");
    marked
        .nodes()
        .iter()
        .chain(any.nodes().iter())
        .find_map(|n| {
            let stamp = n.attr("datetime").and_then(|d| parse_stamp(&d))?;
            let shown = short_text(n).and_then(|t| find_date(&t)).map(Stamp::shown);
            Some([Some(stamp), shown].into_iter().flatten().collect())
        })
        .unwrap_or_default()
}

/// Every JSON-LD block that parses.
fn json_ld(dom: &Dom) -> Vec<Value> {
    dom.select("script")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|n| {
            let text = n.text();
            let raw = text
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>")
                .trim();
            serde_json::from_str(raw).ok()
        })
        .collect()
}

/// The first string value of `key` anywhere in `value` (depth-first, so
/// `@graph` arrays and nested objects are searched).
fn find_key_str<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    match value {
        Value::Object(map) => map
            .get(key)
            .and_then(Value::as_str)
            .or_else(|| map.values().find_map(|v| find_key_str(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find_key_str(v, key)),
        _ => None,
    }
}

/// JSON-LD `author`: a string, an object with `name`, or a list of those.
fn ld_author(value: &Value) -> Option<String> {
    fn name_of(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => clean_author(s),
            Value::Object(m) => m.get("name").and_then(Value::as_str).and_then(clean_author),
            _ => None,
        }
    }
    match value {
        Value::Object(map) => match map.get("author") {
            Some(Value::Array(items)) => {
                let names: Vec<String> = items.iter().filter_map(name_of).collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            Some(author) => name_of(author),
            None => map.values().find_map(ld_author),
        },
        Value::Array(items) => items.iter().find_map(ld_author),
        _ => None,
    }
}

/// JSON-LD `publisher.name` (an organisation's name, the site).
fn ld_publisher(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => match map.get("publisher") {
            Some(Value::Object(p)) => p.get("name").and_then(Value::as_str).and_then(non_empty),
            Some(Value::String(s)) => non_empty(s),
            _ => map.values().find_map(ld_publisher),
        },
        Value::Array(items) => items.iter().find_map(ld_publisher),
        _ => None,
    }
}

/// An absolute http(s) URL, trimmed; relative or odd values are not a
/// canonical URL we can use.
fn absolute_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    ((url.starts_with("http://") || url.starts_with("https://"))
        && !url.contains(char::is_whitespace))
    .then(|| url.to_owned())
}

/// A readable author name, or `None` for URLs, empty or run-on values.
fn clean_author(raw: &str) -> Option<String> {
    let name = normalize_space(raw);
    let name = name
        .strip_prefix("By ")
        .or_else(|| name.strip_prefix("by "))
        .unwrap_or(&name)
        .trim();
    let looks_like_url =
        name.starts_with("http://") || name.starts_with("https://") || name.starts_with("www.");
    (!name.is_empty() && name.chars().count() <= 100 && !looks_like_url).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::{Heading as H, ListItem as L, Paragraph as P};

    fn date(s: &str) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn walk(html: &str) -> Vec<(BlockKind, String)> {
        let dom = Dom::from(html);
        walk_blocks(&dom.root(), false)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn link_density() {
        let dom = Dom::from(
            "<p>Plain words <a href=x>and a link</a></p><li><a href=y>All link</a></li><h3><a href=z>Teaser</a></h3>",
        );
        let d: Vec<f32> = walk_blocks(&dom.root(), false)
            .iter()
            .map(|b| b.link_density.unwrap())
            .collect();
        assert!((d[0] - 8.0 / 18.0).abs() < 1e-6, "{d:?}");
        assert_eq!(&d[1..], [1.0, 1.0]);
    }

    #[test]
    fn url_date_comes_first() {
        let page = "<html><head><meta property='article:published_time' content='2020-04-14T02:00:00Z'></head><body><p>x</p></body></html>";
        let at = |url| extract(page, url).published;
        assert_eq!(
            at(Some("https://x.example/news/20200413/story")),
            date("2020-04-13")
        );
        assert_eq!(at(Some("https://x.example/news/story")), date("2020-04-14"));
        assert_eq!(at(None), date("2020-04-14"));
    }

    #[test]
    fn walks_structure() {
        let got = walk(
            "<div><h2>The  Night <em>of</em> Rockets</h2><p>First   line<br>continues here.<br>New sentence after a break.</p>\
             <ul><li>Item one.</li><li><p>Item two.</p><ul><li>Nested item.</li></ul></li></ul>\
             <figure><img src=x><figcaption>A caption</figcaption></figure>\
             <table><tr><th>Base</th><th>Injured</th></tr><tr><td>Al Asad</td><td>110</td></tr></table>\
             <script>var x = 1;</script><p hidden>Hidden text.</p><p style='display: none'>Also hidden.</p>\
             <div>Loose text <span>inside a div</span>.</div></div>",
        );
        assert_eq!(
            got,
            vec![
                (H, "The Night of Rockets".into()),
                (P, "First line continues here.".into()),
                (P, "New sentence after a break.".into()),
                (L, "Item one.".into()),
                (L, "Item two.".into()),
                (L, "Nested item.".into()),
                (P, "Base | Injured".into()),
                (P, "Al Asad | 110".into()),
                (P, "Loose text inside a div.".into()),
            ]
        );
    }

    #[test]
    fn furniture_classes_are_skipped() {
        let body = "Rockets struck the airfield before dawn and damaged two hangars. ".repeat(4);
        let got = walk(&format!(
            "<div class='article-body'><p class='byline'>By Ana Writer</p>\
             <div class='share_bar'>Share on Facebook</div><p>{body}</p>\
             <div class='wp-caption'><p>The hangar, seen from the air.</p></div>\
             <div class='shared-content'><p>Words that stay.</p></div>\
             <aside-like id='related-stories'><p>Another story</p></aside-like></div>"
        ));
        assert_eq!(
            got,
            vec![(P, body.trim().to_owned()), (P, "Words that stay.".into())]
        );
        // A wrapper badly named as furniture but holding the article stays.
        let got = walk(&format!("<div class='post-meta'><p>{body}</p></div>"));
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn body_fallback_skips_site_chrome() {
        let got: Vec<(BlockKind, String)> = body_blocks(
            "<html><body><header><a href=/>Logo</a></header><nav>Home News</nav><aside>Popular</aside>\
             <h2>Short Note</h2><div>Two drones were shot down.</div><footer>About us</footer></body></html>",
        )
        .into_iter()
        .map(|b| (b.kind, b.text))
        .collect();
        assert_eq!(
            got,
            vec![
                (H, "Short Note".into()),
                (P, "Two drones were shot down.".into())
            ]
        );
        // No <body> element at all (a fragment) still works.
        assert_eq!(body_blocks("plain words").len(), 1);
    }

    #[test]
    fn pre_keeps_lines() {
        let got =
            walk("<pre>Heading Of Text\nA plain paragraph follows here.\n\nAnother one.</pre>");
        assert_eq!(
            got,
            vec![
                (H, "Heading Of Text".into()),
                (P, "A plain paragraph follows here.".into()),
                (P, "Another one.".into()),
            ]
        );
    }

    #[test]
    fn metadata_order() {
        let page = |head: &str, body: &str| {
            PageMeta::read(&Dom::from(format!(
                "<html><head>{head}</head><body>{body}</body></html>"
            )))
        };

        let m = page(
            r#"<meta property="article:published_time" content="2024-01-29T10:00:00Z">
               <meta property="og:published_time" content="2024-01-30">
               <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-01-31"}</script>"#,
            "<time datetime='2024-02-01'>x</time>",
        );
        assert_eq!(m.published, date("2024-01-29"));

        let m = page(
            r#"<meta property="og:published_time" content="2024-01-30">
               <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-01-31"}</script>"#,
            "",
        );
        assert_eq!(m.published, date("2024-01-30"));

        let m = page(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2024-01-31T08:00:00-05:00","author":[{"@type":"Person","name":"Ana Writer"},{"name":"Ben Reporter"}]}]}</script>"#,
            "<time datetime='2024-02-01'>x</time>",
        );
        assert_eq!(m.published, date("2024-01-31"));
        assert_eq!(m.author.as_deref(), Some("Ana Writer, Ben Reporter"));

        let m = page(
            "<title>Page Title</title>",
            "<p><time datetime='2024-02-01T09:00'>Feb 1</time></p>",
        );
        assert_eq!(m.published, date("2024-02-01"));
        assert_eq!(m.title_tag.as_deref(), Some("Page Title"));

        let m = page(
            r#"<meta name="author" content="https://example.org/staff/x"><meta name="AUTHOR" content="By Cy Columnist"><meta name="date" content="2024-02-02"><meta property="og:title" content=" OG  Title ">"#,
            "",
        );
        assert_eq!(m.author.as_deref(), Some("Cy Columnist"));
        assert_eq!(m.published, date("2024-02-02"));
        assert_eq!(m.og_title.as_deref(), Some("OG Title"));

        // Fallbacks: a byline element's text, then the latest visible date.
        let m = page(
            "",
            "<p>Filed on 2 January 2020.</p><span class='entry-date'>March 11, 2020</span>",
        );
        assert_eq!(m.published, None);
        assert_eq!(m.published_weak, date("2020-03-11"));
        let m = page(
            "",
            "<p>Reported 2 January 2020, after the 5 January 2020 vote.</p><script>x='2024-01-01'</script>",
        );
        assert_eq!(m.published_weak, date("2020-01-05"));
        // Microdata outside <meta>.
        let m = page(
            "",
            "<div itemprop='datePublished'>Posted Tue, 14 Jan 2020</div>",
        );
        assert_eq!(m.published, date("2020-01-14"));

        // A UTC meta timestamp gives way to the same moment in local time.
        let m = page(
            r#"<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">
               <script type="application/ld+json">{"datePublished":"2020-12-25T01:59:50+02:00"}</script>"#,
            "",
        );
        assert_eq!(m.published, date("2020-12-25"));
        // Alone, or with no local statement within a day, it stands.
        let m = page(
            r#"<meta property="article:published_time" content="2020-12-24T23:59:50Z">"#,
            "<time datetime='2020-11-02T10:00:00+02:00'>x</time>",
        );
        assert_eq!(m.published, date("2020-12-24"));
        // So does the date a <time> element shows, or a microdata date's text.
        let m = page(
            "",
            "<time datetime='2020-12-05T23:15:00Z'>6 December 2020, 00:15</time>",
        );
        assert_eq!(m.published, date("2020-12-06"));
        let m = page(
            r#"<meta property="article:published_time" content="2020-12-05T23:15:00Z">"#,
            "<p itemprop='datePublished'>06 Dicembre 2020</p>",
        );
        assert_eq!(m.published, date("2020-12-06"));
        // A local timestamp first is taken as it is.
        let m = page(
            r#"<meta property="article:published_time" content="2020-12-25T01:59:50+02:00">
               <script type="application/ld+json">{"datePublished":"2020-12-24T23:59:50Z"}</script>"#,
            "",
        );
        assert_eq!(m.published, date("2020-12-25"));

        // Broken JSON-LD is skipped, not fatal.
        let m = page(
            r#"<script type="application/ld+json">{"datePublished": </script>"#,
            "",
        );
        assert_eq!(m.published, None);
    }
}
