//! `chaff_scrubber.Scrubber`: a `chaff::Scrubber` behind a Python class.
//!
//! Every call releases the GIL while the sandbox works, and the host
//! scrubber is `Send + Sync`, so one `Scrubber` serves any number of Python
//! threads in parallel.

use std::path::PathBuf;
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use chaff::{Cache, CacheStatus, CallOptions, Limits, Profile, Rules};
use chaff_jsonl::FieldPath;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyString, PyTuple};

use crate::errors;
use crate::jsonl;
use crate::registry;
use crate::spread;
use crate::types::{Outcome, Removal, RuleInfo};

/// What a scrubber was made from: enough to make it again (after a fork,
/// or in another process when it is pickled).
#[derive(Clone)]
struct Spec {
    /// A rule file's text, or `None` for a built-in profile.
    rules: Option<String>,
    /// The built-in profile, when `rules` is `None`.
    profile: Profile,
    limits: Limits,
    /// `concurrency` as asked (`None`: the machine's cores, wherever the
    /// scrubber is unpickled).
    concurrency: Option<usize>,
    cache: Cache,
}

impl Spec {
    fn build(&self) -> Result<chaff::Scrubber, chaff::Error> {
        let plugin = registry::plugin(&self.limits, &self.cache)?;
        let rules = match &self.rules {
            Some(text) => Rules::Text(text.clone()),
            None => Rules::Profile(self.profile),
        };
        chaff::Scrubber::new(&plugin, rules)
    }
}

struct Inner {
    /// The process the host scrubber was built in.
    pid: u32,
    scrubber: chaff::Scrubber,
}

/// Removes junk lines from scraped text, in a WebAssembly sandbox.
#[pyclass(frozen, module = "chaff_scrubber")]
pub struct Scrubber {
    spec: Spec,
    inner: RwLock<Inner>,
}

fn profile_name(profile: Profile) -> &'static str {
    match profile {
        Profile::Extractor => "extractor",
        Profile::Page => "page",
    }
}

fn parse_profile(name: &str) -> PyResult<Profile> {
    match name {
        "extractor" => Ok(Profile::Extractor),
        "page" => Ok(Profile::Page),
        other => Err(PyValueError::new_err(format!(
            "profile must be \"extractor\" or \"page\", not {other:?}"
        ))),
    }
}

/// The UTF-8 form of a document, or `InvalidText`.
fn utf8<'a>(py: Python<'_>, text: &'a Bound<'_, PyString>, document: usize) -> PyResult<&'a str> {
    text.to_str()
        .map_err(|e| PyErr::from_value(errors::invalid_text(py, document, &e)))
}

/// Names from `None`, one `str`, or any iterable of `str`.
fn names(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if value.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(one) = value.cast::<PyString>() {
        return Ok(vec![one.to_str()?.to_string()]);
    }
    let mut names = Vec::new();
    for item in value
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be an iterable of str")))?
    {
        let item = item?;
        let name = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what} must hold str, not {}",
                item.get_type().name().map_or("?".into(), |n| n.to_string())
            ))
        })?;
        names.push(name.to_str()?.to_string());
    }
    Ok(names)
}

fn call_options(
    url: Option<String>,
    skip_categories: Option<&Bound<'_, PyAny>>,
    skip_rules: Option<&Bound<'_, PyAny>>,
    profile: Option<&str>,
) -> PyResult<CallOptions> {
    Ok(CallOptions {
        url,
        skip_categories: names(skip_categories, "skip_categories")?,
        skip_rules: names(skip_rules, "skip_rules")?,
        profile: profile.map(parse_profile).transpose()?,
    })
}

/// A rule file's text: a `str` is the text itself, a path (`os.PathLike`)
/// names a file to read (UTF-8).
fn rule_text(rules: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = rules.cast::<PyString>() {
        return Ok(text.to_str()?.to_string());
    }
    let path: PathBuf = rules.extract().map_err(|_| {
        PyTypeError::new_err("rules must be a rule file's text (str) or its path (os.PathLike)")
    })?;
    let bytes = std::fs::read(&path)?;
    String::from_utf8(bytes).map_err(|e| {
        PyValueError::new_err(format!(
            "{}: not UTF-8 (the first bad byte is at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn positive(name: &str, value: usize) -> PyResult<usize> {
    if value == 0 {
        return Err(PyValueError::new_err(format!("{name} must be at least 1")));
    }
    Ok(value)
}

fn cache_from(value: Option<&Bound<'_, PyAny>>) -> PyResult<Cache> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Cache::User);
    };
    if let Ok(flag) = value.cast::<PyBool>() {
        return if flag.is_true() {
            Ok(Cache::User)
        } else {
            Ok(Cache::Off)
        };
    }
    let dir: PathBuf = value.extract().map_err(|_| {
        PyTypeError::new_err("cache_dir must be a path, None (the user cache) or False (no cache)")
    })?;
    Ok(Cache::Dir(dir))
}

impl Scrubber {
    /// The host scrubber for this process: the one built here, or (in a
    /// child made by fork) a new one; the inherited one is leaked, see
    /// `registry`.
    fn current(&self, py: Python<'_>) -> PyResult<chaff::Scrubber> {
        let pid = std::process::id();
        {
            let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
            if inner.pid == pid {
                return Ok(inner.scrubber.clone());
            }
        }
        let fresh = py
            .detach(|| self.spec.build())
            .map_err(|e| errors::raise(py, &e, None))?;
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if inner.pid != pid {
            let inherited = std::mem::replace(
                &mut *inner,
                Inner {
                    pid,
                    scrubber: fresh,
                },
            );
            std::mem::forget(inherited);
        }
        Ok(inner.scrubber.clone())
    }

    fn from_spec(py: Python<'_>, spec: Spec) -> PyResult<Self> {
        let scrubber = py
            .detach(|| spec.build())
            .map_err(|e| errors::raise(py, &e, None))?;
        Ok(Scrubber {
            spec,
            inner: RwLock::new(Inner {
                pid: std::process::id(),
                scrubber,
            }),
        })
    }
}

#[pymethods]
impl Scrubber {
    #[new]
    #[pyo3(signature = (
        rules = None,
        *,
        profile = None,
        deadline = 10.0,
        memory_bytes = 1_073_741_824,
        max_input_bytes = 268_435_456,
        fuel = None,
        concurrency = None,
        cache_dir = None,
    ))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one per keyword argument of the Python method"
    )]
    fn new(
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        profile: Option<&str>,
        deadline: f64,
        memory_bytes: usize,
        max_input_bytes: usize,
        fuel: Option<u64>,
        concurrency: Option<usize>,
        cache_dir: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let rules = rules.map(rule_text).transpose()?;
        let profile = profile.map(parse_profile).transpose()?;
        if rules.is_some() && profile.is_some() {
            return Err(PyValueError::new_err(
                "pass rules or profile, not both: a rule file picks its profile with \
                 `extends = \"builtin\"` or `extends = \"builtin:page\"`",
            ));
        }
        if !(deadline.is_finite() && deadline > 0.0) {
            return Err(PyValueError::new_err(format!(
                "deadline must be a positive number of seconds, not {deadline}"
            )));
        }
        let deadline = Duration::try_from_secs_f64(deadline)
            .map_err(|e| PyValueError::new_err(format!("deadline: {e}")))?;
        let defaults = Limits::default();
        let limits = Limits {
            deadline,
            memory_bytes,
            max_input_bytes,
            fuel,
            concurrency: match concurrency {
                Some(n) => positive("concurrency", n)?,
                None => defaults.concurrency,
            },
            ..defaults
        };
        let spec = Spec {
            rules,
            profile: profile.unwrap_or_default(),
            limits,
            concurrency,
            cache: cache_from(cache_dir)?,
        };
        Scrubber::from_spec(py, spec)
    }

    /// Cleans one document.
    #[pyo3(signature = (text, *, url = None, skip_categories = None, skip_rules = None, profile = None))]
    fn clean(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        url: Option<String>,
        skip_categories: Option<&Bound<'_, PyAny>>,
        skip_rules: Option<&Bound<'_, PyAny>>,
        profile: Option<&str>,
    ) -> PyResult<Outcome> {
        let text = utf8(py, text, 0)?;
        let options = call_options(url, skip_categories, skip_rules, profile)?;
        let scrubber = self.current(py)?;
        match py.detach(|| scrubber.clean_with(text, &options)) {
            Ok(outcome) => Ok(Outcome::cleaned(py, outcome)),
            Err(e) => Err(errors::raise(py, &e, Some(0))),
        }
    }

    /// What `clean` would remove, without building the cleaned text.
    #[pyo3(signature = (text, *, url = None, skip_categories = None, skip_rules = None, profile = None))]
    fn scan(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        url: Option<String>,
        skip_categories: Option<&Bound<'_, PyAny>>,
        skip_rules: Option<&Bound<'_, PyAny>>,
        profile: Option<&str>,
    ) -> PyResult<Vec<Removal>> {
        let text = utf8(py, text, 0)?;
        let options = call_options(url, skip_categories, skip_rules, profile)?;
        let scrubber = self.current(py)?;
        match py.detach(|| scrubber.clean_with(text, &options)) {
            Ok(outcome) => Ok(outcome.removals.into_iter().map(Removal::from).collect()),
            Err(e) => Err(errors::raise(py, &e, Some(0))),
        }
    }

    /// Cleans many documents; one `Outcome` per document, in order.
    #[pyo3(signature = (
        texts,
        *,
        url = None,
        urls = None,
        skip_categories = None,
        skip_rules = None,
        profile = None,
        on_error = "raise",
    ))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one per keyword argument of the Python method"
    )]
    fn clean_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        url: Option<String>,
        urls: Option<&Bound<'_, PyAny>>,
        skip_categories: Option<&Bound<'_, PyAny>>,
        skip_rules: Option<&Bound<'_, PyAny>>,
        profile: Option<&str>,
        on_error: &str,
    ) -> PyResult<Vec<Outcome>> {
        let keep = match on_error {
            "raise" => false,
            "keep" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "on_error must be \"raise\" or \"keep\", not {other:?}"
                )));
            }
        };
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts must be an iterable of str, not one str: use clean() for one document",
            ));
        }
        let mut items: Vec<Bound<'_, PyString>> = Vec::new();
        for (i, item) in texts.try_iter()?.enumerate() {
            let item = item?;
            let text = item.cast_into::<PyString>().map_err(|e| {
                PyTypeError::new_err(format!("texts[{i}] is not a str: {}", e.into_inner()))
            })?;
            items.push(text);
        }
        // A str without a UTF-8 form (a lone surrogate) is that document's
        // failure, not the batch's.
        let mut unencodable: Vec<(usize, Bound<'_, PyAny>)> = Vec::new();
        let mut strs: Vec<&str> = Vec::with_capacity(items.len());
        let mut positions: Vec<usize> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.to_str() {
                Ok(text) => {
                    strs.push(text);
                    positions.push(i);
                }
                Err(e) => unencodable.push((i, errors::invalid_text(py, i, &e))),
            }
        }
        if !keep && let Some((_, first)) = unencodable.first() {
            return Err(PyErr::from_value(first.clone()));
        }
        let per_document_urls: Option<Vec<Option<String>>> = match urls {
            Some(urls) if !urls.is_none() => {
                if url.is_some() {
                    return Err(PyValueError::new_err("pass url or urls, not both"));
                }
                if urls.is_instance_of::<PyString>() {
                    return Err(PyTypeError::new_err(
                        "urls must be an iterable with one URL (or None) per document; \
                         for one URL for all, pass url=",
                    ));
                }
                let urls = urls
                    .try_iter()?
                    .map(|u| u?.extract::<Option<String>>())
                    .collect::<PyResult<Vec<_>>>()?;
                if urls.len() != items.len() {
                    return Err(PyValueError::new_err(format!(
                        "{} urls for {} texts",
                        urls.len(),
                        items.len()
                    )));
                }
                Some(positions.iter().map(|&i| urls[i].clone()).collect())
            }
            _ => None,
        };
        let options = call_options(url, skip_categories, skip_rules, profile)?;
        let scrubber = self.current(py)?;
        let threads = self.spec.limits.concurrency;
        let results = py.detach(|| {
            spread::clean(
                &scrubber,
                &strs,
                per_document_urls.as_deref(),
                &options,
                threads,
            )
        });
        let mut outcomes: Vec<Option<Outcome>> = (0..items.len()).map(|_| None).collect();
        for (i, error) in unencodable {
            outcomes[i] = Some(Outcome::failed(items[i].clone().unbind(), error.unbind()));
        }
        for (&i, result) in positions.iter().zip(results) {
            outcomes[i] = Some(match result {
                Ok(outcome) => Outcome::cleaned(py, outcome),
                Err(e) if keep => Outcome::failed(
                    items[i].clone().unbind(),
                    errors::exception(py, &e, Some(i)).unbind(),
                ),
                Err(e) => return Err(errors::raise(py, &e, Some(i))),
            });
        }
        Ok(outcomes.into_iter().flatten().collect())
    }

    /// Cleans JSONL records given as bytes (one JSON object a line, as read
    /// from a shard) and returns the output records as bytes: the field
    /// `field` (a dotted path) of each record cleaned and spliced back in
    /// place, every other byte as it was, `removals_field` added when
    /// given, the site taken from `url_field`; what `chaff clean --jsonl`
    /// writes for the same lines. A record that cannot be cleaned raises
    /// `ValueError` naming its line (`on_error="raise"`), is written
    /// unchanged (`"pass"`) or left out (`"skip"`).
    #[pyo3(signature = (
        data,
        *,
        field = "text",
        url_field = None,
        removals_field = None,
        skip_categories = None,
        skip_rules = None,
        profile = None,
        on_error = "raise",
    ))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one per keyword argument of the Python method"
    )]
    fn clean_jsonl<'py>(
        &self,
        py: Python<'py>,
        data: &[u8],
        field: &str,
        url_field: Option<&str>,
        removals_field: Option<String>,
        skip_categories: Option<&Bound<'_, PyAny>>,
        skip_rules: Option<&Bound<'_, PyAny>>,
        profile: Option<&str>,
        on_error: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let on_error = match on_error {
            "raise" => jsonl::OnError::Raise,
            "pass" => jsonl::OnError::Pass,
            "skip" => jsonl::OnError::Skip,
            other => {
                return Err(PyValueError::new_err(format!(
                    "on_error must be \"raise\", \"pass\" or \"skip\", not {other:?}"
                )));
            }
        };
        let field = FieldPath::parse(field).map_err(PyValueError::new_err)?;
        if let Some(name) = &removals_field {
            field
                .check_removals_field(name)
                .map_err(PyValueError::new_err)?;
        }
        let fields = jsonl::Fields {
            field,
            url_field: url_field
                .map(FieldPath::parse)
                .transpose()
                .map_err(PyValueError::new_err)?,
            removals_field,
        };
        let options = call_options(None, skip_categories, skip_rules, profile)?;
        let scrubber = self.current(py)?;
        let threads = self.spec.limits.concurrency;
        match py.detach(|| jsonl::clean(&scrubber, &options, &fields, on_error, data, threads)) {
            Ok(out) => Ok(PyBytes::new(py, &out)),
            Err(stopped) => Err(PyValueError::new_err(format!(
                "line {}: {}",
                stopped.line, stopped.message
            ))),
        }
    }

    /// The rules in force, in file order: id, category, kind, description.
    fn rules(&self, py: Python<'_>) -> PyResult<Vec<RuleInfo>> {
        Ok(self
            .current(py)?
            .rule_table()
            .iter()
            .map(RuleInfo::from)
            .collect())
    }

    /// The rule file text in force (for a built-in profile, its file).
    #[getter]
    fn rule_text(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.current(py)?.rules().to_string())
    }

    /// The built-in profile (`"extractor"` or `"page"`), or `None` for a
    /// rule file.
    #[getter]
    fn profile(&self) -> Option<&'static str> {
        match self.spec.rules {
            Some(_) => None,
            None => Some(profile_name(self.spec.profile)),
        }
    }

    /// The limits every call runs under.
    #[getter]
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let l = &self.spec.limits;
        let dict = PyDict::new(py);
        dict.set_item("deadline", l.deadline.as_secs_f64())?;
        dict.set_item("memory_bytes", l.memory_bytes)?;
        dict.set_item("max_input_bytes", l.max_input_bytes)?;
        dict.set_item("fuel", l.fuel)?;
        dict.set_item("concurrency", l.concurrency)?;
        Ok(dict)
    }

    /// How this process's engine got its compiled component: `cache`
    /// (`"hit"`, `"stored"`, `"off"` or `"unusable"`), `path` (the cache
    /// file, or why the cache was unusable) and `seconds`.
    #[getter]
    fn load_report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let scrubber = self.current(py)?;
        let report = scrubber.plugin().load_report();
        let (status, path) = match &report.cache {
            CacheStatus::Hit(p) => ("hit", Some(p.display().to_string())),
            CacheStatus::Stored(p) => ("stored", Some(p.display().to_string())),
            CacheStatus::Off => ("off", None),
            CacheStatus::Unusable(why) => ("unusable", Some(why.clone())),
        };
        let dict = PyDict::new(py);
        dict.set_item("cache", status)?;
        dict.set_item("path", path)?;
        dict.set_item("seconds", report.elapsed.as_secs_f64())?;
        Ok(dict)
    }

    /// The release of the component contract (`"0.1.1"`).
    #[getter]
    fn contract_version(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(self.current(py)?.plugin().contract_version())
    }

    /// Pickles as what it was made from (rule text or profile, limits,
    /// cache), so executors can ship it; the receiving process builds its
    /// own (sharing that process's engine).
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let restore = py.import("chaff_scrubber._native")?.getattr("_restore")?;
        let s = &self.spec;
        let cache: Bound<'py, PyAny> = match &s.cache {
            Cache::User => py.None().into_bound(py),
            Cache::Off => PyBool::new(py, false).to_owned().into_any(),
            Cache::Dir(dir) => dir.clone().into_pyobject(py)?.into_any(),
        };
        let args = (
            s.rules.clone(),
            profile_name(s.profile),
            u64::try_from(s.limits.deadline.as_nanos()).unwrap_or(u64::MAX),
            s.limits.memory_bytes,
            s.limits.max_input_bytes,
            s.limits.fuel,
            s.concurrency,
            cache,
        )
            .into_pyobject(py)?;
        Ok((restore, args))
    }

    /// A scrubber is immutable and thread-safe: copies are itself.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    fn __repr__(&self) -> String {
        let what = match &self.spec.rules {
            Some(text) => format!("rules=<{} bytes>", text.len()),
            None => format!("profile={:?}", profile_name(self.spec.profile)),
        };
        format!(
            "Scrubber({what}, deadline={}, memory_bytes={})",
            self.spec.limits.deadline.as_secs_f64(),
            self.spec.limits.memory_bytes
        )
    }
}

/// Unpickles a `Scrubber` (see `Scrubber.__reduce__`).
#[pyfunction]
#[allow(
    clippy::too_many_arguments,
    reason = "one per keyword argument of the Python method"
)]
pub fn _restore(
    py: Python<'_>,
    rules: Option<String>,
    profile: &str,
    deadline_ns: u64,
    memory_bytes: usize,
    max_input_bytes: usize,
    fuel: Option<u64>,
    concurrency: Option<usize>,
    cache_dir: Option<&Bound<'_, PyAny>>,
) -> PyResult<Scrubber> {
    let defaults = Limits::default();
    let spec = Spec {
        rules,
        profile: parse_profile(profile)?,
        limits: Limits {
            deadline: Duration::from_nanos(deadline_ns),
            memory_bytes,
            max_input_bytes,
            fuel,
            concurrency: match concurrency {
                Some(n) => positive("concurrency", n)?,
                None => defaults.concurrency,
            },
            ..defaults
        },
        concurrency,
        cache: cache_from(cache_dir)?,
    };
    Scrubber::from_spec(py, spec)
}
