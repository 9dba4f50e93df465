//! End-to-end tests of the web-page sources: `sitrep article`, legacy
//! charsets, WARC archives and feeds, through the real binary.

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn sitrep() -> Command {
    let mut cmd = Command::cargo_bin("sitrep").unwrap();
    cmd.env_remove("SITREP_DB").env_remove("SITREP_KB");
    cmd
}

fn jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// A news page in our own words, with the metadata a CMS writes.
const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>Drones strike depot | The Example Herald</title>
<meta property="og:site_name" content="The Example Herald">
<meta property="article:published_time" content="2024-01-29T07:10:00+03:00">
<link rel="canonical" href="https://herald.example/world/depot-strike">
<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ana Writer"},{"@type":"Person","name":"Ben Reporter"}]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Drones strike a fuel depot near the river</h1>
<p>Three drones struck a fuel depot on the eastern bank of the river early on Monday, local officials said, setting off fires that burned for most of the morning.</p>
<p>The governor of the province said two guards were wounded and taken to a hospital in the city, and that firefighters had contained the blaze by noon.</p>
<p>No group has claimed the attack. The army said its air defences had shot down a fourth drone before it reached the depot.</p>
</article>
<footer>Copyright The Example Herald. All rights reserved.</footer>
</body></html>"#;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn article_prints_json_with_metadata_and_paragraphs() {
    let tmp = tempfile::tempdir().unwrap();
    let page = write(tmp.path(), "depot.html", PAGE.as_bytes());
    let out = sitrep().arg("article").arg(&page).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let docs = jsonl(&out.stdout);
    assert_eq!(docs.len(), 1);
    let a = &docs[0];
    assert_eq!(a["url"], "https://herald.example/world/depot-strike");
    assert_eq!(a["published"], "2024-01-29");
    assert_eq!(a["site"], "The Example Herald");
    assert_eq!(
        a["authors"],
        serde_json::json!(["Ana Writer", "Ben Reporter"])
    );
    let text = a["text"].as_str().unwrap();
    assert!(
        text.contains("burned for most of the morning.\n\nThe governor"),
        "{text}"
    );
    assert!(!text.contains("Sport"), "navigation dropped: {text}");
    assert!(!text.contains("All rights reserved"), "{text}");
    assert!(a["title"].as_str().unwrap().contains("Drones strike"));

    // --format text from stdin: just the text.
    let out = sitrep()
        .args(["article", "--format", "text", "-"])
        .write_stdin(PAGE)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim_end(), text);
}

#[test]
fn article_reads_legacy_charsets_and_reports_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    // windows-1251 declared in a meta tag.
    let mut ru = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head><body><p>".to_vec();
    // "Взрыв на складе" in windows-1251.
    ru.extend_from_slice(b"\xc2\xe7\xf0\xfb\xe2 \xed\xe0 \xf1\xea\xeb\xe0\xe4\xe5");
    ru.extend_from_slice(b"</p></body></html>");
    let ru = write(tmp.path(), "ru.html", &ru);
    let empty = write(tmp.path(), "empty.html", b"");
    let out = sitrep()
        .args(["article", "--format", "text"])
        .arg(&ru)
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Взрыв на складе"),
        "{out:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("empty.html: empty file"), "{stderr}");
}

/// One WARC record around an HTTP response.
fn warc_record(kind: &str, uri: &str, content_type: &str, body: &[u8], lie: isize) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    block.extend_from_slice(body);
    let len = (block.len() as isize + lie) as usize;
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-30T06:00:00Z\r\nContent-Length: {len}\r\n\r\n"
    )
    .into_bytes();
    r.extend_from_slice(&block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

const FRENCH: &str = "<html><body><article><p>Trois drones ont frappé un dépôt de carburant sur la rive est du fleuve lundi matin, selon les autorités locales, provoquant des incendies qui ont brûlé pendant une grande partie de la matinée.</p><p>Le gouverneur de la province a déclaré que deux gardes avaient été blessés et transportés dans un hôpital de la ville, et que les pompiers avaient maîtrisé le feu vers midi.</p></article></body></html>";

#[test]
fn warc_ingest_counts_skips_and_names_bad_records() {
    let tmp = tempfile::tempdir().unwrap();
    let records = [
        warc_record("request", "https://herald.example/a", "text/html", b"", 0),
        warc_record(
            "response",
            "https://herald.example/world/depot-strike",
            "text/html; charset=utf-8",
            PAGE.as_bytes(),
            0,
        ),
        warc_record(
            "response",
            "https://herald.example/logo.png",
            "image/png",
            b"\x89PNG",
            0,
        ),
        warc_record(
            "response",
            "https://herald.example/broken",
            "text/html",
            b"<p>cut short</p>",
            -7,
        ),
        warc_record(
            "response",
            "https://journal.example/fr/depot",
            "text/html",
            FRENCH.as_bytes(),
            0,
        ),
    ];
    // One gzip member per record, as crawlers write them.
    let gz: Vec<u8> = records.iter().flat_map(|r| self::gz(r)).collect();
    let path = write(tmp.path(), "crawl.warc.gz", &gz);
    let db = tmp.path().join("events.db");
    let out = sitrep()
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0]
            .contains("crawl.warc.gz: record 4 (https://herald.example/broken): Content-Length"),
        "{stderr}"
    );
    assert!(stderr.contains("2 documents ingested"), "{stderr}");
    assert!(
        stderr.contains("1 not in English (stored, not extracted)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 records skipped (not HTML pages"),
        "{stderr}"
    );

    // `sitrep article` reads the same archive: URL from WARC-Target-URI,
    // language detected.
    let out = sitrep().arg("article").arg(&path).output().unwrap();
    let docs = jsonl(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["url"], "https://herald.example/world/depot-strike");
    assert_eq!(docs[0]["language"], "en");
    assert_eq!(docs[1]["url"], "https://journal.example/fr/depot");
    assert_eq!(docs[1]["language"], "fr");
    // No date in the French page: the WARC-Date is the fallback.
    assert_eq!(docs[1]["published"], "2024-01-30");
}

#[test]
fn feeds_become_documents_and_a_broken_feed_is_one_error() {
    let tmp = tempfile::tempdir().unwrap();
    let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<item><title>Depot struck</title><link>https://wire.example/depot</link><pubDate>Mon, 29 Jan 2024 07:10:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Three drones struck a fuel depot near the river early on Monday, officials said.</p>]]></content:encoded></item>
<item><title>Bridge hit</title><link>https://wire.example/bridge</link><description>An airstrike hit a bridge on Tuesday.</description></item>
</channel></rss>"#;
    let feed = write(tmp.path(), "wire.rss", rss.as_bytes());
    let broken = write(
        tmp.path(),
        "broken.xml",
        b"<rss><channel><item><title>x</item></rss>",
    );
    let out = sitrep()
        .arg("article")
        .arg(&broken)
        .arg(&feed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.xml: not a valid feed"), "{stderr}");
    let docs = jsonl(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["url"], "https://wire.example/depot");
    assert_eq!(docs[0]["title"], "Depot struck");
    assert_eq!(docs[0]["published"], "2024-01-29");
    assert!(docs[1]["text"].as_str().unwrap().contains("bridge"));
}

#[test]
fn pathologically_nested_html_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = write(tmp.path(), "deep.html", "<div>".repeat(5000).as_bytes());
    let page = write(tmp.path(), "ok.html", PAGE.as_bytes());
    let out = sitrep()
        .arg("article")
        .arg(&deep)
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deep.html: HTML nested more than 1000 elements deep"),
        "{stderr}"
    );
    assert_eq!(jsonl(&out.stdout).len(), 1);
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}
