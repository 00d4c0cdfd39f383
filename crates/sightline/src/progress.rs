//! Progress on a terminal: a bar over inputs while ingesting, nothing when stderr is piped.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sightline_pipeline::{Observer, Skip};

/// Shows a progress bar and prints skipped inputs as they happen.
pub struct TerminalProgress {
    bar: Option<ProgressBar>,
    pages: u64,
    quiet: bool,
}

impl TerminalProgress {
    /// A bar on stderr when it is a terminal and `quiet` is off; otherwise skips are still
    /// printed (unless `quiet`), one line each, so logs keep them.
    pub fn new(quiet: bool) -> TerminalProgress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} inputs, {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        });
        TerminalProgress { bar, pages: 0, quiet }
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Observer for TerminalProgress {
    fn started(&mut self, inputs: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(inputs as u64);
            bar.set_message("0 pages");
        }
    }

    fn input_finished(&mut self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn pages_stored(&mut self, pages: usize) {
        self.pages += pages as u64;
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} pages", self.pages));
        }
    }

    fn skipped(&mut self, skip: &Skip) {
        if self.quiet {
            return;
        }
        let line = format!("sightline: skipped {}", skip.message);
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

/// A bar over the documents being analysed (on a terminal, unless `quiet`): analysis is the
/// slow part of the first run after an ingest or an upgrade.
pub struct AnalysisProgress {
    bar: Option<ProgressBar>,
}

impl AnalysisProgress {
    /// A bar on stderr when it is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> AnalysisProgress {
        AnalysisProgress::counting(quiet, "analysed")
    }

    /// The bar of fusion: documents read for it (the rest takes little time).
    pub fn fusing(quiet: bool) -> AnalysisProgress {
        AnalysisProgress::counting(quiet, "read for fusion")
    }

    fn counting(quiet: bool, done: &str) -> AnalysisProgress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} [{{bar:30}}] {{pos}}/{{len}} documents {done} ({{elapsed}})"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        AnalysisProgress { bar }
    }

    /// `done` of `total` documents are analysed.
    pub fn update(&self, done: usize, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
