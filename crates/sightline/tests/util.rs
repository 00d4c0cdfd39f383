//! Helpers shared by the end-to-end tests: a scratch folder per test, a command builder for the
//! built binary, readers for its JSON Lines output, and the `../shared` locator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sightline_contract::{DocumentRecord, Record};

/// The folder `../shared` beside the repository, or `None` (with a note) when it is absent.
///
/// # Panics
/// When `CI` is set and the folder is missing: CI must run every test for real.
pub fn shared() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if path.join("corpus").is_dir() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {} is missing: these tests need the shared corpus", path.display());
    }
    eprintln!("skipping: {} not found (the shared corpus sits beside the repository)", path.display());
    None
}

/// The repository's own demo corpus.
pub fn demo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/pages")
}

/// A scratch folder with its own store.
pub struct TestDir {
    dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::tempdir().expect("a scratch folder") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    /// Writes a file under the scratch folder, creating parents.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent folder");
        }
        std::fs::write(&path, contents).expect("scratch file");
        path
    }

    /// The binary with `--db` pointing at this test's store.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sightline"));
        command.arg("--db").arg(self.db()).env_remove("SIGHTLINE_DB").stdin(Stdio::null());
        command
    }

    /// Runs the binary with `args` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("the sightline binary runs")
    }

    /// Runs `export --format jsonl` and reads the document records.
    pub fn export_documents(&self) -> Vec<DocumentRecord> {
        let output = self.run(&["export", "--format", "jsonl"]);
        assert_success(&output);
        read_documents(&output.stdout)
    }
}

/// Parses JSON Lines output into document records.
pub fn read_documents(jsonl: &[u8]) -> Vec<DocumentRecord> {
    let text = std::str::from_utf8(jsonl).expect("exports are UTF-8");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| match serde_json::from_str::<Record>(line) {
            Ok(Record::Document(document)) => Some(document),
            Ok(_) => None,
            Err(error) => panic!("not a contract record ({error}): {line}"),
        })
        .collect()
}

/// Fails with both streams shown unless the command exited 0.
pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "command failed with {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
