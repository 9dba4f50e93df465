//! Resolution speed and memory on generated reports.
//!
//! `cargo bench -p sitrep-resolve` resolves 25,000, 50,000 and 100,000
//! generated reports (about five per event, eight per document, about ten
//! events a day, 400 sites and 60 attackers, with the mix of known and
//! unknown dates and places that real extraction yields) on one thread and
//! prints the time, reports per second and the heap grown, so that "100,000
//! reports in under 60 s, memory growing no faster than linearly" is checked
//! in the same run at three sizes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use sitrep_core::{
    Actor, ActorKind, ActorRole, DateInfo, DatePrecision, Evidence, Figure, FigureKind, Location,
    LocationPrecision, Qualifier, Record, RecordKind, Stance, Status,
};

/// Counts live heap bytes and their peak, to report memory per size.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SUB_TYPES: [&str; 4] = [
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Armed clash",
];

fn generate(n: usize) -> Vec<Record> {
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let origin = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let events = n / 5;
    let mut reports = Vec::with_capacity(n);
    for i in 0..n {
        let event = rng.below(events as u64);
        // Each event has a fixed truth; reports see parts of it.
        let mut truth = Rng(event.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        // A constant density of about ten events a day (a busy conflict
        // feed), so that larger inputs mean a longer period, as real corpora
        // do, rather than ever more events on the same days.
        let days = (events as u64 / 10).max(1);
        let day = origin + Duration::days(truth.below(days) as i64);
        let site = truth.below(400);
        let attacker = truth.below(60);
        let sub = SUB_TYPES[truth.below(4) as usize];
        let killed = truth.below(30);
        let doc = format!("d_{:016x}", (i / 8) as u64);
        let evidence = Evidence {
            doc_id: doc.clone(),
            start: (i % 8) * 300,
            end: (i % 8) * 300 + 200,
            text: "generated".into(),
        };
        let date = match rng.below(10) {
            0..=6 => DateInfo {
                start: Some(day),
                end: Some(day),
                precision: DatePrecision::Day,
                text: None,
            },
            7 => DateInfo {
                start: Some(day - Duration::days(15)),
                end: Some(day + Duration::days(15)),
                precision: DatePrecision::Month,
                text: None,
            },
            _ => DateInfo::unknown(),
        };
        let lat = 30.0 + (site % 20) as f64 * 0.5;
        let lon = 38.0 + (site / 20) as f64 * 0.5;
        let location = match rng.below(10) {
            0..=3 => Location {
                name: Some(format!("site {site}")),
                country: Some("IQ".into()),
                admin1: Some(format!("province {}", site % 18)),
                lat: Some(lat),
                lon: Some(lon),
                precision: LocationPrecision::Facility,
                text: None,
                kb_id: Some(format!("f_{site}")),
                ..Location::unknown()
            },
            4..=6 => Location {
                name: Some(format!("town {}", site / 4)),
                country: Some("IQ".into()),
                admin1: Some(format!("province {}", site % 18)),
                lat: Some(lat),
                lon: Some(lon),
                precision: LocationPrecision::Town,
                text: None,
                kb_id: Some(format!("t_{}", site / 4)),
                ..Location::unknown()
            },
            7..=8 => Location {
                name: Some("Iraq".into()),
                country: Some("IQ".into()),
                precision: LocationPrecision::Country,
                kb_id: Some("c_iq".into()),
                ..Location::unknown()
            },
            _ => Location::unknown(),
        };
        let mut actors = Vec::new();
        if rng.below(2) == 0 {
            actors.push(Actor {
                name: format!("group {attacker}"),
                role: ActorRole::Attacker,
                kind: ActorKind::ArmedGroup,
                country: Some(format!("C{}", attacker % 10)),
                kb_id: Some(format!("g_{attacker}")),
            });
        }
        let figures = if rng.below(3) == 0 {
            vec![Figure {
                kind: FigureKind::Killed,
                low: Some(killed),
                high: Some(killed),
                qualifier: Qualifier::Exact,
                subject: None,
                claimant: None,
                stance: Stance::Report,
                evidence: evidence.clone(),
            }]
        } else {
            Vec::new()
        };
        reports.push(Record {
            id: format!("r_{i:016x}"),
            record: RecordKind::Report,
            doc_id: doc.clone(),
            doc_ids: vec![doc],
            report_ids: Vec::new(),
            event_type: sitrep_core::event_type_of(sub).map(String::from),
            sub_event_type: Some(sub.into()),
            status: Status::Reported,
            date,
            location,
            actors,
            weapons: Vec::new(),
            figures,
            evidence: vec![evidence],
            tally: false,
            ledger: Vec::new(),
        });
    }
    reports
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep it cheap then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if quick {
        &[2_000]
    } else {
        &[25_000, 50_000, 100_000]
    };
    println!(
        "{:>9} {:>9} {:>10} {:>12} {:>14}",
        "reports", "events", "seconds", "reports/s", "peak heap MiB"
    );
    for &n in sizes {
        let reports = generate(n);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let events = sitrep_resolve::resolve(&reports);
        let seconds = started.elapsed().as_secs_f64();
        let peak = (PEAK.load(Ordering::Relaxed) - before) as f64 / (1024.0 * 1024.0);
        println!(
            "{n:>9} {:>9} {seconds:>10.2} {:>12.0} {peak:>14.1}",
            events.len(),
            n as f64 / seconds
        );
        assert!(!events.is_empty());
    }
}
