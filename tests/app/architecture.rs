//! The floors of the code base stay where they are: `app` is the pure console (no async
//! runtime, terminal, network, simulator or drawing), its modules import each other
//! without a loop, and the lower floors never reach up (`rte`/`sim` ↛ `cli`,
//! `api` ↛ `config`). Read from the source, so a change that brings a loop or an upward
//! import back fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                out.push((path, text));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no sources under {}", dir.display());
    out
}

/// The code of a file without its unit tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Paths that appear after `prefix` in `code`: `prefix::name` → `name`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().last();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
        // `use super::{a, b}`: each name of the group.
        if rest.starts_with('{') {
            let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// The `app` module a file belongs to: `app/state/agents.rs` → `state`.
fn unit(app: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(app).expect("under app");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_owned()
}

#[test]
fn app_modules_import_each_other_without_a_loop() {
    let app = src().join("app");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources(&app) {
        let from = unit(&app, &path);
        if from == "mod" || from == "fixture" {
            continue; // re-exports, and the sample states built through everything
        }
        let code = code(&text);
        // In `app/x.rs` and `app/x/mod.rs`, `super::` is `app`; deeper, `super::super::`.
        let nested = path.parent() != Some(app.as_path()) && !path.ends_with("mod.rs");
        let mut to = names_after(&code, "crate::app::");
        let up = if nested { "super::super::" } else { "super::" };
        to.extend(names_after(&code, up));
        to.remove(&from);
        to.retain(|n| n != "fixture" && n.chars().all(|c| c.is_lowercase() || c == '_'));
        edges.entry(from).or_default().extend(to);
    }
    assert!(edges.len() >= 10, "found only {:?}", edges.keys());
    // Depth-first search for a cycle.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_owned());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_owned());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for n in edges.keys() {
        if let Some(cycle) = visit(n, &edges, &mut Vec::new(), &mut done) {
            panic!("import loop in src/app: {}", cycle.join(" → "));
        }
    }
}

/// `(folder, forbidden text, why)`: a use of the text in the folder's code fails.
const FORBIDDEN: &[(&str, &str, &str)] = &[
    ("app", "crate::ui", "app is drawn by ui, never the reverse"),
    ("app", "crate::sim", "the simulator is wired in faces/"),
    ("app", "crate::console", "the I/O shell sits above app"),
    ("app", "crate::faces", "the faces sit above app"),
    ("app", "crate::config", "settings are read above app"),
    (
        "app",
        "crate::api",
        "the REST client is the backend's (console/)",
    ),
    ("app", "tokio", "app is pure: no async runtime"),
    ("app", "reqwest", "app is pure: no network"),
    ("app", "ratatui", "app is pure: no drawing"),
    ("app", "crossterm::terminal", "app is pure: no terminal"),
    ("app", "crossterm::execute", "app is pure: no terminal"),
    ("app", "crossterm::queue", "app is pure: no terminal"),
    ("rte", "crate::cli", "rte is a library, faces parse flags"),
    (
        "sim",
        "crate::cli",
        "the simulator gets a SimConfig, not flags",
    ),
    (
        "api",
        "crate::config",
        "config builds an api::Login, not the reverse",
    ),
    ("ui", "crate::console", "ui draws the state only"),
];

#[test]
fn no_floor_reaches_up() {
    let mut found = Vec::new();
    for (folder, text, why) in FORBIDDEN {
        for (path, source) in sources(&src().join(folder)) {
            let code = code(&source);
            if code.contains(text) {
                found.push(format!("{} uses {text}: {why}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_see_an_import() {
    // The search itself works: a loop or an upward import would be seen.
    let code = code("use super::{state, keymap};\nuse crate::app::panes::x; // crate::ui\n");
    assert_eq!(
        names_after(&code, "super::"),
        BTreeSet::from(["keymap".into(), "state".into()])
    );
    assert_eq!(
        names_after(&code, "crate::app::"),
        BTreeSet::from(["panes".into()])
    );
    assert!(!code.contains("crate::ui"), "comments are not code");
}
