//! A test that pins the crate's layering: no module imports a module that
//! imports it back, directly or through others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `crate::name` references of each module of `src/`, test code excluded.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .to_string();
            let text = std::fs::read_to_string(&path).expect("source is readable");
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
            sources.insert(name, code);
        }
    }
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(name, code)| {
            let mut deps = BTreeSet::new();
            let words = code.split(|c: char| {
                !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == ',')
            });
            for word in words {
                if let Some(rest) = word.strip_prefix("crate::") {
                    for part in rest.trim_start_matches('{').split([',', ':', '{']) {
                        if names.contains(part) && part != name {
                            deps.insert(part.to_string());
                        }
                    }
                }
            }
            // `use crate::{a, b}` spans words separated by spaces.
            for group in code.split("use crate::{").skip(1) {
                let list = group.split('}').next().unwrap_or("");
                for part in list.split([',', ' ', '\n', ':']) {
                    if names.contains(part) && part != name {
                        deps.insert(part.to_string());
                    }
                }
            }
            (name.clone(), deps)
        })
        .collect()
}

/// A cycle through `start`, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() > 5, "{graph:?}");
    assert!(
        graph["scrubber"].contains("plugin"),
        "the graph is read: {graph:?}"
    );
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}
