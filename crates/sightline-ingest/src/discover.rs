//! From the paths a user typed to the list of inputs to read.
//!
//! Folders are walked recursively in file-name order, so two runs over the same folder read the
//! same files in the same order and report the same errors in the same order, whatever order the
//! file system lists them in. Hidden files and folders (names starting with `.`) are skipped
//! inside a walked folder, because on every common system they hold tool state (`.git`,
//! `.DS_Store`, editor swap files), not content; a hidden path named explicitly is still read.
//! Links are followed, as a user who links a corpus into a folder expects; walkdir detects loops.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, ErrorKind};
use crate::Input;

/// Expands user-given paths into inputs: `-` is standard input, a file is taken as given, a
/// folder is walked recursively in a stable order. A path that cannot be read is an error
/// naming it; the other paths are still returned.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Err(error) => errors.push(Error::new(&path.display().to_string(), ErrorKind::from_io(error))),
            Ok(metadata) if metadata.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, errors)
}

fn walk(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let entries =
        WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => inputs.push(Input::File(entry.into_path())),
            Ok(_) => {}
            Err(error) => {
                let input = error.path().unwrap_or(root).display().to_string();
                let kind = match error.io_error().map(|io| io.kind()) {
                    Some(std::io::ErrorKind::NotFound) => ErrorKind::NotFound,
                    _ => ErrorKind::Walk(error.to_string()),
                };
                errors.push(Error::new(&input, kind));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Creates `files` (relative paths) in a temporary folder, discovers `paths` (relative to it,
    /// `-` kept as is) and compares the inputs (relative, `-` for stdin) and error messages.
    fn check(files: &[&str], paths: &[&str], expected_inputs: &[&str], expected_errors: &[&str]) {
        let Ok(folder) = tempfile::tempdir() else { return };
        for file in files {
            let path = folder.path().join(file);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).ok();
            }
            fs::write(&path, "x").ok();
        }
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|path| if *path == "-" { PathBuf::from("-") } else { folder.path().join(path) })
            .collect();
        let (inputs, errors) = discover(&paths);
        let relative = |path: &Path| {
            path.strip_prefix(folder.path()).unwrap_or(path).to_string_lossy().replace('\\', "/")
        };
        let inputs: Vec<String> = inputs
            .iter()
            .map(|input| match input {
                Input::Stdin => "-".to_string(),
                Input::File(path) => relative(path),
            })
            .collect();
        let errors: Vec<String> = errors
            .iter()
            .map(|error| error.to_string().replace(&format!("{}/", folder.path().display()), ""))
            .collect();
        assert_eq!(inputs, expected_inputs);
        assert_eq!(errors, expected_errors);
    }

    #[test]
    fn walks_folders_in_order_and_skips_hidden() {
        check(
            &["d/b.txt", "d/a/z.html", "d/.git/x", "d/.hidden.txt", "d/c.jsonl", "top.txt"],
            &["top.txt", "d", "-"],
            &["top.txt", "d/a/z.html", "d/b.txt", "d/c.jsonl", "-"],
            &[],
        );
        check(
            &["a.txt", ".b.txt"],
            &["missing.txt", ".b.txt"],
            &[".b.txt"],
            &["missing.txt: no such file or folder"],
        );
    }
}
