//! The values a call returns: `Outcome`, `Removal`, `RuleInfo`.

use std::collections::BTreeMap;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

/// What `__reduce__` returns: the class and its constructor's arguments.
type Reduced<'py, A> = PyResult<(Bound<'py, PyType>, A)>;

/// One span cut from the input: which rule, its category, and the UTF-8
/// byte offsets `start..end` into the input.
#[pyclass(frozen, eq, hash, get_all, from_py_object, module = "chaff_scrubber")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Removal {
    pub rule: String,
    pub category: String,
    pub start: usize,
    pub end: usize,
}

impl From<chaff::Removal> for Removal {
    fn from(r: chaff::Removal) -> Self {
        Removal {
            rule: r.rule,
            category: r.category,
            start: r.start,
            end: r.end,
        }
    }
}

/// `source[start..end]` in bytes, or a `ValueError` naming the span.
fn slice(source: &str, start: usize, end: usize) -> PyResult<&str> {
    source.get(start..end).ok_or_else(|| {
        PyValueError::new_err(format!(
            "bytes {start}..{end} are not a span of this text ({} bytes in UTF-8): \
             pass the document the removal was cut from",
            source.len()
        ))
    })
}

/// Characters before byte `offset` of `source`, counting on from a known
/// (byte, char) position before it.
fn chars_until(source: &str, from: (usize, usize), offset: usize) -> usize {
    from.1 + source[from.0..offset].chars().count()
}

#[pymethods]
impl Removal {
    #[new]
    fn new(rule: String, category: String, start: usize, end: usize) -> Self {
        Removal {
            rule,
            category,
            start,
            end,
        }
    }

    /// The removed text, given the document it was cut from.
    fn text_in(&self, source: &str) -> PyResult<String> {
        Ok(slice(source, self.start, self.end)?.to_string())
    }

    /// `(start, end)` as character (code point) offsets into `source`,
    /// for slicing the Python string: `source[start:end]`.
    fn char_span(&self, source: &str) -> PyResult<(usize, usize)> {
        slice(source, self.start, self.end)?;
        let start = chars_until(source, (0, 0), self.start);
        Ok((start, chars_until(source, (self.start, start), self.end)))
    }

    /// `{"rule", "category", "start", "end"}`, as `chaff clean --jsonl
    /// --removals-field` writes it.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("rule", &self.rule)?;
        dict.set_item("category", &self.category)?;
        dict.set_item("start", self.start)?;
        dict.set_item("end", self.end)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Removal(rule={:?}, category={:?}, start={}, end={})",
            self.rule, self.category, self.start, self.end
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduced<'py, (String, String, usize, usize)> {
        let r = slf.get();
        Ok((
            slf.get_type(),
            (r.rule.clone(), r.category.clone(), r.start, r.end),
        ))
    }
}

/// One rule of the rule set in force.
#[pyclass(frozen, eq, hash, get_all, module = "chaff_scrubber")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RuleInfo {
    pub id: String,
    pub category: String,
    pub kind: String,
    pub description: String,
}

impl From<&chaff::RuleInfo> for RuleInfo {
    fn from(r: &chaff::RuleInfo) -> Self {
        RuleInfo {
            id: r.id.clone(),
            category: r.category.clone(),
            kind: r.kind.clone(),
            description: r.description.clone(),
        }
    }
}

#[pymethods]
impl RuleInfo {
    #[new]
    fn new(id: String, category: String, kind: String, description: String) -> Self {
        RuleInfo {
            id,
            category,
            kind,
            description,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "RuleInfo(id={:?}, category={:?}, kind={:?}, description={:?})",
            self.id, self.category, self.kind, self.description
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduced<'py, (String, String, String, String)> {
        let r = slf.get();
        Ok((
            slf.get_type(),
            (
                r.id.clone(),
                r.category.clone(),
                r.kind.clone(),
                r.description.clone(),
            ),
        ))
    }
}

/// The cleaned text of one document and what was cut from it.
///
/// Removals stay Rust values until `removals` is read, so a pipeline that
/// only wants the text and the counts never builds them as Python objects.
#[pyclass(frozen, module = "chaff_scrubber")]
pub struct Outcome {
    text: Py<PyString>,
    removals: Vec<Removal>,
    error: Option<Py<PyAny>>,
}

impl Outcome {
    pub fn cleaned(py: Python<'_>, outcome: chaff::Outcome) -> Outcome {
        Outcome {
            text: PyString::new(py, &outcome.text).unbind(),
            removals: outcome.removals.into_iter().map(Removal::from).collect(),
            error: None,
        }
    }

    /// A document that could not be cleaned: its text unchanged, nothing
    /// removed, and the exception that says why.
    pub fn failed(text: Py<PyString>, error: Py<PyAny>) -> Outcome {
        Outcome {
            text,
            removals: Vec::new(),
            error: Some(error),
        }
    }

    pub fn removal_values(&self) -> &[Removal] {
        &self.removals
    }
}

#[pymethods]
impl Outcome {
    #[new]
    #[pyo3(signature = (text, removals = Vec::new(), error = None))]
    fn new(text: Py<PyString>, removals: Vec<Removal>, error: Option<Py<PyAny>>) -> Self {
        Outcome {
            text,
            removals,
            error,
        }
    }

    /// The input with every removal cut out (for a failed document in
    /// `on_error="keep"` mode: the input unchanged).
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyString> {
        self.text.clone_ref(py)
    }

    /// The removals, sorted by `start`, never overlapping.
    #[getter]
    fn removals(&self) -> Vec<Removal> {
        self.removals.clone()
    }

    /// The exception for a document that could not be cleaned
    /// (`clean_batch(..., on_error="keep")`), else `None`.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.as_ref().map(|e| e.clone_ref(py))
    }

    /// Whether the document was cleaned (`error is None`).
    #[getter]
    fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// Removals per category (`by="category"`) or per rule id (`by="rule"`).
    #[pyo3(signature = (by = "category"))]
    fn counts(&self, by: &str) -> PyResult<BTreeMap<String, usize>> {
        let key: fn(&Removal) -> &String = match by {
            "category" => |r| &r.category,
            "rule" => |r| &r.rule,
            other => {
                return Err(PyValueError::new_err(format!(
                    "by must be \"category\" or \"rule\", not {other:?}"
                )));
            }
        };
        let mut counts = BTreeMap::new();
        for r in &self.removals {
            *counts.entry(key(r).clone()).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// Bytes removed (UTF-8).
    #[getter]
    fn removed_bytes(&self) -> usize {
        self.removals.iter().map(|r| r.end - r.start).sum()
    }

    /// Each removal's `(start, end)` as character offsets into `source`, the
    /// document it was cut from, in one pass.
    fn char_spans(&self, source: &str) -> PyResult<Vec<(usize, usize)>> {
        let mut spans = Vec::with_capacity(self.removals.len());
        let mut at = (0, 0);
        for r in &self.removals {
            slice(source, r.start, r.end)?;
            if r.start < at.0 {
                return Err(PyValueError::new_err("removals are not sorted"));
            }
            let start = chars_until(source, at, r.start);
            let end = chars_until(source, (r.start, start), r.end);
            spans.push((start, end));
            at = (r.end, end);
        }
        Ok(spans)
    }

    /// `{"text", "removals": [{"rule", "category", "start", "end"}]}`.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("text", self.text.bind(py))?;
        let removals = PyList::empty(py);
        for r in &self.removals {
            removals.append(r.as_dict(py)?)?;
        }
        dict.set_item("removals", removals)?;
        Ok(dict)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<Outcome>() else {
            return Ok(false);
        };
        let other = other.get();
        let same_error = match (&self.error, &other.error) {
            (None, None) => true,
            (Some(a), Some(b)) => a.bind(py).eq(b.bind(py))? || a.is(b),
            _ => false,
        };
        Ok(same_error
            && self.removals == other.removals
            && self.text.bind(py).to_str()? == other.text.bind(py).to_str()?)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = self.text.bind(py).len()?;
        Ok(match &self.error {
            None => format!(
                "Outcome(text=<{text} characters>, removals=<{}>)",
                self.removals.len()
            ),
            Some(e) => format!(
                "Outcome(text=<{text} characters, unchanged>, error={})",
                e.bind(py).repr()?
            ),
        })
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let o = slf.get();
        let args = (
            o.text.clone_ref(py),
            o.removals.clone(),
            o.error.as_ref().map(|e| e.clone_ref(py)),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type(), args))
    }
}
