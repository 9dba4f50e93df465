//! End-to-end tests: the real `sitrep` binary on real files.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn sitrep(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sitrep").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env_remove("SITREP_DB")
        .env_remove("SITREP_KB");
    cmd
}

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

fn counts(db: &Path) -> sitrep::Counts {
    sitrep::open(db).unwrap().counts().unwrap()
}

/// A short report in our own words, with a header block.
fn write_article(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("Title: {name}\nPublished: 2024-01-29\n\n{body}\n"),
    )
    .unwrap();
    path
}

/// One attack with two conflicting casualty claims.
fn claims_article(dir: &Path) -> PathBuf {
    write_article(
        dir,
        "claims.txt",
        "Iranian state television claimed that at least 80 American soldiers were killed when 15 missiles hit Al Asad Airbase on January 8, 2020. The Pentagon said no American troops were killed.",
    )
}

#[test]
fn ingesting_the_same_corpus_twice_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("events.db");
    sitrep(&db)
        .arg("ingest")
        .arg(examples_dir())
        .assert()
        .success();
    let first = counts(&db);
    let export = |db: &Path| {
        sitrep(db)
            .args(["export", "--format", "jsonl", "--tallies"])
            .output()
            .unwrap()
            .stdout
    };
    let events_before = export(&db);
    assert!(first.documents >= 10 && first.events > 0, "{first:?}");

    let output = sitrep(&db)
        .arg("ingest")
        .arg(examples_dir())
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(summary.contains("0 documents ingested"), "{summary}");
    assert_eq!(counts(&db), first);
    assert_eq!(export(&db), events_before);
}

#[test]
fn bad_inputs_are_reported_one_line_each_and_the_rest_is_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good1 = write_article(
        dir,
        "good1.txt",
        "Three soldiers were killed in a drone attack on Tower 22 in Jordan on Sunday.",
    );
    let good2 = write_article(
        dir,
        "good2.txt",
        "A rocket struck Al Asad Airbase on Saturday, injuring two soldiers.",
    );
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("binary.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 attack near the border\n").unwrap();
    let truncated = dir.join("cut.txt.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(
        "A long enough article body about a strike. "
            .repeat(200)
            .as_bytes(),
    )
    .unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let huge = dir.join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();

    let db = dir.join("events.db");
    let bad = [&empty, &binary, &latin1, &truncated, &huge];
    let output = sitrep(&db)
        .arg("ingest")
        .args([&good1, &empty, &binary, &latin1, &truncated, &huge, &good2])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed input makes the exit code non-zero"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), bad.len(), "{stderr}");
    for path in bad {
        let name = path.display().to_string();
        assert_eq!(
            errors.iter().filter(|l| l.contains(&name)).count(),
            1,
            "one line names {name}: {stderr}"
        );
    }
    assert!(stderr.contains("5 failures"), "{stderr}");
    assert_eq!(
        counts(&db).documents,
        2,
        "exactly the good documents are stored"
    );
}

#[test]
fn extract_prints_the_contract_without_storing() {
    let tmp = tempfile::tempdir().unwrap();
    let article = claims_article(tmp.path());
    let db = tmp.path().join("never.db");
    let output = sitrep(&db).arg("extract").arg(&article).output().unwrap();
    assert!(output.status.success());
    assert!(!db.exists(), "extract stores nothing");
    let events = jsonl(&output.stdout);
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = &events[0];
    for field in [
        "id",
        "doc_id",
        "event_type",
        "sub_event_type",
        "date",
        "location",
        "actors",
        "weapons",
        "figures",
        "evidence",
        "tally",
    ] {
        assert!(event.get(field).is_some(), "field {field}");
    }
    assert_eq!(event["location"]["name"], "Al Asad Airbase");
    assert_eq!(event["location"]["admin1"], "Anbar");
    assert_eq!(event["date"]["start"], "2020-01-08");
    let killed: Vec<&Value> = event["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "killed")
        .collect();
    assert_eq!(killed.len(), 2);
    assert!(
        killed
            .iter()
            .any(|f| f["stance"] == "denial" && f["low"] == 0)
    );

    // stdin works the same way.
    let stdin = sitrep(&db)
        .args(["extract", "-", "--published", "2020-01-09"])
        .write_stdin(std::fs::read(&article).unwrap())
        .output()
        .unwrap();
    assert_eq!(jsonl(&stdin.stdout).len(), 1);
}

#[test]
fn demo_events_show_and_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    let output = sitrep(&db).arg("demo").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Timeline ("), "{stdout}");
    assert!(stdout.contains("2020-01-08"), "{stdout}");

    let listed = sitrep(&db)
        .args(["events", "--json", "--country", "IQ"])
        .output()
        .unwrap();
    let events = jsonl(&listed.stdout);
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| e["location"]["country"] == "IQ" && e["tally"] == false)
    );

    let disputed = events
        .iter()
        .find(|e| {
            e["figures"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| {
                    ["killed", "injured", "casualties"]
                        .iter()
                        .any(|k| f["kind"] == *k)
                })
                .count()
                > 1
        })
        .expect("an Iraq event with several casualty claims");
    let id = disputed["id"].as_str().unwrap();
    let shown = sitrep(&db).args(["show", &id[..8]]).output().unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success());
    assert!(
        text.contains("Claims") && text.contains("Evidence") && text.contains("Sources"),
        "{text}"
    );

    let csv = sitrep(&db)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("event_id_cnty,event_date")
    );
    let geojson = sitrep(&db)
        .args(["export", "--format", "geojson"])
        .output()
        .unwrap();
    let geojson: Value = serde_json::from_slice(&geojson.stdout).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");

    let out = tmp.path().join("events.jsonl");
    sitrep(&db)
        .args(["export", "--format", "jsonl", "--output"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().count(),
        events_count(&db)
    );
}

fn events_count(db: &Path) -> usize {
    jsonl(
        &sitrep(db)
            .args(["events", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .len()
}

#[test]
fn a_second_demo_into_an_existing_database_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("mine.db");
    std::fs::write(&db, b"").unwrap();
    let output = sitrep(&db).arg("demo").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists"));
}

#[test]
fn html_pages_are_cleaned_and_dated_from_their_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("page.html");
    std::fs::write(
        &page,
        r#"<!doctype html><html><head><title>Drone strike hits Tower 22 | Example News</title>
<meta property="article:published_time" content="2024-01-29T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Drone strike hits Tower 22</h1>
<p>Three US soldiers were killed and more than 40 were wounded when a drone struck Tower 22 in Jordan early on Sunday, officials said.</p>
<p>Washington blamed Iran-backed militias for the attack and promised a response.</p>
</article><footer>Related: <a href="/x">Celebrity news</a></footer></body></html>"#,
    )
    .unwrap();
    let db = tmp.path().join("events.db");
    let output = sitrep(&db).arg("extract").arg(&page).output().unwrap();
    let events = jsonl(&output.stdout);
    assert_eq!(events.len(), 1, "{events:#?}");
    // 2024-01-29 was a Monday: "early on Sunday" is the 28th.
    assert_eq!(events[0]["date"]["start"], "2024-01-28");
    assert_eq!(events[0]["location"]["kb_id"], "tower_22");
    assert!(
        events[0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["text"].as_str().unwrap().contains("Celebrity"))
    );
}

#[test]
fn timeline_stats_and_tallies_agree_with_events() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    sitrep(&db).arg("demo").assert().success();
    let events = events_count(&db);

    let timeline: Value = serde_json::from_slice(
        &sitrep(&db)
            .args(["timeline", "--json", "--by", "month"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let placed: u64 = timeline["counts"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|groups| groups.as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        placed + timeline["undated"].as_u64().unwrap(),
        events as u64,
        "{timeline}"
    );
    let chart = sitrep(&db)
        .args(["timeline", "--by", "week", "--group", "country"])
        .output()
        .unwrap();
    let chart = String::from_utf8_lossy(&chart.stdout);
    assert!(chart.contains('█') && chart.contains("-W"), "{chart}");

    let stats: Value = serde_json::from_slice(
        &sitrep(&db)
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(stats["events"].as_u64().unwrap(), events as u64);
    assert!(stats["documents"].as_u64().unwrap() >= 10);
    let by_type: u64 = stats["by_type"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_type, events as u64);

    let tallies = sitrep(&db).args(["tallies", "--json"]).output().unwrap();
    let tallies = jsonl(&tallies.stdout);
    assert!(
        !tallies.is_empty(),
        "the example corpus states at least one tally"
    );
    assert!(
        tallies
            .iter()
            .all(|t| t["matching_events"].as_u64().is_some() && t["evidence"].as_str().is_some())
    );
}

#[test]
fn republished_copies_are_linked_not_counted_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "A drone launched by an Iran-backed militia struck Tower 22, a small logistics outpost in northeastern Jordan, early on Sunday, killing three American soldiers and wounding more than forty others, the Pentagon said. It was the first time American troops had been killed by hostile fire in the region since the war in Gaza began, and officials promised a response. The outpost sits close to the border with Syria and houses several hundred personnel.";
    let original = write_article(tmp.path(), "original.txt", body);
    let copy = write_article(
        tmp.path(),
        "copy.txt",
        &format!("By a wire reporter.\n\n{body}\n\nRead more stories like this one."),
    );
    let db = tmp.path().join("events.db");
    sitrep(&db).arg("ingest").arg(&original).assert().success();
    let before = events_count(&db);
    sitrep(&db).arg("ingest").arg(&copy).assert().success();
    assert_eq!(events_count(&db), before, "the copy adds no event");
    let stats: Value = serde_json::from_slice(
        &sitrep(&db)
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["duplicate_documents"], 1);
    let event = &jsonl(
        &sitrep(&db)
            .args(["events", "--json"])
            .output()
            .unwrap()
            .stdout,
    )[0];
    assert_eq!(
        event["doc_ids"].as_array().unwrap().len(),
        1,
        "one source counted"
    );
    let shown = sitrep(&db)
        .args(["show", event["id"].as_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("republished as"));
}

#[test]
fn show_flags_disputed_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let article = claims_article(tmp.path());
    let db = tmp.path().join("events.db");
    sitrep(&db).arg("ingest").arg(&article).assert().success();
    let event = &jsonl(
        &sitrep(&db)
            .args(["events", "--json"])
            .output()
            .unwrap()
            .stdout,
    )[0];
    let killed = event["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "killed")
        .unwrap();
    assert_eq!(killed["disputed"], true);
    assert_eq!(killed["low"], 0);
    assert_eq!(killed["claims"], 2);
    let shown = sitrep(&db)
        .args(["show", event["id"].as_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("killed: 0–80+ across 2 claims  ⚠ disputed"),
        "{text}"
    );
}

/// `sitrep … | head -1`: when the reader goes away, sitrep stops quietly
/// with success instead of printing "Broken pipe".
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Process, Stdio};
    let examples: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("sitrep"))
        .arg("annotate")
        .args(&examples)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    // The reader is gone now; the rest of the output has nowhere to go.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(
        !stderr.contains("Broken pipe") && !stderr.contains("error"),
        "{stderr}"
    );
}

/// The change log follows the database: the demo creates every event; a
/// later report of a known attack updates it; a full rebuild changes
/// nothing.
#[test]
fn changes_follow_ingest_and_a_full_rebuild_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    sitrep(&db).arg("demo").assert().success();
    let log = |since: u64| {
        let out = sitrep(&db)
            .args(["changes", "--json", "--since", &since.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success());
        jsonl(&out.stdout)
    };
    let created = log(0);
    assert_eq!(created.len() as u64, counts(&db).events, "{created:#?}");
    assert!(created.iter().all(|c| c["kind"] == "created"));
    let last = created.last().unwrap()["seq"].as_u64().unwrap();
    let article = write_article(
        tmp.path(),
        "followup.txt",
        "A drone attack on Tower 22 in Jordan on January 28, 2024 killed three US soldiers, the Pentagon said, and wounded 47 others.",
    );
    sitrep(&db).arg("ingest").arg(&article).assert().success();
    let later = log(last);
    assert!(!later.is_empty());
    assert!(later.iter().all(|c| c["seq"].as_u64().unwrap() > last));
    assert!(
        later
            .iter()
            .any(|c| c["kind"] == "updated" || c["kind"] == "merged"),
        "{later:#?}"
    );
    let rebuilt = sitrep(&db).args(["resolve", "--full"]).output().unwrap();
    assert!(rebuilt.status.success());
    let stderr = String::from_utf8_lossy(&rebuilt.stderr);
    assert!(stderr.contains("0 changes logged"), "{stderr}");
    let text = sitrep(&db)
        .args(["changes", "--since", &last.to_string()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(" → "));
}
