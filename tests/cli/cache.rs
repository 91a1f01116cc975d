//! The compile cache cannot be swapped: a compiled file (component or
//! pre-initialised snapshot) is bound to what it was compiled from, and a
//! failed write leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::run::{command, hostile_component, run, scratch, shell, stderr};

/// The compiled files in a cache directory (`.cwasm` components and
/// `.snapshot` snapshots), without their tags.
fn cached_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| x == "cwasm" || x == "snapshot")
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The tag file of a compiled file.
fn tag(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.tag", path.display()))
}

#[test]
fn a_compiled_file_copied_under_another_components_name_is_not_run() {
    let cache = scratch("cache-swap");
    let clean = |component: Option<&str>, text: &str| {
        let mut cmd = command();
        cmd.env("CHAFF_CACHE_DIR", &cache).arg("clean");
        if let Some(path) = component {
            cmd.args(["--component", path]);
        }
        run(&mut cmd, text.as_bytes())
    };
    let text = "JUNK line\nView\n";
    let builtin = clean(None, text);
    assert!(builtin.status.success(), "{}", stderr(&builtin));
    assert_eq!(String::from_utf8_lossy(&builtin.stdout), "JUNK line\n");
    // The compiled component, the instrumented one and the snapshot.
    let builtin_files = cached_files(&cache);
    assert_eq!(builtin_files.len(), 3, "{builtin_files:?}");
    assert!(builtin_files.iter().all(|f| tag(f).is_file()));

    let hostile = clean(Some(hostile_component()), text);
    assert_eq!(String::from_utf8_lossy(&hostile.stdout), "View\n");
    let hostile_files: Vec<PathBuf> = cached_files(&cache)
        .into_iter()
        .filter(|p| !builtin_files.contains(p))
        .collect();
    assert!(!hostile_files.is_empty());

    // The attack: the hostile component's compiled code, with its tag,
    // under the name of every file of the built-in component's.
    for file in &builtin_files {
        std::fs::copy(&hostile_files[0], file).expect("copy");
        std::fs::copy(tag(&hostile_files[0]), tag(file)).expect("copy");
    }
    let after = clean(None, text);
    assert!(after.status.success(), "{}", stderr(&after));
    assert_eq!(
        String::from_utf8_lossy(&after.stdout),
        "JUNK line\n",
        "the built-in component ran, not the file copied under its name"
    );
    // A truncated file is not run either.
    for file in &builtin_files {
        let bytes = std::fs::read(file).expect("read");
        std::fs::write(file, &bytes[..bytes.len() / 2]).expect("write");
    }
    let after = clean(None, text);
    assert_eq!(String::from_utf8_lossy(&after.stdout), "JUNK line\n");
}

#[test]
fn a_rule_file_gets_its_own_snapshot_and_cleans_as_without_one() {
    let cache = scratch("cache-rule-snapshot");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let rules = root.join("examples/rules/phrases.toml");
    let article = root.join("examples/article.txt");
    let clean = |cache_args: &[&str]| {
        let mut cmd = command();
        cmd.env("CHAFF_CACHE_DIR", &cache)
            .arg("clean")
            .args(cache_args)
            .arg("--rules")
            .arg(&rules)
            .arg(&article);
        run(&mut cmd, b"")
    };
    let without = clean(&["--no-cache"]);
    assert!(without.status.success(), "{}", stderr(&without));
    assert!(cached_files(&cache).is_empty());
    let first = clean(&[]);
    let snapshots = |dir: &Path| {
        cached_files(dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "snapshot"))
            .count()
    };
    assert_eq!(snapshots(&cache), 1, "the rule file's snapshot");
    let second = clean(&[]);
    assert_eq!(snapshots(&cache), 1, "read back, not made again");
    for out in [&first, &second] {
        assert!(out.status.success(), "{}", stderr(out));
        assert_eq!(out.stdout, without.stdout);
    }
}

#[test]
fn a_key_other_users_can_read_disables_the_cache() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let cache = scratch("cache-open-key").join("made-by-chaff");
        let mut cmd = command();
        cmd.env("CHAFF_CACHE_DIR", &cache).arg("clean");
        let out = run(&mut cmd, b"View\nKept.\n");
        assert!(out.status.success(), "{}", stderr(&out));
        let key = cache.join("key");
        let mode = std::fs::metadata(&key).expect("key").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key is private");
        let dir_mode = std::fs::metadata(&cache).expect("dir").permissions().mode();
        assert_eq!(dir_mode & 0o077, 0, "so is the directory chaff made");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        for file in cached_files(&cache) {
            std::fs::remove_file(tag(&file)).expect("remove");
            std::fs::remove_file(file).expect("remove");
        }
        let out = run(&mut cmd, b"View\nKept.\n");
        assert!(out.status.success(), "still cleans: {}", stderr(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "Kept.\n");
        assert!(
            cached_files(&cache).is_empty(),
            "nothing stored under a key others can read"
        );
    }
}

#[test]
fn a_failed_cache_write_leaves_no_temporary_file() {
    // Files over 1 or 2 MB (blocks of 512 or 1024 bytes, by shell) cannot
    // be written: with SIGXFSZ ignored the write fails with EFBIG instead
    // of killing chaff. The instance's memory image fits; the compiled
    // component, over 4 MB, does not.
    let cache = scratch("cache-write-fails");
    let script = "ulimit -f 2000; trap '' XFSZ; exec \"$CHAFF\" clean";
    let out = run(
        shell(script).env("CHAFF_CACHE_DIR", &cache),
        b"View\nKept.\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Kept.\n");
    let left: Vec<_> = std::fs::read_dir(&cache)
        .expect("list")
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .filter(|name| name != "key")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
