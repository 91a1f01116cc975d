//! `chaff::Error` as the Python exceptions of `chaff_scrubber._errors`.
//!
//! The exception classes are plain Python (so they pickle, carry typed
//! attributes and can subclass `TimeoutError` or `ValueError`); this module
//! builds instances of them with keyword attributes.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The exception `class` called with `message` and keyword attributes.
fn instance<'py>(
    py: Python<'py>,
    class: &str,
    message: String,
    attributes: &[(&str, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let module = ERRORS.get_or_try_init(py, || {
        py.import("chaff_scrubber._errors").map(Bound::unbind)
    })?;
    let kwargs = PyDict::new(py);
    for (name, value) in attributes {
        kwargs.set_item(name, value)?;
    }
    module
        .bind(py)
        .getattr(class)?
        .call((message,), Some(&kwargs))
}

/// The message with the document index the caller knows, in place of the
/// one the host knew (a batch split by URL is cleaned in several calls).
fn relabel(error: &chaff::Error, document: Option<usize>) -> String {
    let message = error.to_string();
    match (error.document(), document) {
        (Some(host), Some(ours)) if host != ours => message
            .strip_prefix(&format!("document {host}: "))
            .map_or(message.clone(), |rest| format!("document {ours}: {rest}")),
        _ => message,
    }
}

/// The exception instance for `error`, concerning the caller's document
/// `document` (its index in a batch; 0 for a single call).
pub fn exception<'py>(
    py: Python<'py>,
    error: &chaff::Error,
    document: Option<usize>,
) -> Bound<'py, PyAny> {
    build(py, error, document).unwrap_or_else(|e| {
        // The exception module itself failed (it is part of the package, so
        // only a broken install gets here): say so, with chaff's message.
        PyRuntimeError::new_err(format!("{error} (and chaff_scrubber._errors failed: {e})"))
            .into_value(py)
            .into_bound(py)
            .into_any()
    })
}

/// `InvalidText` for a `str` that has no UTF-8 form (a lone surrogate,
/// which Python's `json` module can produce from `"\ud800"`).
pub fn invalid_text<'py>(py: Python<'py>, document: usize, why: &PyErr) -> Bound<'py, PyAny> {
    let message = format!("document {document}: the text cannot be encoded as UTF-8: {why}");
    let attributes = match document.into_pyobject(py) {
        Ok(index) => vec![("document", index.into_any())],
        Err(_) => vec![],
    };
    instance(py, "InvalidText", message.clone(), &attributes).unwrap_or_else(|e| {
        PyRuntimeError::new_err(format!(
            "{message} (and chaff_scrubber._errors failed: {e})"
        ))
        .into_value(py)
        .into_bound(py)
        .into_any()
    })
}

/// [`exception`], raised.
pub fn raise(py: Python<'_>, error: &chaff::Error, document: Option<usize>) -> PyErr {
    PyErr::from_value(exception(py, error, document))
}

fn build<'py>(
    py: Python<'py>,
    error: &chaff::Error,
    document: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    use chaff::Error as E;
    let message = relabel(error, document);
    let document = error.document().map(|host| document.unwrap_or(host));
    let doc = ("document", document.into_pyobject(py)?.into_any());
    macro_rules! attrs {
        ($($name:literal => $value:expr),* $(,)?) => {
            vec![doc.clone(), $(($name, $value.into_pyobject(py)?.into_any())),*]
        };
    }
    let (class, attributes) = match error {
        E::Rules(rule) => (
            "RuleError",
            vec![
                ("rule", rule.rule.clone().into_pyobject(py)?.into_any()),
                ("field", rule.field.clone().into_pyobject(py)?.into_any()),
                ("line", rule.line.into_pyobject(py)?.into_any()),
                ("column", rule.column.into_pyobject(py)?.into_any()),
                (
                    "message",
                    rule.message.clone().into_pyobject(py)?.into_any(),
                ),
            ],
        ),
        E::Options(refused) => {
            let (kind, value) = options_error(refused);
            (
                "OptionsError",
                vec![
                    ("kind", kind.into_pyobject(py)?.into_any()),
                    ("value", value.into_pyobject(py)?.into_any()),
                ],
            )
        }
        E::InputTooLarge { len, limit, .. } => {
            ("InputTooLarge", attrs!["length" => *len, "limit" => *limit])
        }
        E::Timeout { limit, .. } => (
            "DeadlineExceeded",
            attrs!["deadline" => limit.as_secs_f64()],
        ),
        E::MemoryExceeded { limit, .. } => ("MemoryExceeded", attrs!["limit" => *limit]),
        E::FuelExhausted { fuel, .. } => ("FuelExhausted", attrs!["fuel" => *fuel]),
        E::OutputTooLarge { limit, .. } => ("OutputTooLarge", attrs!["limit" => *limit]),
        E::PoolExhausted { .. } | E::HostResources { .. } => ("HostResourcesError", attrs![]),
        E::Trap { .. } => ("ComponentTrap", attrs![]),
        E::InvalidOutcome { .. } => ("InvalidOutcome", attrs![]),
        E::Read { .. } | E::Load(_) | E::Incompatible(_) | E::Engine(_) => {
            ("ComponentError", vec![])
        }
        _ => (
            "ChaffError",
            if document.is_some() { attrs![] } else { vec![] },
        ),
    };
    instance(py, class, message, &attributes)
}

/// `OptionsError`'s `kind` and `value`, as the Node and wasmtime-py
/// wrappers name them.
fn options_error(refused: &chaff::OptionsError) -> (&'static str, String) {
    use chaff::OptionsError as O;
    match refused {
        O::UnknownRule(id) => ("unknown-rule", id.clone()),
        O::UnknownCategory(category) => ("unknown-category", category.clone()),
        O::ProfileUnavailable(why) => ("profile-unavailable", why.clone()),
        O::Unsupported { version } => ("unsupported", (*version).to_string()),
        other => ("other", other.to_string()),
    }
}
