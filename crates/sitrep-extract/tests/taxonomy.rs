//! The event-coding test set: sentences we wrote ourselves, one or more per
//! ACLED sub-event type and per kind of non-event (denials, threats,
//! warnings, hypotheticals, commemorations, anniversaries, analysis and
//! background), each with the reports expected from it.
//!
//! A report is summarised as
//! `status | sub-event type | attackers | targets | killed | place`
//! (actors by canonical name, `+`-joined; `-` for none). A non-event case
//! expects no `reported` report at all.

mod common;

use sitrep_core::{ActorRole, FigureKind, Record, Status};

fn line(r: &Record) -> String {
    let names = |role: ActorRole| {
        let names: Vec<&str> = r
            .actors
            .iter()
            .filter(|a| a.role == role)
            .map(|a| a.name.as_str())
            .collect();
        if names.is_empty() {
            "-".to_string()
        } else {
            names.join("+")
        }
    };
    let status = match r.status {
        Status::Reported => "reported",
        Status::Threatened => "threatened",
        Status::Denied => "denied",
        Status::HistoricalReference => "historical",
    };
    let killed = r
        .figures
        .iter()
        .find(|f| f.kind == FigureKind::Killed)
        .and_then(|f| f.low)
        .map(|n| n.to_string())
        .unwrap_or_else(|| "-".into());
    format!(
        "{status} | {} | {} | {} | {killed} | {}",
        r.sub_event_type.as_deref().unwrap_or("-"),
        names(ActorRole::Attacker),
        names(ActorRole::Target),
        r.location.name.as_deref().unwrap_or("-"),
    )
}

/// (text, publication date, expected report lines).
const CASES: &[(&str, &str, &[&str])] = &[
    (
        "Iraqi troops clashed with Islamic State fighters near Baiji on Tuesday, leaving nine militants dead.",
        "2014-10-22",
        &["reported | Armed clash | Iraqi Security Forces | Islamic State | 9 | near Bayjī"],
    ),
    (
        "Heavy fighting between the Rapid Support Forces and the Sudanese army in Omdurman killed 14 people on 3 May 2023.",
        "2023-05-04",
        &["reported | Armed clash | - | - | 14 | Omdurman"],
    ),
    (
        "Kurdish Peshmerga forces repelled an Islamic State assault on Gwer on 8 August 2014.",
        "2014-08-09",
        &["reported | Armed clash | Peshmerga | Islamic State | - | -"],
    ),
    (
        "Government forces recaptured Tikrit from Islamic State militants on 31 March 2015.",
        "2015-04-01",
        &[
            "reported | Government regains territory | Military Forces (Iraq) | Islamic State | - | Tikrit",
        ],
    ),
    (
        "Iraqi forces retook Ramadi on 28 December 2015 after weeks of fighting.",
        "2015-12-29",
        &["reported | Government regains territory | Iraqi Security Forces | - | - | Ramadi"],
    ),
    (
        "Islamic State militants seized control of Mosul on June 10, 2014.",
        "2014-06-11",
        &["reported | Non-state actor overtakes territory | Islamic State | - | - | Mosul"],
    ),
    (
        "Al-Shabaab fighters overran an army base in Lower Shabelle on Friday.",
        "2023-05-27",
        &["reported | Non-state actor overtakes territory | al-Shabaab | - | - | -"],
    ),
    (
        "A chlorine gas attack on Douma on 7 April 2018 killed more than 40 people.",
        "2018-04-08",
        &["reported | Chemical weapon | - | - | 40 | Dūmā"],
    ),
    (
        "A Turkish drone strike killed three PKK fighters near Sinjar on Monday.",
        "2021-08-18",
        &["reported | Air/drone strike | Turkey | Kurdistan Workers' Party | 3 | near Sinjar"],
    ),
    (
        "Turkish warplanes bombed PKK positions in the Qandil mountains on Sunday.",
        "2015-07-27",
        &["reported | Air/drone strike | Turkish Armed Forces | Kurdistan Workers' Party | - | -"],
    ),
    (
        "A suicide bomber blew himself up at a checkpoint in Baghdad on Sunday, killing seven policemen.",
        "2014-03-10",
        &["reported | Suicide bomb | - | Police Forces (Iraq) | 7 | Baghdad"],
    ),
    (
        "Russian artillery shelled Kharkiv on 12 May 2022, killing two civilians.",
        "2022-05-13",
        &[
            "reported | Shelling/artillery/missile attack | Russia | Civilians (Ukraine) | 2 | Kharkiv",
        ],
    ),
    (
        "Three rockets hit the Green Zone in Baghdad on Wednesday night.",
        "2020-01-23",
        &["reported | Shelling/artillery/missile attack | - | - | - | Green Zone (Baghdad)"],
    ),
    (
        "A mortar shell landed on a football pitch in Baquba on Friday, killing eight boys.",
        "2014-03-16",
        &["reported | Shelling/artillery/missile attack | - | - | 8 | Baqubah"],
    ),
    (
        "A roadside bomb struck an army patrol near Kirkuk on Thursday, wounding four soldiers.",
        "2014-05-09",
        &[
            "reported | Remote explosive/landmine/IED | - | Military Forces (Iraq) | - | near Kirkuk",
        ],
    ),
    (
        "A car bomb exploded outside a busy market in Sadr City on 13 May 2015, killing 17 people.",
        "2015-05-14",
        &["reported | Remote explosive/landmine/IED | - | - | 17 | Sadr City"],
    ),
    (
        "An attacker threw a grenade into a crowded market in Mogadishu on Saturday, killing two people.",
        "2019-02-10",
        &["reported | Grenade | - | - | 2 | Mogadishu"],
    ),
    (
        "Rapid Support Forces fighters raped at least 12 women in a village near Geneina on 10 June 2023.",
        "2023-06-20",
        &["reported | Sexual violence | Rapid Support Forces | - | - | near El Geneina"],
    ),
    (
        "Gunmen shot dead five shepherds near Tuz Khurmatu on Sunday.",
        "2014-02-10",
        &[
            "reported | Attack | Unidentified armed group (Iraq) | Civilians (Iraq) | 5 | near Ţūz Khūrmātū",
        ],
    ),
    (
        "Islamic State militants executed 30 villagers in Nineveh province on 3 August 2014.",
        "2014-08-05",
        &["reported | Attack | Islamic State | Civilians (Iraq) | 30 | Nineveh"],
    ),
    (
        "Gunmen kidnapped 11 construction workers in Baghdad on Monday.",
        "2015-09-03",
        &[
            "reported | Abduction/forced disappearance | Unidentified armed group (Iraq) | - | - | Baghdad",
        ],
    ),
    (
        "Boko Haram insurgents abducted 276 schoolgirls from Chibok on 14 April 2014.",
        "2014-04-15",
        &["reported | Abduction/forced disappearance | Boko Haram | - | - | -"],
    ),
    (
        "Thousands of protesters marched through Tahrir Square in Baghdad on 1 October 2019 to demand jobs.",
        "2019-10-02",
        &["reported | Peaceful protest | - | - | - | Baghdad"],
    ),
    (
        "Hundreds of supporters of the cleric held a sit-in outside parliament in Baghdad on 30 July 2022.",
        "2022-07-31",
        &["reported | Peaceful protest | - | - | - | Baghdad"],
    ),
    (
        "Police fired tear gas to disperse protesters in Basra on 6 September 2018.",
        "2018-09-07",
        &["reported | Protest with intervention | - | - | - | Basra"],
    ),
    (
        "Police arrested 40 protesters at a demonstration in Sulaymaniyah on 19 December 2017.",
        "2017-12-20",
        &["reported | Protest with intervention | Police Forces (Iraq) | - | - | Sulaymaniyah"],
    ),
    (
        "Security forces opened fire on protesters in Nasiriyah on 28 November 2019, killing 25 people.",
        "2019-11-29",
        &[
            "reported | Excessive force against protesters | Military Forces (Iraq) | - | 25 | Nasiriyah",
        ],
    ),
    (
        "Rioters torched the Iranian consulate in Basra on 7 September 2018.",
        "2018-09-08",
        &["reported | Violent demonstration | - | - | - | Basra"],
    ),
    (
        "Protesters stormed the US embassy compound in Baghdad on 31 December 2019.",
        "2020-01-01",
        &["reported | Violent demonstration | - | United States | - | Baghdad"],
    ),
    (
        "A mob lynched a man accused of blasphemy in Sialkot on 3 December 2021.",
        "2021-12-04",
        &["reported | Mob violence | - | - | - | Sialkot"],
    ),
    (
        "The Sudanese army and the Rapid Support Forces agreed to a seven-day ceasefire in Jeddah on 20 May 2023.",
        "2023-05-21",
        &["reported | Agreement | - | - | - | Jeddah"],
    ),
    (
        "Iraqi police arrested three suspects in Kirkuk on 4 March 2015.",
        "2015-03-05",
        &["reported | Arrests | Police Forces of Iraq | - | - | Kirkuk"],
    ),
    (
        "Several rebel factions merged with Hayat Tahrir al-Sham in Idlib on 28 January 2017.",
        "2017-01-29",
        &["reported | Change to group/activity | - | - | - | Idlib"],
    ),
    (
        "Bomb disposal teams defused an explosive device on a road near Fallujah on Wednesday.",
        "2014-01-16",
        &["reported | Disrupted weapons use | - | - | - | near Fallujah"],
    ),
    (
        "Air defences intercepted two drones over Erbil on 11 January 2024.",
        "2024-01-12",
        &["reported | Disrupted weapons use | - | - | - | Erbil"],
    ),
    (
        "The Islamic State set up a base in Sirte in February 2015.",
        "2015-03-10",
        &["reported | Headquarters or base established | Islamic State | - | - | Sirte"],
    ),
    (
        "Militants looted shops and torched homes in Bashir on 12 June 2014.",
        "2014-06-13",
        &["reported | Looting/property destruction | - | - | - | -"],
    ),
    (
        "Kurdish forces withdrew from Kirkuk without a fight on 16 October 2017.",
        "2017-10-17",
        &["reported | Non-violent transfer of territory | Peshmerga | - | - | -"],
    ),
    (
        "Authorities imposed a curfew in Kirkuk on 16 October 2017.",
        "2017-10-17",
        &["reported | Other | - | - | - | Kirkuk"],
    ),
    (
        "A US airstrike hit a militia headquarters near al-Qaim on 29 December 2019, and Kata'ib Hezbollah fighters then clashed with Iraqi troops in Baghdad.",
        "2019-12-30",
        &[
            "reported | Air/drone strike | United States | - | - | near Al-Qaim",
            "reported | Armed clash | Kata'ib Hezbollah | Iraqi Security Forces | - | Baghdad",
        ],
    ),
    (
        "A car bomb exploded near a mosque in Hilla on Friday.\n\nOfficials said 12 people were killed.",
        "2014-03-10",
        &[
            "reported | Remote explosive/landmine/IED | - | - | - | Hillah",
            "reported | - | - | - | 12 | -",
        ],
    ),
    (
        "A car bomb exploded near a mosque in Hilla on Friday. Police said on Saturday that 12 people were killed and 30 wounded.",
        "2014-03-10",
        &[
            "reported | Remote explosive/landmine/IED | - | - | - | Hillah",
            "reported | Remote explosive/landmine/IED | - | - | 12 | Hillah",
        ],
    ),
    (
        "Kata'ib Hezbollah fighters fired rockets at a US base in Syria on 5 January 2024.",
        "2024-01-06",
        &[
            "reported | Shelling/artillery/missile attack | Kata'ib Hezbollah | United States | - | Syria",
        ],
    ),
    (
        "A US drone strike killed Qasem Soleimani, commander of the Quds Force, near Baghdad on 3 January 2020.",
        "2020-01-04",
        &["reported | Air/drone strike | United States | Qasem Soleimani | - | -"],
    ),
    (
        "Unknown gunmen killed two policemen in Kirkuk on Tuesday.",
        "2014-05-08",
        &[
            "reported | Armed clash | Unidentified armed group (Iraq) | Police Forces (Iraq) | 2 | Kirkuk",
        ],
    ),
    // Headlines: present tense, no articles, a count after the verb, a
    // source tag after a colon.
    (
        "Roadside bomb kills 6 in Samawah",
        "2014-06-01",
        &["reported | Remote explosive/landmine/IED | - | - | 6 | As Samawah"],
    ),
    (
        "Gunmen kill 3 soldiers near Baiji",
        "2014-06-01",
        &[
            "reported | Armed clash | Unidentified armed group (Iraq) | Military Forces (Iraq) | 3 | near Bayjī",
        ],
    ),
    (
        "Iraq blasts kill 39",
        "2014-06-01",
        &["reported | - | - | - | 39 | Iraq"],
    ),
    (
        "Yemen violence kills 19",
        "2016-02-01",
        &["reported | - | - | - | 19 | Yemen"],
    ),
    (
        "ISIS militants execute 15 villagers near Mosul",
        "2014-08-01",
        &["reported | Attack | Islamic State | Civilians (Iraq) | 15 | near Mosul"],
    ),
    (
        "Daesh fighters kill 7 Peshmerga in Sinjar clashes",
        "2014-08-01",
        &["reported | Armed clash | Islamic State | Peshmerga | 7 | Sinjar"],
    ),
    (
        "Iraqi police kill 4 bombers in Ramadi",
        "2014-06-01",
        &["reported | - | Police Forces of Iraq | Unidentified armed group (Iraq) | 4 | Ramadi"],
    ),
    (
        "Dozens of militants reported killed by warplanes in eastern Syria",
        "2015-10-01",
        &[
            "reported | Air/drone strike | - | Unidentified armed group (Syria) | 24 | eastern Syria",
        ],
    ),
    (
        "Two Kirkuk car bombs kill 11",
        "2014-06-01",
        &["reported | Remote explosive/landmine/IED | - | - | 11 | Kirkuk"],
    ),
    (
        "At least 19 people killed in blasts across Basra",
        "2014-06-01",
        &["reported | - | - | - | 19 | Basra"],
    ),
    (
        "Four suicide blasts kill 26 around Tuz Khurmatu",
        "2014-06-01",
        &["reported | Suicide bomb | - | - | 26 | Ţūz Khūrmātū"],
    ),
    (
        "IS suicide bomber kills 8 troops in Haditha",
        "2015-05-01",
        &["reported | Suicide bomb | Islamic State | Military Forces (Iraq) | 8 | Haditha"],
    ),
    (
        "Artillery fire wounds 6 children in Kobani",
        "2014-10-01",
        &["reported | Shelling/artillery/missile attack | - | Civilians (Syria) | - | Kobani"],
    ),
    (
        "Cleric threatens boycott as 12 killed in Diyala",
        "2014-06-01",
        &["reported | - | - | - | 12 | Diyala"],
    ),
    (
        "Blasts kill 7 on anniversary of uprising in Najaf",
        "2014-06-01",
        &["reported | - | - | - | 7 | Najaf"],
    ),
    (
        "Provincial officials: Blasts in Hilla kill 5",
        "2014-06-01",
        &["reported | - | - | - | 5 | Hillah"],
    ),
    (
        "Gunmen kill two guards at Mosul checkpoint: police",
        "2014-06-01",
        &["reported | Attack | Unidentified armed group (Iraq) | - | 2 | Mosul"],
    ),
    (
        "Shia militias kill 11 ISIL fighters near Tikrit",
        "2015-03-10",
        &["reported | - | Popular Mobilization Forces | Islamic State | 11 | near Tikrit"],
    ),
    (
        "Two Turkish soldiers die in PKK attack in Hakkari",
        "2015-08-01",
        &["reported | - | Kurdistan Workers' Party | Turkish Armed Forces | 2 | Hakkâri"],
    ),
];

/// Sentences that report no fresh event.
const NON_EVENTS: &[(&str, &str, &str)] = &[
    (
        "Iran denied any involvement in the drone attack on Tower 22 in Jordan.",
        "2024-01-29",
        "denial",
    ),
    (
        "Russia's defence ministry denied carrying out the strike on the railway station in Kramatorsk.",
        "2022-04-09",
        "denial",
    ),
    (
        "Hezbollah denied responsibility for the rocket fire on Metula on Tuesday.",
        "2023-10-11",
        "denial",
    ),
    (
        "No attack took place in Basra on Friday, police said.",
        "2014-03-10",
        "negation",
    ),
    (
        "The militia warned that US bases in Iraq will be targeted if the strikes continue.",
        "2024-01-30",
        "threat",
    ),
    (
        "Houthi leaders vowed to attack any ship heading to Israeli ports.",
        "2023-11-15",
        "threat",
    ),
    (
        "Iran threatened to strike Israel if it attacked Iranian nuclear sites.",
        "2024-04-20",
        "threat",
    ),
    (
        "The US embassy warned of possible attacks on hotels in Erbil.",
        "2023-10-20",
        "warning",
    ),
    (
        "A strike on the Mosul dam could kill thousands of people downstream.",
        "2016-03-01",
        "hypothetical",
    ),
    (
        "If the ceasefire collapses, fighting would resume in Khartoum within days.",
        "2023-05-25",
        "hypothetical",
    ),
    (
        "Analysts said a ground offensive on Rafah might cause heavy civilian casualties.",
        "2024-02-12",
        "hypothetical",
    ),
    (
        "Militants were plotting to bomb a shrine in Samarra, officials said.",
        "2014-06-20",
        "plan",
    ),
    (
        "Thousands gathered in Kerman to commemorate the killing of Qasem Soleimani.",
        "2021-01-03",
        "commemoration",
    ),
    (
        "Mourners marked the anniversary of the Camp Speicher massacre in Tikrit on Thursday.",
        "2016-06-12",
        "commemoration",
    ),
    (
        "Friday is the tenth anniversary of the fall of Mosul to the Islamic State.",
        "2024-06-08",
        "anniversary",
    ),
    (
        "Ten years ago, a truck bomb killed more than 300 people in Karrada.",
        "2026-07-03",
        "anniversary",
    ),
    (
        "Al Asad Airbase has been a target of rocket attacks before.",
        "2024-01-21",
        "background",
    ),
    (
        "Baghdad's Green Zone has often been hit by rockets in the past.",
        "2023-06-01",
        "background",
    ),
    (
        "Drone attacks typically cause fewer casualties than car bombs.",
        "2023-06-01",
        "analysis",
    ),
    (
        "In 2016 a truck bomb killed more than 300 people in Karrada, the deadliest attack of the war.",
        "2024-07-03",
        "background",
    ),
    (
        "Islamic State threatens to kill 20 hostages in Mosul",
        "2014-09-01",
        "threat (headline)",
    ),
    (
        "Officials deny that 40 were killed in Falluja air strike",
        "2015-01-10",
        "denial (headline)",
    ),
    (
        "Iraq marks anniversary of bombing that killed 300 in Karrada",
        "2017-07-03",
        "commemoration (headline)",
    ),
];

#[test]
fn every_case_yields_the_expected_reports() {
    let mut failures = Vec::new();
    for (text, published, expected) in CASES {
        let got: Vec<String> = common::reports(text, Some(published))
            .iter()
            .filter(|r| !r.tally)
            .map(line)
            .collect();
        if got != *expected {
            failures.push(format!(
                "{text}\n  expected {expected:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn non_events_yield_no_reported_event() {
    let mut failures = Vec::new();
    for (text, published, why) in NON_EVENTS {
        let reported: Vec<String> = common::reports(text, Some(published))
            .iter()
            .filter(|r| r.status == Status::Reported)
            .map(line)
            .collect();
        if !reported.is_empty() {
            failures.push(format!("{why}: {text}\n  got {reported:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_sub_event_type_is_recognised() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, _, expected) in CASES {
        for l in *expected {
            seen.insert(l.split(" | ").nth(1).unwrap().to_string());
        }
    }
    let missing: Vec<&str> = sitrep_core::TAXONOMY
        .iter()
        .flat_map(|(_, subs)| subs.iter().copied())
        .filter(|s| !seen.contains(*s))
        .collect();
    assert!(missing.is_empty(), "no case expects {missing:?}");
    assert!(CASES.len() + NON_EVENTS.len() >= 60);
}
