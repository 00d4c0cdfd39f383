//! The `sightline` binary: parses arguments, runs one command, maps the outcome to an exit code.
//!
//! Exit codes: 0 success; 1 the command ran but skipped some inputs (each was reported on
//! stderr); 2 the command failed. A closed pipe on stdout (`sightline export | head`) is success.

mod args;
mod bench;
mod bench_corpus;
mod eval;
mod eval_events;
mod eval_gvc;
mod eval_places;
mod export;
mod ingest;
mod output;
mod progress;
mod search;
mod seed_entities;
mod serve;
mod tag;
mod train;

use std::process::ExitCode;

use clap::Parser;

/// What a command that finished wants the process to report.
pub enum Outcome {
    /// Everything worked.
    Success,
    /// The command finished but skipped this many inputs or records.
    Partial(usize),
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SIGHTLINE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial(_)) => ExitCode::from(1),
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sightline: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        args::Command::Ingest(command) => ingest::run_ingest(&cli.global, &command),
        args::Command::Analyze(command) => ingest::run_analyze(&cli.global, &command),
        args::Command::Export(command) => export::run(&cli.global, &command),
        args::Command::Search(command) => search::run(&cli.global, &command),
        args::Command::Eval(command) => eval::run(&command),
        args::Command::Bench(command) => bench::run(&command),
        args::Command::Train(command) => train::run(&command, cli.global.quiet),
        args::Command::Tag(command) => tag::run(&command),
        args::Command::Serve(command) => serve::run(&cli.global, &command),
    }
}
