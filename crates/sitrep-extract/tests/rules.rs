//! Extraction rules on sentences we wrote ourselves.

mod common;

use common::{reports, summary};
use sitrep_core::{ActorRole, DatePrecision, FigureKind, Qualifier, Stance};

#[test]
fn claims_keep_claimant_and_stance() {
    let text = "Iranian state television claimed that at least 80 American soldiers were killed when 15 missiles hit Al Asad Airbase on January 8, 2020.";
    let found = reports(text, None);
    assert_eq!(found.len(), 1, "{found:#?}");
    let r = &found[0];
    assert_eq!(r.location.kb_id.as_deref(), Some("al_asad"));
    assert_eq!(r.date.start, Some("2020-01-08".parse().unwrap()));
    let killed = r
        .figures
        .iter()
        .find(|f| f.kind == FigureKind::Killed)
        .unwrap();
    assert_eq!(
        (killed.low, killed.high, killed.qualifier),
        (Some(80), None, Qualifier::AtLeast)
    );
    assert_eq!(killed.claimant.as_deref(), Some("Iranian state television"));
    assert_eq!(killed.stance, Stance::Claim);
    assert!(
        r.figures
            .iter()
            .any(|f| f.kind == FigureKind::Missiles && f.low == Some(15))
    );
}

#[test]
fn denial_by_zero_and_revision() {
    let text = "A missile barrage struck Erbil Air Base on January 8, 2020. The Pentagon said no American troops were killed. It was later revealed that more than 100 service members had suffered brain injuries.";
    let found = reports(text, None);
    let zero = found
        .iter()
        .flat_map(|r| r.figures.iter())
        .find(|f| f.kind == FigureKind::Killed)
        .expect("a killed figure");
    assert_eq!((zero.low, zero.stance), (Some(0), Stance::Denial));
    let revised = found
        .iter()
        .flat_map(|r| r.figures.iter())
        .find(|f| f.kind == FigureKind::Injured)
        .expect("an injured figure");
    assert_eq!(
        (revised.low, revised.qualifier, revised.stance),
        (Some(100), Qualifier::MoreThan, Stance::Correction)
    );
}

#[test]
fn threats_and_background_are_not_events() {
    for text in [
        "Tehran warned that bases hosting American troops will be targeted if Washington retaliates.",
        "Al Asad Airbase has been a target of rocket fire many times in the past.",
        "Drones offer greater precision and are harder to detect than rockets.",
        "The instances where militias attack bases in Iraq are a reminder of the tensions.",
    ] {
        assert!(
            reports(text, Some("2024-01-10")).is_empty(),
            "{text}: {:#?}",
            reports(text, Some("2024-01-10"))
        );
    }
}

#[test]
fn tallies_take_their_period_from_context() {
    let text = "Since October 17, 2023, the Islamic Resistance in Iraq has claimed dozens of strikes. The group has carried out more than 160 attacks on US forces in Iraq and Syria.";
    let found = reports(text, Some("2024-02-03"));
    let tally = found.iter().find(|r| r.tally).expect("a tally");
    assert_eq!(tally.date.start, Some("2023-10-17".parse().unwrap()));
    assert_eq!(tally.date.end, Some("2024-02-03".parse().unwrap()));
    assert!(
        tally.actors.iter().any(|a| a.role == ActorRole::Attacker
            && a.kb_id.as_deref() == Some("islamic_resistance_iraq"))
    );
    let count = tally
        .figures
        .iter()
        .find(|f| f.kind == FigureKind::Attacks)
        .unwrap();
    assert_eq!(
        (count.low, count.qualifier),
        (Some(160), Qualifier::MoreThan)
    );
    assert!(
        found
            .iter()
            .filter(|r| !r.tally)
            .all(|r| r.figures.iter().all(|f| f.kind != FigureKind::Attacks))
    );
}

#[test]
fn relative_dates_weekdays_and_speech_dates() {
    // 2024-01-29 was a Monday.
    let text = "A drone struck Tower 22 early on Sunday, killing three soldiers, the Pentagon said on Monday.";
    let found = reports(text, Some("2024-01-29"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].date.start, Some("2024-01-28".parse().unwrap()));
    assert_eq!(found[0].date.precision, DatePrecision::Day);

    let text = "Missiles hit Al Asad Airbase on January 8, 2020. It came in retaliation for a US drone strike five days earlier that killed Qasem Soleimani.";
    let found = reports(text, None);
    let strike = found
        .iter()
        .find(|r| r.weapons.iter().any(|w| w == "drone"))
        .expect("the drone strike");
    assert_eq!(strike.date.start, Some("2020-01-03".parse().unwrap()));
    assert!(
        strike
            .actors
            .iter()
            .any(|a| a.role == ActorRole::Target && a.kb_id.as_deref() == Some("soleimani"))
    );
    assert!(
        strike
            .actors
            .iter()
            .any(|a| a.role == ActorRole::Attacker && a.kb_id.as_deref() == Some("us"))
    );
}

#[test]
fn unknown_date_stays_unknown_and_country_has_no_point() {
    let text = "Three American troops were killed in a drone attack on a small outpost in Jordan.";
    let found = reports(text, None);
    assert_eq!(found.len(), 1);
    let r = &found[0];
    assert_eq!(r.date.precision, DatePrecision::Unknown);
    assert_eq!(r.date.start, None);
    assert_eq!(r.location.country.as_deref(), Some("JO"));
    assert_eq!((r.location.lat, r.location.lon), (None, None));
    assert_eq!(r.sub_event_type.as_deref(), Some("Air/drone strike"));
    assert!(
        r.actors
            .iter()
            .any(|a| a.role == ActorRole::Target && a.kb_id.as_deref() == Some("us_military"))
    );
}

#[test]
fn listed_targets_yield_one_report_each() {
    let text = "On January 8, 2020, Iran fired ballistic missiles at Al Asad Airbase in western Iraq and a base near Erbil in Iraqi Kurdistan.";
    let found = reports(text, None);
    let places: Vec<&str> = found
        .iter()
        .filter_map(|r| r.location.kb_id.as_deref())
        .collect();
    assert_eq!(
        places,
        vec!["al_asad", "t_erbil"],
        "{}",
        found.iter().map(summary).collect::<Vec<_>>().join("\n")
    );
    assert!(
        found
            .iter()
            .all(|r| r.attackers().any(|a| a.kb_id.as_deref() == Some("iran")))
    );
}

#[test]
fn evidence_offsets_are_characters_into_the_text() {
    let text = "Officials said “nothing” happened. Three soldiers were killed in a drone attack in Jordan on 2024-01-28.";
    let found = reports(text, None);
    let ev = &found[0].evidence[0];
    let chars: Vec<char> = text.chars().collect();
    let slice: String = chars[ev.start..ev.end].iter().collect();
    assert_eq!(slice, ev.text);
    assert!(ev.text.starts_with("Three soldiers"));
}
