//! Writers of [`Record`]s: JSON Lines, ACLED-like CSV and GeoJSON.
//!
//! * **JSON Lines** — one contract JSON object per line, exactly as
//!   `docs/schema.md` specifies: the lossless format.
//! * **CSV** — one row per record under ACLED-like column names
//!   ([`CSV_COLUMNS`]), for spreadsheets and tools built for ACLED data.
//!   Lists are `;`-joined. Figures are claims, not facts, so `fatalities`
//!   comes with `fatalities_disputed` and every figure is spelled out with
//!   its claimant in `claims`.
//! * **GeoJSON** — an RFC 7946 `FeatureCollection` with one `Point` feature
//!   per record whose location has coordinates. A record without
//!   coordinates is never placed at a guessed point (a country centroid
//!   would put a false dot on the map); its id goes into the collection's
//!   top-level `"unlocated"` array instead (a foreign member, which GeoJSON
//!   readers ignore), so nothing is silently dropped.

use std::fmt;
use std::io::{BufWriter, Write};
use std::str::FromStr;

use serde_json::json;
use sitrep_core::{
    DateInfo, DatePrecision, Figure, FigureKind, LocationPrecision, Qualifier, Record,
};
use tracing::debug;

use crate::contract_str;
use crate::error::ExportError;

/// An output format of [`export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// ACLED-like columns, one row per record.
    Csv,
    /// The record contract, one JSON object per line.
    Jsonl,
    /// An RFC 7946 FeatureCollection of the records with coordinates.
    Geojson,
}

impl FromStr for ExportFormat {
    type Err = ExportError;

    /// `csv`, `jsonl` or `geojson`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "jsonl" => Ok(ExportFormat::Jsonl),
            "geojson" => Ok(ExportFormat::Geojson),
            _ => Err(ExportError::UnknownFormat(s.to_owned())),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Geojson => "geojson",
        })
    }
}

/// Writes `records` to `out` in `format`. Output is buffered here, so `out`
/// may be a bare file or stdout.
pub fn export(
    records: &[Record],
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut exporter = Exporter::new(format, out)?;
    for record in records {
        exporter.write(record)?;
    }
    exporter.finish()?;
    Ok(())
}

/// Writes records one at a time, so an export of any size streams from the
/// store without holding every record: [`Exporter::new`] writes the header,
/// [`Exporter::write`] one record, [`Exporter::finish`] the trailer.
pub struct Exporter<'w> {
    format: ExportFormat,
    sink: Sink<'w>,
    written: usize,
}

enum Sink<'w> {
    Jsonl(BufWriter<&'w mut dyn Write>),
    // Boxed: the CSV writer carries its own buffer, several times larger
    // than the other variants.
    Csv(Box<csv::Writer<BufWriter<&'w mut dyn Write>>>),
    Geojson {
        out: BufWriter<&'w mut dyn Write>,
        first: bool,
        /// Ids of records without coordinates: the collection's trailer.
        unlocated: Vec<String>,
    },
}

impl<'w> Exporter<'w> {
    /// Starts an export to `out` (buffered here).
    pub fn new(format: ExportFormat, out: &'w mut dyn Write) -> Result<Exporter<'w>, ExportError> {
        let mut out = BufWriter::new(out);
        let sink = match format {
            ExportFormat::Jsonl => Sink::Jsonl(out),
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(CSV_COLUMNS)?;
                Sink::Csv(Box::new(writer))
            }
            ExportFormat::Geojson => {
                out.write_all(br#"{"type":"FeatureCollection","features":["#)?;
                Sink::Geojson {
                    out,
                    first: true,
                    unlocated: Vec::new(),
                }
            }
        };
        Ok(Exporter {
            format,
            sink,
            written: 0,
        })
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> Result<(), ExportError> {
        match &mut self.sink {
            Sink::Jsonl(out) => write_jsonl_line(record, out)?,
            Sink::Csv(writer) => writer.write_record(csv_row(record))?,
            Sink::Geojson {
                out,
                first,
                unlocated,
            } => match coordinates(record) {
                Some(lon_lat) => {
                    if !*first {
                        out.write_all(b",")?;
                    }
                    *first = false;
                    serde_json::to_writer(&mut *out, &feature(record, lon_lat))
                        .map_err(|e| json_error(&record.id, e))?;
                }
                // Never placed at a guessed point: listed in the trailer.
                None => unlocated.push(record.id.clone()),
            },
        }
        self.written += 1;
        Ok(())
    }

    /// Writes the trailer and flushes; returns how many records were written.
    pub fn finish(self) -> Result<usize, ExportError> {
        match self.sink {
            Sink::Jsonl(mut out) => out.flush()?,
            Sink::Csv(mut writer) => writer.flush()?,
            Sink::Geojson {
                mut out, unlocated, ..
            } => {
                out.write_all(br#"],"unlocated":"#)?;
                serde_json::to_writer(&mut out, &unlocated)
                    .map_err(|e| json_error("unlocated", e))?;
                out.write_all(b"}\n")?;
                out.flush()?;
            }
        }
        debug!(records = self.written, format = %self.format, "exported");
        Ok(self.written)
    }
}

/// serde_json reports a failing writer as its own error; keep it an I/O one.
fn json_error(id: &str, error: serde_json::Error) -> ExportError {
    if error.is_io() {
        ExportError::Io(error.into())
    } else {
        ExportError::Json {
            id: id.to_owned(),
            error,
        }
    }
}

fn write_jsonl_line(record: &Record, out: &mut impl Write) -> Result<(), ExportError> {
    serde_json::to_writer(&mut *out, record).map_err(|e| json_error(&record.id, e))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The CSV header, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "event_date_end",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_disputed",
    "notes",
    "sources",
    "report_ids",
    "claims",
    "tally",
];

/// ACLED's `time_precision` code for a date:
///
/// * `1` — one known day (`day` precision, no range or a one-day range);
/// * `2` — a span of at most a week: `week` precision, or a `day`-precision
///   range of 2 to 7 days;
/// * `3` — anything coarser: `month`, `year`, a `day` range longer than a
///   week, and `unknown` (whose `event_date` is then empty, so the code
///   does not pretend to a month).
pub fn acled_time_precision(date: &DateInfo) -> u8 {
    match (date.precision, date.start, date.end) {
        (_, None, _) => 3,
        (DatePrecision::Day, Some(start), Some(end)) if (end - start).num_days() > 6 => 3,
        (DatePrecision::Day, Some(start), Some(end)) if end > start => 2,
        (DatePrecision::Day, _, _) => 1,
        (DatePrecision::Week, _, _) => 2,
        (DatePrecision::Month | DatePrecision::Year | DatePrecision::Unknown, _, _) => 3,
    }
}

/// ACLED's `geo_precision` code for a location precision: `1` a facility or
/// town, `2` a district (`admin2`), `3` a province, country or region;
/// `None` when the location is unknown.
pub fn acled_geo_precision(precision: LocationPrecision) -> Option<u8> {
    match precision {
        LocationPrecision::Facility | LocationPrecision::Town => Some(1),
        LocationPrecision::Admin2 => Some(2),
        LocationPrecision::Admin1 | LocationPrecision::Country | LocationPrecision::Region => {
            Some(3)
        }
        LocationPrecision::Unknown => None,
    }
}

/// The stated range of a figure: an exact figure without `high` is `low..low`.
fn figure_range(f: &Figure) -> (Option<u64>, Option<u64>) {
    match (f.qualifier, f.low, f.high) {
        (Qualifier::Exact, Some(low), None) => (Some(low), Some(low)),
        _ => (f.low, f.high),
    }
}

/// The `fatalities` cell and `fatalities_disputed`: the lowest `low` of all
/// killed figures (denials included: "no one was killed" is a stated 0), or
/// `None` without any; disputed when the killed figures do not all state
/// the same range.
pub fn fatalities(record: &Record) -> (Option<u64>, bool) {
    let killed: Vec<&Figure> = record
        .figures
        .iter()
        .filter(|f| f.kind == FigureKind::Killed)
        .collect();
    let lowest = killed.iter().filter_map(|f| f.low).min();
    let disputed = killed.first().is_some_and(|first| {
        killed
            .iter()
            .any(|f| figure_range(f) != figure_range(first))
    });
    (lowest, disputed)
}

/// A figure's number as stated: `80` exact, `80+` at least, `>80` more
/// than, `~80` about, `<=80` up to, `80-100` a range, and a trailing `?`
/// for an unbounded vague amount ("dozens"); `?` alone when no number.
fn figure_value(f: &Figure) -> String {
    let num = |v: Option<u64>| v.map_or_else(|| "?".to_owned(), |v| v.to_string());
    let range = match figure_range(f) {
        (Some(low), Some(high)) if low != high => format!("{low}-{high}"),
        (low @ Some(_), _) => num(low),
        (None, high) => num(high),
    };
    match f.qualifier {
        Qualifier::Exact => range,
        Qualifier::AtLeast => format!("{}+", num(f.low.or(f.high))),
        Qualifier::MoreThan => format!(">{}", num(f.low.or(f.high))),
        Qualifier::About => format!("~{range}"),
        Qualifier::UpTo => format!("<={}", num(f.high.or(f.low))),
        Qualifier::Unknown if range == "?" => range,
        Qualifier::Unknown => format!("{range}?"),
    }
}

/// Every figure as `kind=value (claimant, stance)`, `; `-joined, e.g.
/// `killed=80+ (Iranian state television, claim); killed=0 (US military,
/// denial)`; an unattributed figure's claimant reads `unattributed`.
pub fn claims(record: &Record) -> String {
    record
        .figures
        .iter()
        .map(|f| {
            format!(
                "{}={} ({}, {})",
                contract_str(&f.kind),
                figure_value(f),
                f.claimant.as_deref().unwrap_or("unattributed"),
                contract_str(&f.stance)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`,
/// `@`, or a tab or carriage return before one) gets a leading `'`, as the
/// OWASP guidance on CSV injection recommends: text from a page reaches an
/// analyst's spreadsheet as text, never as `=HYPERLINK(…)`. Numeric columns
/// written by sitrep itself (coordinates, counts, codes) are left as they
/// are, so a negative longitude stays a number.
pub fn neutralise_cell(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

fn csv_row(r: &Record) -> Vec<String> {
    let attackers: Vec<&str> = r.attackers().map(|a| a.name.as_str()).collect();
    let targets: Vec<&str> = r.targets().map(|a| a.name.as_str()).collect();
    // ACLED's actor1 is the principal actor; the rest are associated actors,
    // `; `-joined as ACLED does.
    let first_and_rest = |names: &[&str]| match names.split_first() {
        Some((first, rest)) => (first.to_string(), rest.join("; ")),
        None => (String::new(), String::new()),
    };
    let (actor1, assoc1) = first_and_rest(&attackers);
    let (actor2, assoc2) = first_and_rest(&targets);
    let (fatal, disputed) = fatalities(r);
    let loc = &r.location;
    let text = neutralise_cell;
    vec![
        text(r.id.clone()),
        opt(r.date.start),
        opt(r.date.end),
        acled_time_precision(&r.date).to_string(),
        text(opt(r.event_type.as_ref())),
        text(opt(r.sub_event_type.as_ref())),
        text(actor1),
        text(assoc1),
        text(actor2),
        text(assoc2),
        text(opt(loc.country.as_ref())),
        text(opt(loc.admin1.as_ref())),
        text(opt(loc.name.as_ref())),
        opt(loc.lat),
        opt(loc.lon),
        opt(acled_geo_precision(loc.precision)),
        opt(fatal),
        disputed.to_string(),
        text(opt(r.evidence.first().map(|e| &e.text))),
        text(r.doc_ids.join(";")),
        text(r.report_ids.join(";")),
        text(claims(r)),
        r.tally.to_string(),
    ]
}

/// `[lon, lat]` (GeoJSON's order) when both are present and on the globe.
fn coordinates(r: &Record) -> Option<[f64; 2]> {
    let (lat, lon) = (r.location.lat?, r.location.lon?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some([lon, lat])
}

fn feature(r: &Record, lon_lat: [f64; 2]) -> serde_json::Value {
    let (fatal, disputed) = fatalities(r);
    let actors: Vec<serde_json::Value> = r
        .actors
        .iter()
        .map(|a| json!({ "name": a.name, "role": a.role, "kb_id": a.kb_id }))
        .collect();
    json!({
        "type": "Feature",
        "id": r.id,
        "geometry": { "type": "Point", "coordinates": lon_lat },
        "properties": {
            "id": r.id,
            "record": r.record,
            "event_type": r.event_type,
            "sub_event_type": r.sub_event_type,
            "status": r.status,
            "date_start": r.date.start,
            "date_end": r.date.end,
            "date_precision": r.date.precision,
            "location": r.location.name,
            "admin1": r.location.admin1,
            "country": r.location.country,
            "precision": r.location.precision,
            "actors": actors,
            "figures": claims(r),
            "fatalities": fatal,
            "fatalities_disputed": disputed,
            "tally": r.tally,
            "doc_ids": r.doc_ids,
            "report_ids": r.report_ids,
            "ledger": r.ledger,
        }
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn formula_cells_are_neutralised_and_numbers_kept() {
        for (cell, expected) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+HYPERLINK(1)", "'+HYPERLINK(1)"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Kyiv", "Kyiv"),
            ("", ""),
        ] {
            assert_eq!(neutralise_cell(cell.to_string()), expected);
        }
        let mut record = testutil::event("e_1", &["r_1"]);
        record.location.name = Some("=HYPERLINK(\"http://evil.example\",\"click\")".into());
        record.location.lon = Some(-73.5);
        record.actors[0].name = "@cmd".into();
        record.evidence[0].text = "-2+3 people were hurt".into();
        let csv = run(&[record], ExportFormat::Csv);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        let column = |name: &str| {
            let i = CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
            row[i].to_string()
        };
        assert!(column("location").starts_with("'="));
        assert_eq!(column("actor1"), "'@cmd");
        assert!(column("notes").starts_with("'-2+3"));
        assert_eq!(column("longitude"), "-73.5");
    }
    use super::*;
    use crate::testutil;
    use chrono::NaiveDate;
    use sitrep_core::{Evidence, Stance};

    fn run(records: &[Record], format: ExportFormat) -> String {
        let mut buf = Vec::new();
        export(records, format, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn format_names_parse_and_print() {
        for (name, format) in [
            ("csv", ExportFormat::Csv),
            ("jsonl", ExportFormat::Jsonl),
            ("GeoJSON", ExportFormat::Geojson),
        ] {
            assert_eq!(name.parse::<ExportFormat>().unwrap(), format);
            assert_eq!(format.to_string(), name.to_ascii_lowercase());
        }
        let err = "xml".parse::<ExportFormat>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unknown export format "xml" (expected csv, jsonl or geojson)"#
        );
    }

    #[test]
    fn jsonl_round_trips_every_record() {
        let records = vec![
            testutil::event("e_1", &["r_1"]),
            testutil::vague_event("e_2", &["r_2"]),
        ];
        let text = run(&records, ExportFormat::Jsonl);
        assert!(text.ends_with('\n'));
        let back: Vec<Record> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(back, records);
    }

    #[test]
    fn csv_has_the_acled_header_and_spells_out_conflicting_figures() {
        let conflicting = testutil::event("e_1", &["r_1", "r_2"]);
        let plain = testutil::vague_event("e_2", &["r_3"]);
        let text = run(&[conflicting, plain], ExportFormat::Csv);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        let cell = |row: &csv::StringRecord, col: &str| {
            let i = CSV_COLUMNS.iter().position(|c| *c == col).unwrap();
            row[i].to_owned()
        };

        let row = &rows[0];
        assert_eq!(cell(row, "event_id_cnty"), "e_1");
        assert_eq!(cell(row, "event_date"), "2020-01-08");
        assert_eq!(cell(row, "event_date_end"), "2020-01-08");
        assert_eq!(cell(row, "time_precision"), "1");
        assert_eq!(cell(row, "event_type"), "Explosions/Remote violence");
        assert_eq!(
            cell(row, "sub_event_type"),
            "Shelling/artillery/missile attack"
        );
        assert_eq!(cell(row, "actor1"), "Islamic Revolutionary Guard Corps");
        assert_eq!(cell(row, "assoc_actor_1"), "Iran");
        assert_eq!(cell(row, "actor2"), "United States Armed Forces");
        assert_eq!(cell(row, "assoc_actor_2"), "");
        assert_eq!(cell(row, "country"), "IQ");
        assert_eq!(cell(row, "admin1"), "Al Anbar");
        assert_eq!(cell(row, "location"), "Ain al-Asad Air Base");
        assert_eq!(cell(row, "latitude").parse::<f64>().unwrap(), 33.7856);
        assert_eq!(cell(row, "longitude").parse::<f64>().unwrap(), 42.4412);
        assert_eq!(cell(row, "geo_precision"), "1");
        // 80+ claimed, 0 denied: the lowest stated figure, flagged disputed.
        assert_eq!(cell(row, "fatalities"), "0");
        assert_eq!(cell(row, "fatalities_disputed"), "true");
        assert_eq!(cell(row, "notes"), testutil::SENTENCE);
        assert_eq!(cell(row, "sources"), "d_alpha;d_beta");
        assert_eq!(cell(row, "report_ids"), "r_1;r_2");
        assert_eq!(
            cell(row, "claims"),
            "killed=80+ (Iranian state television, claim); \
             killed=0 (US military, denial); \
             missiles=15 (unattributed, report)"
        );
        assert_eq!(cell(row, "tally"), "false");

        let row = &rows[1];
        assert_eq!(cell(row, "event_id_cnty"), "e_2");
        assert_eq!(cell(row, "event_date"), "");
        assert_eq!(cell(row, "time_precision"), "3");
        assert_eq!(cell(row, "latitude"), "");
        assert_eq!(cell(row, "geo_precision"), "");
        assert_eq!(cell(row, "fatalities"), "");
        assert_eq!(cell(row, "fatalities_disputed"), "false");
        assert_eq!(cell(row, "claims"), "");
    }

    #[test]
    fn time_precision_follows_acled_codes() {
        let d = |start: Option<&str>, end: Option<&str>, precision| DateInfo {
            start: start.map(date),
            end: end.map(date),
            precision,
            text: None,
        };
        use DatePrecision::*;
        assert_eq!(acled_time_precision(&d(Some("2020-01-08"), None, Day)), 1);
        let one_day = d(Some("2020-01-08"), Some("2020-01-08"), Day);
        assert_eq!(acled_time_precision(&one_day), 1);
        let week_of_days = d(Some("2020-01-08"), Some("2020-01-14"), Day);
        assert_eq!(acled_time_precision(&week_of_days), 2);
        let eight_days = d(Some("2020-01-08"), Some("2020-01-15"), Day);
        assert_eq!(acled_time_precision(&eight_days), 3);
        let week = d(Some("2020-01-06"), Some("2020-01-12"), Week);
        assert_eq!(acled_time_precision(&week), 2);
        let month = d(Some("2020-01-01"), Some("2020-01-31"), Month);
        assert_eq!(acled_time_precision(&month), 3);
        let year = d(Some("2020-01-01"), Some("2020-12-31"), Year);
        assert_eq!(acled_time_precision(&year), 3);
        assert_eq!(acled_time_precision(&DateInfo::unknown()), 3);
    }

    #[test]
    fn geo_precision_follows_acled_codes() {
        use LocationPrecision::*;
        let codes: Vec<Option<u8>> = [Facility, Town, Admin2, Admin1, Country, Region, Unknown]
            .into_iter()
            .map(acled_geo_precision)
            .collect();
        assert_eq!(
            codes,
            [Some(1), Some(1), Some(2), Some(3), Some(3), Some(3), None]
        );
    }

    #[test]
    fn figure_values_show_their_qualifier() {
        let fig = |qualifier, low, high| Figure {
            kind: FigureKind::Killed,
            low,
            high,
            qualifier,
            subject: None,
            claimant: None,
            stance: Stance::Report,
            evidence: Evidence {
                doc_id: "d_1".into(),
                start: 0,
                end: 1,
                text: "x".into(),
            },
        };
        use Qualifier::*;
        let cases = [
            (fig(Exact, Some(3), None), "3"),
            (fig(Exact, Some(3), Some(3)), "3"),
            (fig(Exact, Some(3), Some(5)), "3-5"),
            (fig(AtLeast, Some(80), None), "80+"),
            (fig(MoreThan, Some(100), None), ">100"),
            (fig(About, Some(40), None), "~40"),
            (fig(UpTo, None, Some(12)), "<=12"),
            (fig(Unknown, Some(24), Some(99)), "24-99?"),
            (fig(Unknown, None, None), "?"),
        ];
        for (figure, want) in cases {
            assert_eq!(figure_value(&figure), want, "{figure:?}");
        }
        // Same range stated twice is not a dispute; "3" vs "3-5" is.
        let mut r = testutil::event("e_1", &["r_1"]);
        r.figures = vec![fig(Exact, Some(3), None), fig(Exact, Some(3), Some(3))];
        assert_eq!(fatalities(&r), (Some(3), false));
        r.figures.push(fig(Exact, Some(3), Some(5)));
        assert_eq!(fatalities(&r), (Some(3), true));
    }

    #[test]
    fn geojson_places_located_records_and_lists_the_rest() {
        let located = testutil::event("e_1", &["r_1"]);
        let unlocated = testutil::vague_event("e_2", &["r_2"]);
        let mut second = testutil::event("e_3", &["r_3"]);
        second.location.lat = Some(-12.5);
        second.location.lon = Some(130.25);
        let text = run(&[located, unlocated, second], ExportFormat::Geojson);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["type"], "FeatureCollection");
        let features = doc["features"].as_array().unwrap();
        assert_eq!(features.len(), 2);
        assert_eq!(doc["unlocated"], json!(["e_2"]));

        let f = &features[0];
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        // GeoJSON is [longitude, latitude].
        assert_eq!(f["geometry"]["coordinates"], json!([42.4412, 33.7856]));
        let p = &f["properties"];
        assert_eq!(p["id"], "e_1");
        assert_eq!(p["event_type"], "Explosions/Remote violence");
        assert_eq!(p["date_start"], "2020-01-08");
        assert_eq!(p["date_precision"], "day");
        assert_eq!(p["location"], "Ain al-Asad Air Base");
        assert_eq!(p["precision"], "facility");
        assert_eq!(p["country"], "IQ");
        assert_eq!(p["actors"][0]["name"], "Islamic Revolutionary Guard Corps");
        assert_eq!(p["actors"][0]["role"], "attacker");
        assert!(
            p["figures"]
                .as_str()
                .unwrap()
                .contains("killed=0 (US military, denial)")
        );
        assert_eq!(p["fatalities_disputed"], true);
        assert_eq!(p["tally"], false);
        assert_eq!(p["doc_ids"], json!(["d_alpha", "d_beta"]));
        assert_eq!(
            features[1]["geometry"]["coordinates"],
            json!([130.25, -12.5])
        );
    }

    #[test]
    fn geojson_refuses_coordinates_off_the_globe_and_keeps_empty_lists() {
        let mut swapped = testutil::event("e_1", &["r_1"]);
        swapped.location.lat = Some(120.0); // a longitude in the latitude slot
        let text = run(&[swapped], ExportFormat::Geojson);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["features"], json!([]));
        assert_eq!(doc["unlocated"], json!(["e_1"]));

        let doc: serde_json::Value =
            serde_json::from_str(&run(&[], ExportFormat::Geojson)).unwrap();
        assert_eq!(
            doc,
            json!({"type": "FeatureCollection", "features": [], "unlocated": []})
        );
    }

    /// A sink that fails, like a closed pipe.
    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "pipe closed",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "pipe closed",
            ))
        }
    }

    #[test]
    fn write_failures_are_reported() {
        let records = [testutil::event("e_1", &["r_1"])];
        for format in [
            ExportFormat::Jsonl,
            ExportFormat::Csv,
            ExportFormat::Geojson,
        ] {
            let err = export(&records, format, &mut Broken).unwrap_err();
            assert!(err.to_string().contains("pipe closed"), "{format}: {err}");
        }
    }
}
