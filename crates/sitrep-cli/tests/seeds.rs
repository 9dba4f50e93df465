//! Acceptance on the two seed pages in `../shared/seeds` (skipped, with a
//! printed reason, where that folder is absent). Assertions are structural:
//! no seed text is stored in the project.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn seeds() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    (files.len() == 2).then_some(files)
}

macro_rules! seeds_or_skip {
    () => {
        match seeds() {
            Some(files) => files,
            None => {
                eprintln!("skipped: ../shared/seeds with its two seed pages is not present");
                return;
            }
        }
    };
}

fn extract(files: &[PathBuf], reports: bool) -> Vec<Value> {
    let mut cmd = Command::cargo_bin("sitrep").unwrap();
    cmd.arg("extract").args(files);
    if reports {
        cmd.arg("--reports");
    }
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn has_actor(e: &Value, id: &str, role: &str) -> bool {
    e["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["kb_id"] == id && a["role"] == role)
}

fn figures<'a>(e: &'a Value, kind: &str) -> Vec<&'a Value> {
    e["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .collect()
}

#[test]
fn seed_events_with_claims_and_evidence() {
    let files = seeds_or_skip!();
    let events = extract(&files, false);
    let non_tally: Vec<&Value> = events.iter().filter(|e| e["tally"] == false).collect();

    // The drone strike that killed Soleimani.
    let soleimani = non_tally
        .iter()
        .find(|e| has_actor(e, "soleimani", "target"))
        .expect("the killing of Soleimani");
    assert_eq!(soleimani["date"]["start"], "2020-01-03");
    assert_eq!(soleimani["date"]["precision"], "day");
    assert!(has_actor(soleimani, "us", "attacker"));
    assert!(
        soleimani["weapons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "drone")
    );
    assert_eq!(soleimani["location"]["kb_id"], "baghdad_airport");
    assert_eq!(soleimani["location"]["precision"], "facility");

    // Iran's missile attack on Al Asad, with the conflicting claims.
    let asad = non_tally
        .iter()
        .find(|e| e["location"]["kb_id"] == "al_asad")
        .expect("the attack on Al Asad");
    assert_eq!(asad["date"]["start"], "2020-01-08");
    assert_eq!(asad["location"]["admin1"], "Anbar");
    assert_eq!(asad["location"]["country"], "IQ");
    assert!(asad["location"]["lat"].is_f64());
    assert!(has_actor(asad, "iran", "attacker"));
    assert!(
        asad["weapons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "ballistic missile")
    );
    assert_eq!(
        asad["doc_ids"].as_array().unwrap().len(),
        2,
        "both pages report it"
    );
    let killed = figures(asad, "killed");
    assert!(killed.iter().any(|f| {
        f["low"] == 80
            && f["qualifier"] == "at_least"
            && f["stance"] == "claim"
            && f["claimant"]
                .as_str()
                .is_some_and(|c| c.contains("state tele") || c.contains("state TV"))
    }));
    assert!(
        killed
            .iter()
            .any(|f| f["low"] == 0 && f["high"] == 0 && f["stance"] == "denial")
    );
    assert!(
        figures(asad, "missiles")
            .iter()
            .any(|f| f["low"] == 15 && f["stance"] == "claim")
    );
    assert!(
        figures(asad, "injured").iter().any(|f| f["low"] == 100
            && f["qualifier"] == "more_than"
            && f["stance"] == "correction")
    );
    for e in asad["evidence"].as_array().unwrap() {
        assert!(e["text"].as_str().unwrap().len() > 20);
        assert!(e["end"].as_u64() > e["start"].as_u64());
    }

    // And on the base at Erbil.
    let erbil = non_tally
        .iter()
        .find(|e| e["location"]["kb_id"] == "t_erbil" || e["location"]["kb_id"] == "erbil_air_base")
        .expect("the attack on Erbil");
    assert_eq!(erbil["date"]["start"], "2020-01-08");
    assert!(has_actor(erbil, "iran", "attacker"));

    // The drone attack in Jordan: the text gives no date, so none is guessed.
    let jordan = non_tally
        .iter()
        .find(|e| e["location"]["country"] == "JO")
        .expect("the drone attack in Jordan");
    assert_eq!(jordan["date"]["precision"], "unknown");
    assert!(jordan["date"]["start"].is_null());
    assert_eq!(jordan["location"]["precision"], "country");
    assert!(jordan["location"]["lat"].is_null());
    assert!(
        figures(jordan, "killed")
            .iter()
            .all(|f| f["low"] == 3 && f["high"] == 3)
    );
    assert_eq!(jordan["sub_event_type"], "Air/drone strike");

    // Tallies, not events.
    let tallies: Vec<&Value> = events.iter().filter(|e| e["tally"] == true).collect();
    let t180 = tallies
        .iter()
        .find(|t| {
            figures(t, "attacks").iter().any(|f| f["low"] == 180)
                && t["date"]["start"] == "2023-10-07"
        })
        .expect("more than 180 attacks since 2023-10-07");
    assert!(has_actor(t180, "islamic_resistance_iraq", "attacker"));
    assert!(
        figures(t180, "attacks")
            .iter()
            .all(|f| f["qualifier"] == "more_than")
    );
    let t150 = tallies
        .iter()
        .find(|t| figures(t, "attacks").iter().any(|f| f["low"] == 150))
        .expect("more than 150 attacks between October 17 and January 29");
    assert_eq!(t150["date"]["start"], "2023-10-17");
    assert_eq!(t150["date"]["end"], "2024-01-29");
    assert!(non_tally.iter().all(|e| figures(e, "attacks").is_empty()));
}

#[test]
fn no_report_from_page_furniture() {
    let files = seeds_or_skip!();
    let reports = extract(&files, true);
    assert!(!reports.is_empty());
    for r in &reports {
        for e in r["evidence"].as_array().unwrap() {
            let text = e["text"].as_str().unwrap();
            for junk in [
                "Table of Contents",
                "Eminem",
                "Woolery",
                "3840x2160",
                "Wallpapers",
                "Daily Caller",
                "Delhi Tonight",
                "Tehran unleashes",
            ] {
                assert!(
                    !text.contains(junk),
                    "a report came from page furniture: {text}"
                );
            }
            assert!(
                text.ends_with(['.', '"', '”', '!', '?']),
                "evidence is a whole sentence: {text}"
            );
        }
    }
}

#[test]
fn ingesting_the_seeds_twice_lists_each_event_once() {
    let files = seeds_or_skip!();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("seeds.db");
    let run = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("sitrep").unwrap();
        cmd.arg("--db").arg(&db).args(args);
        cmd
    };
    run(&["ingest"]).args(&files).assert().success();
    let first = run(&["events", "--json", "--tallies"])
        .output()
        .unwrap()
        .stdout;
    run(&["ingest"]).args(&files).assert().success();
    let second = run(&["events", "--json", "--tallies"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(first, second);
    let counts = sitrep::open(&db).unwrap().counts().unwrap();
    assert_eq!(counts.documents, 2);
    let mut ids: Vec<String> = String::from_utf8_lossy(&second)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let listed = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), listed, "every event is listed once");
}
