//! Block structure of composed inputs with the defects scraped news pages
//! have. The texts are written for these tests; no real article is copied.

use serde_json::{Value, json};
use sitrep_clean::clean;
use sitrep_core::{Article, Document, SourceFormat};

fn view(a: &Article) -> Value {
    json!({
        "title": a.title,
        "published": a.published.map(|d| d.to_string()),
        "author": a.author,
        "blocks": a.blocks.iter().map(|b| json!([b.kind, a.block_text(b)])).collect::<Vec<_>>(),
    })
}

/// One-paragraph-per-line scraped text: a table of contents, a heading
/// glued onto a sentence, a photo credit, and trending links, a resolution
/// caption and a foreign-language stock-photo line after the article.
const SCRAPED: &str = "\
Drone Strike Hits Border Outpost: What We Know
The outpost near the river crossing was struck shortly before midnight on Sunday, according to two officials who spoke on condition of anonymity. Three soldiers were wounded and one later died of his injuries, the officials said.
Table of Contents
- What Happened at the Outpost
- The Group That Claimed It
- What Comes Next?
What Happened at the Outpost
A single drone flew in low from the east and struck a barracks building, officials said. Air defences at the site did not fire, and an investigation has been opened into why.The Group That Claimed It
A little-known militia said in a statement on a messaging channel that it had carried out the strike. The claim could not be independently verified.
Smoke rises above the outpost on Monday morning (Photo: Local Media/Handout)
What Comes Next?
Analysts said the strike fits a pattern of attacks on remote positions along the border. They noted that the group had issued threats for weeks, and said more strikes were likely.
- Singer Reveals New Album Date
- Top Ten Beaches This Summer
- Actor Height and Net Worth

1920x1080 Desert Sunset Backgrounds Free Download

Otra noticia sobre el clima de mañana en la costa
";

/// Hard-wrapped text with a link list between paragraphs, a prose bullet
/// list after a lead-in, a sentence-case heading, an agency caption, and
/// abbreviations and decimals that must not be split.
const WRAPPED: &str = "\
Ceasefire talks resume after week of rocket fire

Negotiators returned to the capital on Tuesday after a week in which
rockets were fired at two bases, including one used by the U.S.Army, and
a fuel depot. Damage at the depot was put at 2.5 million dollars by the
provincial governor, who called for calm.

Related coverage
- Rockets Hit Second Base
- Governor Visits Depot
- Timeline of the Week

Officials said the talks would cover three points, and that a first draft
could be ready within days. Diplomats were cautiously hopeful about it.

What is on the table
The agenda, according to a document seen by reporters, includes:
- A halt to all rocket and drone attacks on the bases for thirty days.
- The release of four detainees held since the spring by the militia.

Delegates arrive at the talks venue on Tuesday. (AP Photo/Staff Photographer)

Neither side commented on the document. A spokesman for the militia said
only that its fighters would respect a halt if the other side did too.
";

/// A page with metadata, navigation, a related-links list and a footer.
const PAGE: &str = r#"<!doctype html>
<html lang="en"><head>
<title>Rockets Strike Airbase | Example News</title>
<meta property="og:title" content="Rockets strike airbase overnight">
<meta name="author" content="Dana Reporter">
<meta property="article:published_time" content="2024-02-05T06:30:00+03:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rockets strike airbase overnight","datePublished":"2024-02-04"}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Rockets strike airbase overnight</h1>
<p>At least five rockets struck an airbase in the west of the country overnight, military officials said on Monday. No casualties were reported, though a hangar and two vehicles were damaged in the attack.</p>
<figure><img src="hangar.jpg"><figcaption>The damaged hangar on Monday. Photo: Example Agency</figcaption></figure>
<p>The base hosts troops from several countries and has been targeted repeatedly in recent months, mostly by small drones launched from nearby farmland. Officials said the rockets were fired from a truck that was later found abandoned.</p>
<h2>Claims and denials</h2>
<p>A militia that has claimed earlier attacks denied any role in this one. A spokesman said in a written statement that the group had observed a pause in its operations since the start of the month, and would continue to do so.</p>
<ul><li><a href="/a">Drone downed near the border</a></li><li><a href="/b">Parliament debates troop presence</a></li><li><a href="/c">Markets rally on oil prices</a></li></ul>
<p>Investigators were examining the launch site on Monday afternoon. They expect to publish preliminary findings by the end of the week, officials said, and have asked residents for any footage.</p>
<p><a href="/more">Fuel prices rise again</a></p>
</article>
<footer><p>Copyright Example News. All rights reserved.</p></footer>
</body></html>"#;

#[test]
fn scraped_text() {
    let doc = Document::new("scraped.txt", SourceFormat::Text, SCRAPED.to_owned());
    insta::assert_json_snapshot!(view(&clean(&doc)));
}

#[test]
fn wrapped_text() {
    let doc = Document::new("wrapped.txt", SourceFormat::Text, WRAPPED.to_owned());
    insta::assert_json_snapshot!(view(&clean(&doc)));
}

#[test]
fn html_page() {
    let doc = Document::new("page.html", SourceFormat::Html, PAGE.to_owned());
    insta::assert_json_snapshot!(view(&clean(&doc)));
}
