//! `sitrep-bench <what>`: the project's benchmarks, on data outside the
//! repository (`../shared/bench/…`), kept out of the `sitrep` binary that
//! users run. Each prints its metrics and its speed measured in the same
//! run; none is a test (speed targets live here, not in timed unit tests).

mod articles;
mod corpus;
mod dates;
mod events;
mod geo;
mod nlp;
mod scale;
mod time;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "sitrep-bench",
    version,
    about = "sitrep's benchmarks: quality and speed of each stage on shared data sets."
)]
struct Cli {
    /// A knowledge-base folder to use instead of the built-in one.
    #[arg(long, global = true, env = "SITREP_KB", value_name = "DIR")]
    kb: Option<PathBuf>,
    #[command(subcommand)]
    what: BenchCommand,
}

#[derive(Subcommand, Clone)]
enum BenchCommand {
    /// Article-body extraction on a ScrapingHub-style set (DIR/ground-truth.json, DIR/html/<id>.html.gz):
    /// shingle precision, recall, F1 with 95% bootstrap intervals, pages per second (one thread).
    Articles {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Fail (exit 1) when F1 is below the number in this file (the CI gate).
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Also write one JSON line per page (id, precision, recall) to FILE.
        #[arg(long, value_name = "FILE")]
        pages: Option<PathBuf>,
        /// Score another tool's output instead of running sitrep: a JSON object {id: text}.
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
    },
    /// Publication dates on an htmldate-style set (DIR/eval_*.json, DIR/html/<file>.gz):
    /// precision, recall, accuracy, pages per second (one thread).
    Dates {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// List the pages whose date was wrong or missing.
        #[arg(long)]
        misses: bool,
    },
    /// Toponym resolution on a TR-News-style set (DIR/TR-News.xml): accuracy@161 km on gold
    /// toponyms, end-to-end precision/recall/F1, toponyms per second (one thread).
    Geo {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// List the gold toponyms placed wrongly or not found, and the wrong finds.
        #[arg(long)]
        misses: bool,
    },
    /// The temporal tagger on Recognizers-Text's English DateTime specification
    /// (DIR/DateTimeModel.json, DateParser.json, DatePeriodParser.json, DurationParser.json):
    /// share of expected date, date-range and duration values reproduced; which cases are
    /// applicable and why is printed with the figures.
    Time {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// List the cases whose values were not reproduced.
        #[arg(long)]
        misses: bool,
    },
    /// Event coding on UCDP GED rows with a source headline (FILE, CSV): share of rows with a
    /// violent event, type of violence, place within 50 km, killed figure in [low, high], sides;
    /// a confusion table of the failures; extraction speed in sentences per second (one thread).
    Events {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Show examples of each kind of failure.
        #[arg(long)]
        misses: bool,
    },
    /// Writes a synthetic corpus of COUNT short reports (text files with a header block) into
    /// DIR, the same for the same seed: input for scale benchmarks of ingest and the store.
    Corpus {
        /// How many documents.
        #[arg(value_name = "COUNT")]
        count: usize,
        /// The folder to write them into (created if needed).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// What one document costs as the store grows: builds stores of generated documents (kept
    /// in DIR) and times adding a new document (write and incremental resolution) and
    /// re-adding a stored one, with bytes written.
    Scale {
        /// Where the stores are built and kept.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Store sizes, in documents.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        sizes: Vec<usize>,
    },
    /// Throughput of the whole nlp stage in MB of text per second on one core, on PATH (files
    /// or folders; default: the built-in example corpus), repeated for a stable figure.
    Nlp {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

/// mimalloc, as in the `sitrep` binary, so throughput figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,html5ever=error"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .init();
    match run(cli.what, cli.kb.as_deref()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one benchmark. `kb_dir` is the global `--kb` (benchmarks of the
/// stages that need the knowledge base load it from there).
fn run(cmd: BenchCommand, kb_dir: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let kb = || sitrep::load_kb(kb_dir);
    match cmd {
        BenchCommand::Articles {
            dir,
            baseline,
            pages,
            predictions,
        } => articles::run(
            &dir,
            baseline.as_deref(),
            pages.as_deref(),
            predictions.as_deref(),
        ),
        BenchCommand::Dates { dir, misses } => dates::run(&dir, misses),
        BenchCommand::Geo { dir, misses } => geo::run(&dir, &kb()?, misses),
        BenchCommand::Time { dir, misses } => time::run(&dir, misses),
        BenchCommand::Events { file, misses } => events::run(&file, &kb()?, misses),
        BenchCommand::Nlp { paths } => nlp::run(&kb()?, &paths),
        BenchCommand::Corpus { count, dir, seed } => corpus::run(count, seed, &dir),
        BenchCommand::Scale { dir, sizes } => scale::run(&dir, &sizes),
    }
}
