//! The one state every handler shares: the store, the snapshot built from it, the models and
//! the configuration.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use sightline_pipeline::analysis::Analyzer;
use sightline_store::Store;

use crate::error::ApiError;
use crate::snapshot::Snapshot;
use crate::Error;

/// What the server is allowed to do.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// The token write endpoints require (`Authorization: Bearer TOKEN`); `None` turns them off.
    pub token: Option<String>,
}

/// Cheap to clone: every clone shares the same store and snapshot.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

/// Read connections opened beside the writer: a long search must not hold up a document page.
/// SQLite in WAL mode lets readers run beside each other and beside the writer.
const READERS: usize = 4;

struct Shared {
    /// The connection that writes (and reads, when there are no others); its calls run on the
    /// blocking pool.
    store: Mutex<Store>,
    /// Connections for reading, used in turn; empty for an in-memory store, which no second
    /// connection can see.
    readers: Vec<Mutex<Store>>,
    next_reader: AtomicUsize,
    /// Swapped whole after a write, so a request sees one consistent snapshot from start to end.
    snapshot: RwLock<Arc<Snapshot>>,
    analyzer: Analyzer,
    config: ServerConfig,
}

impl AppState {
    /// Opens the store at `path` with its read connections, loads the models and builds the
    /// first snapshot (seconds on a large corpus).
    pub fn open(path: &Path, config: ServerConfig) -> Result<AppState, Error> {
        let store = Store::open(path)?;
        let readers = (0..READERS).map(|_| Store::open(path)).collect::<Result<Vec<Store>, _>>()?;
        AppState::with_readers(store, readers, config)
    }

    /// Serves `store` through its one connection (an in-memory store, in tests).
    pub fn new(store: Store, config: ServerConfig) -> Result<AppState, Error> {
        AppState::with_readers(store, Vec::new(), config)
    }

    fn with_readers(store: Store, readers: Vec<Store>, config: ServerConfig) -> Result<AppState, Error> {
        let analyzer = Analyzer::embedded()?;
        let mut store = store;
        analyse_unanalysed(&mut store, &analyzer);
        let snapshot = Snapshot::build(&store, &analyzer)?;
        Ok(AppState {
            shared: Arc::new(Shared {
                store: Mutex::new(store),
                readers: readers.into_iter().map(Mutex::new).collect(),
                next_reader: AtomicUsize::new(0),
                snapshot: RwLock::new(Arc::new(snapshot)),
                analyzer,
                config,
            }),
        })
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.shared.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            // A panic while swapping cannot leave a half-written Arc: the old one is still whole.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The server's configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.shared.config
    }

    /// Runs a read with a read connection (the next one in turn) on tokio's blocking pool, so
    /// SQLite never stalls the threads that serve other requests.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        blocking(move || {
            let connection = match shared.readers.len() {
                0 => &shared.store,
                n => &shared.readers[shared.next_reader.fetch_add(1, Ordering::Relaxed) % n],
            };
            let store = connection.lock().map_err(|_| poisoned())?;
            work(&store)
        })
        .await
    }

    /// Runs `work` with the writing connection, then rebuilds the snapshot from it, holding
    /// that connection throughout so that two writes cannot interleave their rebuilds.
    pub async fn write_and_rebuild<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        blocking(move || {
            let mut store = shared.store.lock().map_err(|_| poisoned())?;
            let result = work(&mut store)?;
            analyse_unanalysed(&mut store, &shared.analyzer);
            let snapshot = Snapshot::build(&store, &shared.analyzer)?;
            let mut guard = shared.snapshot.write().map_err(|_| poisoned())?;
            *guard = Arc::new(snapshot);
            Ok(result)
        })
        .await
    }
}

/// Stores the analysis of the documents with none by this build (new ones, or all after an
/// upgrade) and fuses them into the stored incidents, so that building a snapshot reads
/// analyses and incidents instead of making them. A store that
/// cannot be written is served all the same: the snapshot analyses what has no stored analysis.
fn analyse_unanalysed(store: &mut Store, analyzer: &Analyzer) {
    match sightline_pipeline::facts::analyse_unanalysed(store, analyzer, &mut |_, _| {}) {
        Ok(analysed) => tracing::info!(analysed, "analysed the documents with no stored analysis"),
        Err(error) => tracing::warn!("could not store the analysis ({error}); analysing without storing it"),
    }
    match sightline_pipeline::fusion::fuse_unfused(store, analyzer) {
        Ok(fused) => tracing::info!(fused, "fused the new documents into the stored incidents"),
        Err(error) => tracing::warn!("could not store the incidents ({error}); fusing in memory"),
    }
}

fn poisoned() -> ApiError {
    ApiError::Internal("a lock is poisoned: an earlier request panicked while holding it".into())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let joined = tokio::task::spawn_blocking(work).await;
    joined.map_err(|error| ApiError::Internal(format!("a store task failed: {error}")))?
}
