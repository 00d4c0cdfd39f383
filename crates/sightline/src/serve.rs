//! `sightline serve`: the JSON API and web UI over the store.

use std::io::Write;
use std::time::Instant;

use anyhow::{bail, Context};
use sightline_server::{AppState, ServerConfig};

use crate::args::{GlobalArgs, ServeArgs};
use crate::Outcome;

/// Analyses the store, then serves until the process is stopped.
pub fn run(global: &GlobalArgs, args: &ServeArgs) -> anyhow::Result<Outcome> {
    if !args.addr.ip().is_loopback() {
        if !args.allow_remote {
            bail!(
                "refusing to listen on {}, which other machines may reach: pass --allow-remote to do so, \
                 or listen on 127.0.0.1",
                args.addr
            );
        }
        eprintln!(
            "sightline: warning: listening on {}: anyone who can reach it can read every stored document",
            args.addr
        );
    }
    let token = args.token.clone().filter(|token| !token.is_empty());
    if token.is_none() && !global.quiet {
        eprintln!("sightline: writing over HTTP is disabled (no --token or SIGHTLINE_TOKEN)");
    }
    // The usual message when there is no store yet, rather than serving an empty new one.
    drop(crate::output::open_existing_store(global)?);
    let started = Instant::now();
    let state = AppState::open(&global.db, ServerConfig { token }).context("could not prepare the server")?;
    let snapshot = state.snapshot();
    if !global.quiet {
        eprintln!(
            "sightline: analysed {} documents, {} entities in {:.1}s",
            snapshot.documents.len(),
            snapshot.entities.len(),
            started.elapsed().as_secs_f64()
        );
    }
    drop(snapshot);
    sightline_server::serve_blocking(args.addr, state, |address| {
        // Printed on stdout and flushed, so a script (or a test) that asked for port 0 can
        // read where the server is.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on http://{address}/");
        let _ = stdout.flush();
    })
    .context("the server stopped")?;
    Ok(Outcome::Success)
}
