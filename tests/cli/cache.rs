//! The compile cache cannot be swapped: a compiled file is bound to the
//! component it was compiled from, and a failed write leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::run::{command, hostile_component, run, scratch, shell, stderr};

fn cached_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "cwasm"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
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
    let builtin_file = cached_files(&cache);
    assert_eq!(builtin_file.len(), 1);

    let hostile = clean(Some(hostile_component()), text);
    assert_eq!(String::from_utf8_lossy(&hostile.stdout), "View\n");
    let hostile_file: Vec<PathBuf> = cached_files(&cache)
        .into_iter()
        .filter(|p| *p != builtin_file[0])
        .collect();
    assert_eq!(hostile_file.len(), 1);

    // The attack: the hostile component's compiled code under the name of
    // the built-in component's.
    std::fs::copy(&hostile_file[0], &builtin_file[0]).expect("copy");
    let after = clean(None, text);
    assert!(after.status.success(), "{}", stderr(&after));
    assert_eq!(
        String::from_utf8_lossy(&after.stdout),
        "JUNK line\n",
        "the built-in component ran, not the file copied under its name"
    );
    // A truncated file is not run either.
    let bytes = std::fs::read(&builtin_file[0]).expect("read");
    std::fs::write(&builtin_file[0], &bytes[..bytes.len() / 2]).expect("write");
    let after = clean(None, text);
    assert_eq!(String::from_utf8_lossy(&after.stdout), "JUNK line\n");
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
