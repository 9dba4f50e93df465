//! A synthetic news corpus for scale benchmarks (store queries,
//! incremental ingest, workers) and for tests that need many documents.
//!
//! Each document is a short report written from templates of our own:
//! an attack by one of a list of armed actors on a town from a list of real
//! places, on a date in 2019–2024, with figures and claimants, plus filler
//! sentences. Choices come from a seeded generator (SplitMix64), so the same
//! `N` and `--seed` give the same files on every machine; every document
//! carries its own numbers, names and order of sentences, so documents are
//! not near-duplicates of each other.

use chrono::{Duration, NaiveDate};

/// SplitMix64: tiny, fast and stable across releases (the corpus must not
/// change when a dependency does).
pub struct Rng(u64);

impl Rng {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// (town, country) pairs the gazetteer knows.
const TOWNS: &[(&str, &str)] = &[
    ("Mosul", "Iraq"),
    ("Kirkuk", "Iraq"),
    ("Ramadi", "Iraq"),
    ("Fallujah", "Iraq"),
    ("Tikrit", "Iraq"),
    ("Baqubah", "Iraq"),
    ("Samarra", "Iraq"),
    ("Basra", "Iraq"),
    ("Erbil", "Iraq"),
    ("Sulaymaniyah", "Iraq"),
    ("Aleppo", "Syria"),
    ("Idlib", "Syria"),
    ("Homs", "Syria"),
    ("Hama", "Syria"),
    ("Deir ez-Zor", "Syria"),
    ("Raqqa", "Syria"),
    ("Daraa", "Syria"),
    ("Qamishli", "Syria"),
    ("Kharkiv", "Ukraine"),
    ("Kherson", "Ukraine"),
    ("Zaporizhzhia", "Ukraine"),
    ("Mykolaiv", "Ukraine"),
    ("Odesa", "Ukraine"),
    ("Dnipro", "Ukraine"),
    ("Sumy", "Ukraine"),
    ("Chernihiv", "Ukraine"),
    ("Kramatorsk", "Ukraine"),
    ("Sloviansk", "Ukraine"),
    ("Aden", "Yemen"),
    ("Taiz", "Yemen"),
    ("Marib", "Yemen"),
    ("Hodeidah", "Yemen"),
    ("Sanaa", "Yemen"),
    ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"),
    ("Baidoa", "Somalia"),
    ("Beledweyne", "Somalia"),
    ("Kandahar", "Afghanistan"),
    ("Herat", "Afghanistan"),
    ("Kunduz", "Afghanistan"),
    ("Jalalabad", "Afghanistan"),
    ("Ghazni", "Afghanistan"),
    ("Maiduguri", "Nigeria"),
    ("Kaduna", "Nigeria"),
    ("Gao", "Mali"),
    ("Timbuktu", "Mali"),
    ("Mopti", "Mali"),
    ("El Fasher", "Sudan"),
    ("Nyala", "Sudan"),
    ("Goma", "Democratic Republic of the Congo"),
    ("Bunia", "Democratic Republic of the Congo"),
    ("Beni", "Democratic Republic of the Congo"),
    ("Ouagadougou", "Burkina Faso"),
    ("Djibo", "Burkina Faso"),
    ("Peshawar", "Pakistan"),
    ("Quetta", "Pakistan"),
    ("Benghazi", "Libya"),
    ("Misrata", "Libya"),
];

const ARMED_GROUPS: &[&str] = &[
    "Islamic State",
    "al-Shabaab",
    "the Taliban",
    "Boko Haram",
    "Hayat Tahrir al-Sham",
    "the Houthis",
    "Kata'ib Hezbollah",
    "the Rapid Support Forces",
    "unidentified gunmen",
    "armed men",
];

const WEAPONS: &[&str] = &[
    "a car bomb",
    "a roadside bomb",
    "a drone",
    "mortar shells",
    "rockets",
    "a suicide bomber",
    "artillery fire",
    "a missile",
];

const TARGETS: &[&str] = &[
    "an army checkpoint",
    "a police station",
    "a crowded market",
    "a military convoy",
    "a government building",
    "a mosque",
    "a bus station",
    "a militia base",
];

const CLAIMANTS: &[&str] = &[
    "a local official",
    "the provincial governor",
    "a police spokesman",
    "the health ministry",
    "hospital sources",
    "a military statement",
];

const FILLER: &[&str] = &[
    "Residents said the blast shattered windows several streets away.",
    "Ambulances took the wounded to the main hospital, where doctors appealed for blood donations.",
    "Security forces sealed off the area and began searching nearby houses.",
    "Aid agencies said many families had already fled the district in recent weeks.",
    "Shops in the area stayed closed on the following day.",
    "The government condemned the attack and promised to find those responsible.",
    "Witnesses described hearing gunfire for about half an hour afterwards.",
    "Local television showed burned vehicles and debris scattered across the road.",
    "The region has seen a rise in violence since the start of the year.",
    "Officials said an investigation had been opened.",
];

const GIVEN_NAMES: &[&str] = &[
    "Ahmed", "Maryam", "Yusuf", "Olena", "Ibrahim", "Fatima", "Omar", "Hassan", "Amina", "Dmytro",
    "Khalid", "Layla", "Samir", "Nadia", "Abdi", "Halima", "Tariq", "Zainab", "Mustafa", "Iryna",
];

const FAMILY_NAMES: &[&str] = &[
    "al-Jubouri",
    "Hassan",
    "Kovalenko",
    "Abdullahi",
    "Rahimi",
    "Mohammed",
    "Bondarenko",
    "Osman",
    "Haidari",
    "Salih",
    "Yusufzai",
    "Diallo",
    "Traore",
    "Nur",
    "Aziz",
    "Karimi",
];

const ROLES: &[&str] = &[
    "a shopkeeper",
    "a teacher",
    "a taxi driver",
    "a nurse",
    "a student",
    "a farmer",
    "a local council member",
    "a mechanic",
];

const SCENES: &[&str] = &[
    "smoke rising above the rooftops",
    "people running towards the river",
    "a second explosion minutes later",
    "soldiers firing into the air",
    "cars abandoned in the middle of the road",
    "a crowd gathering outside the hospital",
    "power lines down across the street",
    "children being carried out of a nearby school",
];

const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// One generated document: (file name, contents with a header block).
pub fn document(rng: &mut Rng, n: usize) -> (String, String) {
    let (town, country) = *rng.pick(TOWNS);
    let attacker = *rng.pick(ARMED_GROUPS);
    let weapon = *rng.pick(WEAPONS);
    let target = *rng.pick(TARGETS);
    let claimant = *rng.pick(CLAIMANTS);
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    let day = start + Duration::days(rng.below(6 * 365) as i64);
    let published = day + Duration::days(1 + rng.below(2) as i64);
    let killed = 1 + rng.below(40);
    let injured = killed + rng.below(60);
    let other_killed = *rng.pick(NUMBER_WORDS);
    let date_text = day.format("%B %-d, %Y");
    let title = format!(
        "{} killed in attack on {} in {town} (report {n})",
        killed,
        target.trim_start_matches("a ").trim_start_matches("an ")
    );
    let mut sentences = vec![
        format!(
            "{} attacked {target} in {town}, {country}, on {date_text}, killing {killed} people and wounding {injured} others, {claimant} said.",
            capitalise(attacker)
        ),
        format!(
            "The attack was carried out with {weapon}, according to {claimant}, who gave the toll on condition of anonymity in report number {n}."
        ),
        format!(
            "{} later claimed responsibility in a statement, saying {other_killed} of its fighters had also died.",
            capitalise(attacker)
        ),
    ];
    sentences.push(rng.pick(FILLER).to_string());
    // Witnesses with names, jobs and scenes of their own: the words that
    // make each document its own text.
    for _ in 0..(4 + rng.below(3)) {
        sentences.push(format!(
            "{} {}, {}, said {} saw {} at about {}:{:02}.",
            rng.pick(GIVEN_NAMES),
            rng.pick(FAMILY_NAMES),
            rng.pick(ROLES),
            ["he", "she"][rng.below(2)],
            rng.pick(SCENES),
            1 + rng.below(12),
            rng.below(60)
        ));
    }
    sentences.push(format!(
        "The agency's count showed {} such incidents near {town} this year, with {} people displaced.",
        4 + rng.below(30),
        100 * (1 + rng.below(90))
    ));
    // The lead stays first; the rest in an order of the document's own.
    for i in (2..sentences.len()).rev() {
        let j = 1 + rng.below(i);
        sentences.swap(i, j);
    }
    let body = sentences.join(" ");
    let text = format!("Title: {title}\nPublished: {published}\n\n{body}\n");
    (format!("report-{n:06}.txt"), text)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `count` documents from `seed`, as (file name, contents).
pub fn documents(count: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    (0..count).map(|n| document(&mut rng, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let make = |seed| {
            let mut rng = Rng::new(seed);
            (0..20).map(|n| document(&mut rng, n)).collect::<Vec<_>>()
        };
        assert_eq!(make(7), make(7));
        assert_ne!(make(7), make(8));
    }

    #[test]
    fn documents_are_not_near_duplicates() {
        let mut rng = Rng::new(1);
        let docs: Vec<String> = (0..300).map(|n| document(&mut rng, n).1).collect();
        let signatures: Vec<_> = docs.iter().map(|d| signature(d)).collect();
        let mut copies = 0;
        for i in 0..docs.len() {
            for j in i + 1..docs.len() {
                copies += usize::from(signatures[i].near_duplicate(&signatures[j]));
            }
        }
        assert_eq!(copies, 0);
    }

    fn signature(text: &str) -> sitrep_resolve::dedup::Signature {
        sitrep_resolve::dedup::Signature::of(text).expect("long enough to sign")
    }
}
