//! Compiles `data/gazetteer.tsv.gz` (written by `scripts/gazetteer/build.py`)
//! into lookup tables that the library includes as static bytes, so that
//! loading the gazetteer at run time costs nothing: an `fst` map from folded
//! name to a run of entry numbers, fixed-size entry records and a name blob.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

mod fold {
    include!("src/fold.rs");
}

/// Entry kinds, in the order the records are written.
const COUNTRY: u8 = 0;
const ADMIN1: u8 = 1;
const ADMIN2: u8 = 2;
const PLACE: u8 = 3;
const REGION: u8 = 4;
const NONE: u32 = u32::MAX;

struct Entry {
    kind: u8,
    country: [u8; 2],
    geonameid: u32,
    lat: f32,
    lon: f32,
    population: u32,
    admin1: u32,
    admin2: u32,
    name: String,
    aliases: Vec<String>,
}

fn main() {
    println!("cargo:rerun-if-changed=data/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed=src/fold.rs");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open("data/gazetteer.tsv.gz").unwrap())
        .read_to_string(&mut text)
        .expect("data/gazetteer.tsv.gz is gzip'd UTF-8");

    let mut entries: Vec<Entry> = Vec::new();
    let mut codes: HashMap<String, u32> = HashMap::new();
    let num = |s: &str| s.parse::<f32>().expect("a number");
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let aliases = |s: &str| {
            s.split('|')
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect()
        };
        let entry = match f[0] {
            "C" | "R" => {
                codes.insert(f[1].to_string(), entries.len() as u32);
                Entry {
                    kind: if f[0] == "C" { COUNTRY } else { REGION },
                    // A continent lies in no country.
                    country: if f[0] == "C" { cc(f[1]) } else { [0, 0] },
                    geonameid: f[2].parse().unwrap(),
                    name: f[3].to_string(),
                    lat: num(f[4]),
                    lon: num(f[5]),
                    population: f[6].parse().unwrap_or(0),
                    admin1: NONE,
                    admin2: NONE,
                    aliases: aliases(f[7]),
                }
            }
            "A" => {
                let code = f[1];
                let level = code.matches('.').count();
                let admin1 = if level == 2 {
                    codes
                        .get(&code[..code.rfind('.').unwrap()])
                        .copied()
                        .unwrap_or(NONE)
                } else {
                    NONE
                };
                codes.insert(code.to_string(), entries.len() as u32);
                Entry {
                    kind: if level == 1 { ADMIN1 } else { ADMIN2 },
                    country: cc(&code[..2]),
                    geonameid: f[2].parse().unwrap_or(0),
                    name: f[3].to_string(),
                    lat: num(f[4]),
                    lon: num(f[5]),
                    population: 0,
                    admin1,
                    admin2: NONE,
                    aliases: aliases(f[7]),
                }
            }
            "P" => {
                let country = f[3];
                let admin1 = codes
                    .get(&format!("{country}.{}", f[4]))
                    .copied()
                    .unwrap_or(NONE);
                let admin2 = codes.get(f[5]).copied().unwrap_or(NONE);
                Entry {
                    kind: PLACE,
                    country: cc(country),
                    geonameid: f[1].parse().unwrap(),
                    name: f[2].to_string(),
                    admin1,
                    admin2,
                    lat: num(f[6]),
                    lon: num(f[7]),
                    population: f[8].parse().unwrap_or(0),
                    aliases: aliases(f[9]),
                }
            }
            other => panic!("gazetteer: unknown row tag {other:?}"),
        };
        entries.push(entry);
    }

    let mut keyed: Vec<(String, u32)> = Vec::with_capacity(entries.len() * 4);
    let mut key = String::new();
    for (i, e) in entries.iter().enumerate() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            fold::fold_into(name, &mut key);
            if key.is_empty() {
                continue;
            }
            if let Some(stripped) = fold::strip_article(&key) {
                keyed.push((stripped.to_string(), i as u32));
            }
            keyed.push((key.clone(), i as u32));
        }
    }
    keyed.sort_unstable();
    keyed.dedup();

    let mut postings: Vec<u8> = Vec::new();
    let mut map = fst::MapBuilder::memory();
    let mut i = 0;
    while i < keyed.len() {
        let mut j = i;
        while j < keyed.len() && keyed[j].0 == keyed[i].0 {
            j += 1;
        }
        let mut ids: Vec<u32> = keyed[i..j].iter().map(|k| k.1).collect();
        // Most likely readings first: coarser units, then larger places.
        ids.sort_by_key(|&id| {
            let e = &entries[id as usize];
            (e.kind % REGION, std::cmp::Reverse(e.population))
        });
        ids.truncate(u16::MAX as usize);
        let value = ((postings.len() as u64 / 4) << 16) | ids.len() as u64;
        for id in ids {
            postings.extend_from_slice(&id.to_le_bytes());
        }
        map.insert(&keyed[i].0, value).unwrap();
        i = j;
    }

    let mut records: Vec<u8> = Vec::with_capacity(entries.len() * 36);
    let mut names = String::new();
    for e in &entries {
        records.push(e.kind);
        records.extend_from_slice(&e.country);
        records.push(0);
        records.extend_from_slice(&e.geonameid.to_le_bytes());
        records.extend_from_slice(&e.lat.to_le_bytes());
        records.extend_from_slice(&e.lon.to_le_bytes());
        records.extend_from_slice(&e.population.to_le_bytes());
        records.extend_from_slice(&e.admin1.to_le_bytes());
        records.extend_from_slice(&e.admin2.to_le_bytes());
        records.extend_from_slice(&(names.len() as u32).to_le_bytes());
        records.extend_from_slice(&(e.name.len() as u32).to_le_bytes());
        names.push_str(&e.name);
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("names.fst"), map.into_inner().unwrap()).unwrap();
    std::fs::write(out.join("postings.bin"), postings).unwrap();
    std::fs::write(out.join("entries.bin"), records).unwrap();
    std::fs::write(out.join("names.txt"), names).unwrap();
}

fn cc(code: &str) -> [u8; 2] {
    let b = code.as_bytes();
    [b[0], b[1]]
}
