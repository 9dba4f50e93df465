//! Every command the README's "Use" section shows runs as shown on the demo
//! data: the real binary, in a folder holding a copy of `examples/`, with
//! the database the first line (`sitrep demo`) builds.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The lines of the first `sh` block after the heading `## Use`.
fn use_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = &readme[readme.find("\n## Use").expect("a Use section")..];
    let block = &section[section.find("```sh\n").expect("a sh block") + 6..];
    let block = &block[..block.find("```").expect("the block ends")];
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// A command line split as a shell would: words, double-quoted words, and
/// a trailing `# comment` dropped.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            '#' if !quoted && !started => break,
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn every_command_in_the_readme_runs_on_the_demo_data() {
    let lines = use_lines();
    assert!(lines.len() >= 10, "{lines:?}");
    assert_eq!(words(&lines[0]), ["sitrep", "demo"], "the demo comes first");
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples"), &tmp.path().join("examples"));
    let db = tmp.path().join("demo.db");
    for line in &lines {
        let args = words(line);
        assert_eq!(args[0], "sitrep", "{line}");
        let out = Command::cargo_bin("sitrep")
            .unwrap()
            .args(&args[1..])
            .current_dir(tmp.path())
            .env("SITREP_DB", &db)
            .env_remove("SITREP_KB")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "`{line}` failed ({:?}): {stderr}",
            out.status.code()
        );
        assert!(!stderr.contains("note:"), "`{line}`: {stderr}");
        match args[1].as_str() {
            "events" => assert!(
                !stdout.starts_with("no events") && !stdout.trim().is_empty(),
                "`{line}` finds nothing on the demo data"
            ),
            // The examples are all stored by the demo; the README beside
            // them is no document.
            "ingest" => assert!(
                stderr.starts_with("0 documents ingested"),
                "`{line}`: {stderr}"
            ),
            "show" | "extract" | "article" | "annotate" | "timeline" | "stats" | "tallies" => {
                assert!(!stdout.trim().is_empty(), "`{line}` printed nothing")
            }
            _ => {}
        }
    }
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        words(r#"sitrep events --actor "Kata'ib" --type drone  # a comment"#),
        ["sitrep", "events", "--actor", "Kata'ib", "--type", "drone"]
    );
    assert_eq!(words("sitrep stats"), ["sitrep", "stats"]);
}
