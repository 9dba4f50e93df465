//! End-to-end tests of the real `sitrep-bench` binary on tiny sets made here.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bench() -> Command {
    let mut cmd = Command::cargo_bin("sitrep-bench").unwrap();
    cmd.env_remove("SITREP_KB");
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A short page in our own words.
const PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Shelling hits a power station | The Example Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Shelling hits a power station</h1>
<p>Artillery fire struck a power station outside the town late on Tuesday, cutting electricity to several villages, the regional administration said.</p>
<p>Engineers began repairs on Wednesday morning once the shelling had stopped, and officials said nobody had been hurt.</p>
</article><footer>Copyright The Example Courier.</footer></body></html>"#;

#[test]
fn articles_scores_a_small_set_and_gates_on_a_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("html")).unwrap();
    write(&tmp.path().join("html"), "p1.html.gz", &gz(PAGE.as_bytes()));
    let truth = serde_json::json!({"p1": {"url": "https://courier.example/x", "articleBody":
        "Artillery fire struck a power station outside the town late on Tuesday, cutting electricity to several villages, the regional administration said."}});
    write(
        tmp.path(),
        "ground-truth.json",
        truth.to_string().as_bytes(),
    );
    let out = bench().arg("articles").arg(tmp.path()).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("recall    1.0000"), "{stdout}");
    assert!(stdout.contains("pages/s"), "{stdout}");
    // The CI gate: a baseline above what was reached fails.
    let baseline = write(tmp.path(), "baseline.txt", b"# F1\n0.99\n");
    let out = bench()
        .arg("articles")
        .arg(tmp.path())
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the recorded baseline"));
}

#[test]
fn the_user_binary_has_no_benchmarks() {
    let out = Command::cargo_bin("sitrep-bench")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for what in ["articles", "dates", "geo", "time", "events", "nlp"] {
        assert!(help.contains(what), "sitrep-bench lists {what}: {help}");
    }
}
