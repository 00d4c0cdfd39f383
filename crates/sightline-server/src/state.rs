//! The one state every handler shares: the store, the snapshot built from it, the models and
//! the configuration.

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

struct Shared {
    /// One SQLite connection; its calls are short and run on the blocking pool.
    store: Mutex<Store>,
    /// Swapped whole after a write, so a request sees one consistent snapshot from start to end.
    snapshot: RwLock<Arc<Snapshot>>,
    analyzer: Analyzer,
    config: ServerConfig,
}

impl AppState {
    /// Loads the models and builds the first snapshot of `store` (seconds on a large corpus).
    pub fn new(store: Store, config: ServerConfig) -> Result<AppState, Error> {
        let analyzer = Analyzer::embedded()?;
        let snapshot = Snapshot::build(&store, &analyzer)?;
        Ok(AppState {
            shared: Arc::new(Shared {
                store: Mutex::new(store),
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

    /// Runs `work` with the store on tokio's blocking pool, so SQLite never stalls the
    /// threads that serve other requests.
    pub async fn with_store<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        let joined = tokio::task::spawn_blocking(move || {
            let mut store =
                shared.store.lock().map_err(|_| ApiError::Internal("the store lock is poisoned".into()))?;
            work(&mut store)
        })
        .await;
        joined.map_err(|error| ApiError::Internal(format!("a store task failed: {error}")))?
    }

    /// Runs `work` with the store, then rebuilds the snapshot from it, holding the store
    /// throughout so that two writes cannot interleave their rebuilds.
    pub async fn write_and_rebuild<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        self.with_store(move |store| {
            let result = work(store)?;
            let snapshot = Snapshot::build(store, &shared.analyzer)?;
            let mut guard = shared
                .snapshot
                .write()
                .map_err(|_| ApiError::Internal("the snapshot lock is poisoned".into()))?;
            *guard = Arc::new(snapshot);
            Ok(result)
        })
        .await
    }
}
