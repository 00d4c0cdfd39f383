//! `eval gvc`: incident fusion against the Gun Violence Corpus (or gva_corpus) gold incidents.
//!
//! Each article is assigned the incident of its main event, by default the first violent
//! event report in its text (news leads with what it is about; arrests, threats, warnings and
//! claims follow the event they are about, so they count only when the article reports no
//! violent event); an article with no event report is alone. `--main-event dated` takes the
//! event with the earliest date the text states instead, the rule used before: it picks
//! background events ("Evans was arrested in August 2014 after …" in a 2016 murder story) and
//! scores lower on every corpus measured. B-cubed is computed over the articles of
//! the gold incidents, and for each gold incident the predicted incident most of its articles
//! went to is checked for exact killed and injured figures (`best`).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sightline_eval::bcubed::bcubed;

use crate::eval::{read_export, read_json_lines};
use crate::Outcome;

/// Arguments of `eval gvc`.
#[derive(clap::Args)]
pub struct EvalGvcArgs {
    /// Gold incidents (JSON Lines with `id`, `doc_ids`, `gold.num_killed`, `gold.num_injured`);
    /// repeat to pool splits.
    #[arg(long = "gold", required = true)]
    pub gold: Vec<PathBuf>,
    /// The export to score (`-` for stdin).
    pub export: PathBuf,
    /// Which of an article's events is its main event; see the module doc.
    #[arg(long, value_enum, default_value_t = MainEvent::First)]
    pub main_event: MainEvent,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How an article's main event is chosen; see the module doc.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MainEvent {
    /// The first violent event in the text.
    #[default]
    First,
    /// The event with the earliest date the text states, then the first in the text.
    Dated,
}

#[derive(Deserialize)]
struct GoldIncident {
    id: String,
    doc_ids: Vec<String>,
    #[serde(default)]
    gold: GoldFigures,
}

#[derive(Deserialize, Default)]
struct GoldFigures {
    num_killed: Option<u32>,
    num_injured: Option<u32>,
}

/// What `eval gvc` measures.
#[derive(Serialize)]
pub struct Report {
    pub articles: usize,
    pub gold_incidents: usize,
    pub articles_with_an_event: usize,
    pub predicted_clusters: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub singleton_f1: f64,
    pub figures_exact: usize,
    pub figures_share: f64,
}

/// Runs `eval gvc`.
pub fn run(args: &EvalGvcArgs) -> anyhow::Result<Outcome> {
    let report = score(&args.gold, &args.export, args.main_event)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{} articles in {} gold incidents; {} articles have an event report; {} predicted clusters.",
            report.articles, report.gold_incidents, report.articles_with_an_event, report.predicted_clusters
        )?;
        writeln!(
            stdout,
            "B-cubed  P {:.1}  R {:.1}  F1 {:.1}   (every article alone: F1 {:.1})",
            report.precision, report.recall, report.f1, report.singleton_f1
        )?;
        writeln!(
            stdout,
            "Killed and injured exact for {} of {} incidents ({:.1} %).",
            report.figures_exact, report.gold_incidents, report.figures_share
        )?;
    }
    Ok(Outcome::Success)
}

/// Scores the export at `export` against the gold incidents in `gold` (files pooled).
pub fn score(gold: &[PathBuf], export: &Path, main_rule: MainEvent) -> anyhow::Result<Report> {
    let mut gold_incidents = Vec::new();
    for path in gold {
        gold_incidents.extend(read_json_lines::<GoldIncident>(path, "a gold incident")?);
    }
    let export = read_export(export)?;
    // Gold article id -> gold incident.
    let mut gold: HashMap<String, String> = HashMap::new();
    for incident in &gold_incidents {
        for doc in &incident.doc_ids {
            gold.insert(doc.clone(), incident.id.clone());
        }
    }
    // Export document id -> article id (the input's `id`).
    let article_of: HashMap<&str, &str> = export
        .documents
        .iter()
        .filter_map(|document| Some((document.id.as_str(), document.source.id.as_deref()?)))
        .collect();
    // Main event of each article (see the module doc): violent events before arrests, threats,
    // warnings and claims, which follow the event they are about; then, by the rule chosen, the
    // date the text states; then the position in the text.
    let mut main_event: HashMap<&str, ((bool, String, usize), &str)> = HashMap::new();
    for event in &export.events {
        let Some(article) = article_of.get(event.doc.as_str()) else { continue };
        // The first span is the event's own sentence; later ones cite figures told elsewhere.
        let start = event.evidence.first().map_or(usize::MAX, |span| span.start);
        let stated_date = match main_rule {
            MainEvent::First => String::new(),
            MainEvent::Dated => event
                .date
                .as_ref()
                .filter(|date| !date.text.is_empty())
                .and_then(|date| date.value.clone())
                .unwrap_or_else(|| "9999".to_string()),
        };
        let follow_up = matches!(event.event_type.as_str(), "arrest" | "threat" | "warning" | "claim");
        let key = (follow_up, stated_date, start);
        let slot = main_event.entry(article).or_insert((key.clone(), event.id.as_str()));
        if key < slot.0 {
            *slot = (key, event.id.as_str());
        }
    }
    let incident_of_event: HashMap<&str, &str> = export
        .incidents
        .iter()
        .flat_map(|incident| incident.events.iter().map(move |event| (event.as_str(), incident.id.as_str())))
        .collect();
    let predicted: HashMap<String, String> = main_event
        .iter()
        .filter_map(|(article, (_, event))| {
            let incident = incident_of_event.get(event)?;
            Some((article.to_string(), incident.to_string()))
        })
        .filter(|(article, _)| gold.contains_key(article))
        .collect();
    let score = bcubed(&predicted, &gold);
    let singleton = bcubed(&HashMap::<String, String>::new(), &gold);
    let figures_of: HashMap<&str, (Option<u32>, Option<u32>)> = export
        .incidents
        .iter()
        .map(|incident| (incident.id.as_str(), (incident.killed.best, incident.injured.best)))
        .collect();
    let mut figures_exact = 0;
    for incident in &gold_incidents {
        let mut votes: HashMap<&str, usize> = HashMap::new();
        for doc in &incident.doc_ids {
            if let Some(predicted) = predicted.get(doc) {
                *votes.entry(predicted.as_str()).or_default() += 1;
            }
        }
        let chosen = votes.into_iter().max_by_key(|(id, count)| (*count, std::cmp::Reverse(*id)));
        let Some((chosen, _)) = chosen else { continue };
        let (killed, injured) = figures_of.get(chosen).copied().unwrap_or_default();
        // An incident that states no figure said nobody was killed or hurt only if the gold says 0.
        if killed.unwrap_or(0) == incident.gold.num_killed.unwrap_or(0)
            && injured.unwrap_or(0) == incident.gold.num_injured.unwrap_or(0)
        {
            figures_exact += 1;
        }
    }
    let clusters: std::collections::HashSet<&String> = predicted.values().collect();
    let report = Report {
        articles: gold.len(),
        gold_incidents: gold_incidents.len(),
        articles_with_an_event: predicted.len(),
        predicted_clusters: clusters.len() + (gold.len() - predicted.len()),
        precision: score.precision * 100.0,
        recall: score.recall * 100.0,
        f1: score.f1 * 100.0,
        singleton_f1: singleton.f1 * 100.0,
        figures_exact,
        figures_share: 100.0 * figures_exact as f64 / gold_incidents.len().max(1) as f64,
    };
    Ok(report)
}
