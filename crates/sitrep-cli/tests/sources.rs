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

#[allow(dead_code)]
fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}
