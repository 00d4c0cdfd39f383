//! Command-line flags as typed, and their conversion into library configs.
//!
//! clap records what was typed; the `*_options` functions here validate it and build the
//! library's config structs, so no command module parses flags itself.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sightline turns news pages into a cited, deduplicated record of political violence.
#[derive(Parser)]
#[command(name = "sightline", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args)]
pub struct GlobalArgs {
    /// The store: an SQLite file, created if missing.
    #[arg(long, global = true, env = "SIGHTLINE_DB", default_value = "sightline.db")]
    pub db: PathBuf,
    /// No progress bar and no per-input messages on stderr (the summary still prints).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read pages into the store: files, folders (recursively), `-` for stdin.
    Ingest(IngestArgs),
    /// Ingest, then report what was read: documents, titles, dates, sources, skipped inputs.
    Analyze(IngestArgs),
    /// Write the store's records in the output contract's format.
    Export(ExportArgs),
    /// Full-text search over stored documents, best match first.
    Search(SearchArgs),
    /// Score an export against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure speed and quality beside the peer tools on the same pages.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Train a model.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Tag named entities in already tokenized text.
    Tag(TagArgs),
    /// Serve the store over HTTP: a JSON API (`/api/openapi.json` describes it) and a web UI.
    Serve(ServeArgs),
}

#[derive(Subcommand)]
pub enum TrainCommand {
    /// A named-entity model from CoNLL files (gold tag in the last column, IOB1 or IOB2).
    Ner(TrainNerArgs),
    /// The name lists of the ner tagger's gazetteer features, from GeoNames and actor lists.
    Gazetteer(TrainGazetteerArgs),
    /// Word clusters for the ner tagger, learned from unlabeled text.
    Clusters(TrainClustersArgs),
}

#[derive(Args)]
pub struct TrainClustersArgs {
    /// CoNLL files whose first column is read as text (labels ignored).
    #[arg(long)]
    pub conll: Vec<PathBuf>,
    /// JSON Lines files whose records' `title` and `text` are read.
    #[arg(long)]
    pub jsonl: Vec<PathBuf>,
    /// Numbers of classes, one table column each (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [64usize, 256])]
    pub classes: Vec<usize>,
    /// Words seen fewer times get no cluster.
    #[arg(long, default_value_t = 3)]
    pub min_count: u64,
    /// Most passes of the exchange algorithm (it stops early when no word moves).
    #[arg(long, default_value_t = 10)]
    pub passes: usize,
    /// Where to write the table.
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct TrainGazetteerArgs {
    /// The GeoNames folder (`countries.json`, `admin1CodesASCII.txt`, `cities1000.json.gz`).
    #[arg(long)]
    pub geo: PathBuf,
    /// The actors folder (`petrarch2/`, `ucdp/`).
    #[arg(long)]
    pub actors: PathBuf,
    /// The knowledge base's hand-kept actor table (`data/kb/actors-extra.tsv`): its names and
    /// aliases are listed too.
    #[arg(long)]
    pub actors_extra: Option<PathBuf>,
    /// Smallest population of a listed city.
    #[arg(long, default_value_t = 15_000)]
    pub min_population: u64,
    /// Smallest population of a city whose alternate names are listed too (most alternates of
    /// small towns are transliterations no English text uses).
    #[arg(long, default_value_t = 100_000)]
    pub min_population_alternates: u64,
    /// Where to write the lists (`name<TAB>class` lines).
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct TrainNerArgs {
    /// Training data, CoNLL columns; repeat to train on several files (documents of all).
    #[arg(long, required = true)]
    pub train: Vec<PathBuf>,
    /// Training data annotated with PER, ORG and LOC only (UNER): its `O` tokens are read as
    /// "O or MISC" (see `sightline_nlp::ner::LabeledSentence::misc_unannotated`); repeatable.
    #[arg(long)]
    pub train_partial: Vec<PathBuf>,
    /// How many times each `--train-partial` document is trained on per epoch.
    #[arg(long, default_value_t = 1)]
    pub partial_copies: usize,
    /// Held-out data: each epoch is scored on it and the best epoch is kept.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Seed for shuffling and for picking the sentences also trained on in capitals.
    #[arg(long, default_value_t = 2003)]
    pub seed: u64,
    /// log2 of the number of feature buckets (18: 4.7 MB a stage).
    #[arg(long, default_value_t = 18)]
    pub bucket_bits: u32,
    /// Share of documents also trained on in capitals, in thousandths.
    #[arg(long, default_value_t = 150)]
    pub upper_case_per_mille: u64,
    /// 1: one tagger (the shipped model); 2: a second tagger reads the first one's tags across
    /// each document (better on CoNLL, worse on other text and 40 % slower; see
    /// `data/ner/README.md`).
    #[arg(long, default_value_t = 1)]
    pub stages: usize,
    /// With two stages: parts the training documents are split into, so that the second stage
    /// learns from first-stage tags of documents the first stage did not see.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Share of documents also trained on with a title ("Mr", "Dr.") before each person's
    /// name, in thousandths: CoNLL-2003 has almost none, and "Mr Osborne" is otherwise read
    /// as one name.
    #[arg(long, default_value_t = 0)]
    pub title_per_mille: u64,
    /// Where to write the model.
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct TagArgs {
    /// Input format.
    #[arg(long, value_enum, default_value_t = TagFormat::Conll)]
    pub format: TagFormat,
    /// A model file from `sightline train ner`; without it, the embedded model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// The file to tag; `-` reads standard input.
    pub input: PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum TagFormat {
    /// A token per line in the first column, blank lines between sentences, `-DOCSTART-`
    /// lines between documents; each token line is written back with its predicted IOB2 tag
    /// as one more column.
    Conll,
}

#[derive(Args, Clone)]
pub struct IngestArgs {
    /// Files or folders to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How to read the inputs; `auto` looks at the content first, then the file name.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub format: InputFormat,
    /// Largest page read (a file, a WARC record or a JSON Lines line, after decompression);
    /// larger ones are skipped. Accepts K, M and G suffixes (powers of 1024); at most 1G.
    #[arg(long, default_value = "16M", value_parser = parse_size)]
    pub max_page_size: u64,
    /// The text inputs are already article text (a corpus of extracted articles, such as the
    /// benchmarks' JSON Lines): keep every line instead of removing boilerplate; headline, date
    /// and credit lines are still read. HTML is cleaned either way.
    #[arg(long)]
    pub keep_every_line: bool,
    /// Pages written per transaction (1 to 65536).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub batch_size: u32,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum InputFormat {
    Auto,
    Text,
    Html,
    Warc,
    Jsonl,
    Feed,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExportFormat {
    /// One JSON record per line; `kind` says which.
    Jsonl,
    /// One row per incident, in GTD-like columns.
    Csv,
    /// A STIX 2.1 bundle: actors, identities, locations, incidents, reports, relationships.
    Stix,
    /// A GeoJSON FeatureCollection of the incidents that have coordinates.
    Geojson,
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words to find; punctuation is taken literally (`ISIS-K` works).
    #[arg(required = true)]
    pub query: Vec<String>,
    /// Most results shown.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Allow an address other than loopback: anyone who can reach it can read the store.
    #[arg(long)]
    pub allow_remote: bool,
    /// Token that write endpoints (POST /api/ingest) require as `Authorization: Bearer TOKEN`;
    /// without one they are disabled.
    #[arg(long, env = "SIGHTLINE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Main-content extraction: shingle F1 of an export against the article-extraction benchmark.
    Extraction(EvalExtractionArgs),
    /// Document-level expectations of the seed corpus (title, dateline, credit, date, removed,
    /// kept, listing split).
    Seeds(EvalSeedsArgs),
    /// Named entities: conlleval's entity-level precision, recall and F1 per type and micro.
    Ner(EvalNerArgs),
    /// Incident fusion: B-cubed of articles grouped into incidents, and exact figures, against
    /// Gun Violence Corpus gold incidents.
    Gvc(crate::eval_gvc::EvalGvcArgs),
    /// Place resolution: accuracy of country and place for the gold event locations of MUC-4
    /// templates and Gun Violence Corpus incidents, resolved with the document as context.
    Places(EvalPlacesArgs),
    /// MUC-4 role fillers: GRIT's per-role and micro P/R/F1 of an export's event records against
    /// a MUC-4 `docs_<split>.jsonl` (documents join the gold by their input `id`).
    Muc4(EvalMuc4Args),
}

#[derive(Args)]
pub struct EvalPlacesArgs {
    /// The events folder of the shared data (holding `muc4/` and `gvc/`).
    #[arg(long, default_value = "../shared/data/events")]
    pub data: PathBuf,
    /// Which split to read (`train` or `dev`).
    #[arg(long, default_value = "train")]
    pub split: String,
    /// List the first N locations resolved wrongly in each data set.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct EvalMuc4Args {
    /// The MUC-4 documents with their gold (`docs_dev.jsonl`, `docs_train.jsonl`).
    #[arg(long)]
    pub gold: PathBuf,
    /// An export (JSON Lines) of those documents, ingested with `--format jsonl`; `-` reads
    /// standard input.
    pub export: PathBuf,
    /// Print scores as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct EvalNerArgs {
    /// CoNLL columns whose last column is the predicted tag and the one before it the gold tag
    /// (the output of `sightline tag` on a gold file); `-` reads standard input.
    pub input: PathBuf,
    /// Score only these entity types (comma-separated, e.g. `PER,ORG,LOC`); others count as O
    /// in both gold and prediction.
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// Print scores as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct EvalExtractionArgs {
    /// The benchmark's `ground-truth.json`.
    #[arg(long)]
    pub gold: PathBuf,
    /// An export (JSON Lines) of the benchmark's pages; `-` reads standard input.
    pub export: PathBuf,
    /// List the N lowest-scoring pages.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
    /// Print scores as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct EvalSeedsArgs {
    /// The seed corpus's `seeds-gold.json`.
    #[arg(long)]
    pub gold: PathBuf,
    /// An export (JSON Lines) of the seed pages; `-` reads standard input.
    pub export: PathBuf,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Pages per second and F1 of main-content extraction on the article-extraction benchmark,
    /// beside trafilatura (Python) on the same pages when it is installed.
    Extraction(BenchExtractionArgs),
    /// Named-entity tagging speed on one thread, as a ratio to spaCy en_core_web_sm.
    Ner(BenchNerArgs),
    /// The whole analysis of a JSON Lines corpus from scratch, and adding its last documents to
    /// a store holding the rest, with peak memory and B-cubed against gold incidents.
    Corpus(BenchCorpusArgs),
}

#[derive(Args)]
pub struct BenchCorpusArgs {
    /// Documents, one JSON object a line (the benchmarks' `docs_*.jsonl`).
    pub input: PathBuf,
    /// How many of the last documents to add to a store holding the others.
    #[arg(long, default_value_t = 100)]
    pub add: usize,
    /// Gold incidents (as for `eval gvc`); repeat to pool files.
    #[arg(long)]
    pub gold: Vec<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct BenchNerArgs {
    /// A CoNLL file (tokens in the first column) or, with `--text`, plain text.
    pub input: PathBuf,
    /// The input is plain text: split it into tokens and sentences first (timed too).
    #[arg(long)]
    pub text: bool,
    /// Passes over the input; the fastest counts.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct BenchExtractionArgs {
    /// The benchmark folder (with `html/`, `flattened/txt/` and `ground-truth.json`).
    pub benchmark: PathBuf,
    /// The peer to run beside Sightline.
    #[arg(long, value_enum, default_value_t = Peer::Trafilatura)]
    pub peer: Peer,
    /// Passes over the pages for each system; the fastest counts.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// The Python interpreter that has the peer installed.
    #[arg(long, default_value = "python3")]
    pub python: String,
    /// Print results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// trafilatura's `extract`, one process, one core.
    Trafilatura,
    /// Sightline alone.
    None,
}

/// The largest `--max-page-size` accepted.
const MAX_PAGE_SIZE: u64 = 1 << 30;

/// Parses sizes such as `4096`, `64K`, `16M`, `1G` (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, multiplier) = match text.char_indices().last() {
        Some((index, unit)) if unit.is_ascii_alphabetic() => {
            let multiplier = match unit.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("unknown size unit {unit:?}: use K, M or G")),
            };
            (&text[..index], multiplier)
        }
        _ => (text, 1),
    };
    let number: u64 = digits.trim().parse().map_err(|_| format!("{text:?} is not a size such as 16M"))?;
    let size = number.checked_mul(multiplier).ok_or_else(|| format!("{text:?} is too large"))?;
    // The cleaner addresses text with 32-bit offsets, and no news page comes near this size.
    if size > MAX_PAGE_SIZE {
        return Err(format!("{text:?} is larger than the most a page may be (1G)"));
    }
    Ok(size)
}

impl IngestArgs {
    /// The pipeline options these flags ask for.
    pub fn options(&self) -> sightline_pipeline::IngestOptions {
        let format = match self.format {
            InputFormat::Auto => sightline_ingest::Format::Auto,
            InputFormat::Text => sightline_ingest::Format::Text,
            InputFormat::Html => sightline_ingest::Format::Html,
            InputFormat::Warc => sightline_ingest::Format::Warc,
            InputFormat::Jsonl => sightline_ingest::Format::Jsonl,
            InputFormat::Feed => sightline_ingest::Format::Feed,
        };
        sightline_pipeline::IngestOptions {
            ingest: sightline_ingest::IngestConfig { format, max_page_bytes: self.max_page_size },
            clean: sightline_clean::CleanConfig {
                keep_every_line: self.keep_every_line,
                ..Default::default()
            },
            batch_size: self.batch_size.max(1) as usize,
            collect_documents: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("16m"), Ok(16 << 20));
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("lots").is_err());
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("2G").is_err());
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
