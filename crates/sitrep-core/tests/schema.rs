//! `docs/record.schema.json` and the Rust types describe the same contract.

use serde_json::Value;
use sitrep_core::*;

fn schema() -> Value {
    serde_json::from_str(include_str!("../../../docs/record.schema.json")).expect("schema is JSON")
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn strings(v: &Value) -> Vec<String> {
    let mut s: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str().map(String::from))
        .collect();
    s.sort();
    s
}

fn serialized<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    let mut s: Vec<String> = values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    s.sort();
    s
}

fn sample() -> Record {
    let evidence = Evidence {
        doc_id: "d_0123456789abcdef".into(),
        start: 0,
        end: 10,
        text: "x".into(),
    };
    Record {
        id: "e_0123456789abcdef".into(),
        record: RecordKind::Event,
        doc_id: "d_0123456789abcdef".into(),
        doc_ids: vec!["d_0123456789abcdef".into()],
        report_ids: vec!["r_0123456789abcdef".into()],
        event_type: Some("Battles".into()),
        sub_event_type: Some("Armed clash".into()),
        status: Status::Reported,
        date: DateInfo::unknown(),
        location: Location {
            alternatives: vec![LocationAlternative {
                name: "Tripoli".into(),
                country: Some("LY".into()),
                admin1: None,
                lat: Some(32.9),
                lon: Some(13.2),
                precision: LocationPrecision::Town,
                geonameid: Some(2210247),
                kb_id: None,
                score: 0.2,
            }],
            ..Location::unknown()
        },
        actors: vec![Actor {
            name: "x".into(),
            role: ActorRole::Attacker,
            kind: ActorKind::State,
            country: Some("IQ".into()),
            kb_id: None,
        }],
        weapons: vec![],
        figures: vec![Figure {
            kind: FigureKind::Killed,
            low: Some(1),
            high: None,
            qualifier: Qualifier::AtLeast,
            subject: None,
            claimant: None,
            stance: Stance::Claim,
            evidence: evidence.clone(),
        }],
        evidence: vec![evidence],
        tally: false,
        ledger: vec![Toll {
            kind: FigureKind::Killed,
            low: Some(0),
            high: None,
            claims: 2,
            claimants: vec!["x".into()],
            disputed: true,
        }],
    }
}

#[test]
fn schema_matches_the_rust_types() {
    let schema = schema();
    let record = serde_json::to_value(sample()).unwrap();
    let props = &schema["properties"];
    let objects = [
        (&record, props, &schema["required"]),
        (
            &record["date"],
            &props["date"]["properties"],
            &props["date"]["required"],
        ),
        (
            &record["location"],
            &props["location"]["properties"],
            &props["location"]["required"],
        ),
        (
            &record["location"]["alternatives"][0],
            &props["location"]["properties"]["alternatives"]["items"]["properties"],
            &props["location"]["properties"]["alternatives"]["items"]["required"],
        ),
        (
            &record["actors"][0],
            &props["actors"]["items"]["properties"],
            &props["actors"]["items"]["required"],
        ),
        (
            &record["figures"][0],
            &props["figures"]["items"]["properties"],
            &props["figures"]["items"]["required"],
        ),
        (
            &record["evidence"][0],
            &schema["$defs"]["evidence"]["properties"],
            &schema["$defs"]["evidence"]["required"],
        ),
    ];
    for (value, properties, required) in objects {
        assert_eq!(
            keys(value),
            keys(properties),
            "fields and schema properties"
        );
        assert_eq!(
            keys(value),
            strings(required),
            "every field is required (null when unknown)"
        );
    }

    use DatePrecision as D;
    use LocationPrecision as L;
    let enums: [(&Value, Vec<String>); 9] = [
        (
            &props["record"]["enum"],
            serialized(&[RecordKind::Report, RecordKind::Event]),
        ),
        (
            &props["status"]["enum"],
            serialized(&[
                Status::Reported,
                Status::Threatened,
                Status::Denied,
                Status::HistoricalReference,
            ]),
        ),
        (
            &props["date"]["properties"]["precision"]["enum"],
            serialized(&[D::Day, D::Week, D::Month, D::Year, D::Unknown]),
        ),
        (
            &props["location"]["properties"]["precision"]["enum"],
            serialized(&[
                L::Facility,
                L::Town,
                L::Admin2,
                L::Admin1,
                L::Country,
                L::Region,
                L::Unknown,
            ]),
        ),
        (
            &props["actors"]["items"]["properties"]["role"]["enum"],
            serialized(&[ActorRole::Attacker, ActorRole::Target, ActorRole::Other]),
        ),
        (
            &props["actors"]["items"]["properties"]["kind"]["enum"],
            serialized(&[
                ActorKind::State,
                ActorKind::Military,
                ActorKind::ArmedGroup,
                ActorKind::Civilians,
                ActorKind::Person,
                ActorKind::Organization,
            ]),
        ),
        (
            &props["figures"]["items"]["properties"]["kind"]["enum"],
            serialized(&[
                FigureKind::Killed,
                FigureKind::Injured,
                FigureKind::Casualties,
                FigureKind::Missing,
                FigureKind::Abducted,
                FigureKind::Missiles,
                FigureKind::Rockets,
                FigureKind::Drones,
                FigureKind::Attacks,
            ]),
        ),
        (
            &props["figures"]["items"]["properties"]["qualifier"]["enum"],
            serialized(&[
                Qualifier::Exact,
                Qualifier::AtLeast,
                Qualifier::MoreThan,
                Qualifier::About,
                Qualifier::UpTo,
                Qualifier::Unknown,
            ]),
        ),
        (
            &props["figures"]["items"]["properties"]["stance"]["enum"],
            serialized(&[
                Stance::Claim,
                Stance::Denial,
                Stance::Confirmation,
                Stance::Correction,
                Stance::Report,
            ]),
        ),
    ];
    for (listed, expected) in enums {
        assert_eq!(strings(listed), expected);
    }
    let event_types: Vec<String> = {
        let mut t: Vec<String> = TAXONOMY.iter().map(|(t, _)| t.to_string()).collect();
        t.sort();
        t
    };
    assert_eq!(strings(&props["event_type"]["enum"]), event_types);
}
