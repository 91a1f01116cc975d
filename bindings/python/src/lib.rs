//! The native part of the `chaff_scrubber` Python package (`chaff-scrubber`
//! on PyPI): the chaff host library behind Python classes. The package's
//! pure-Python part (`python/chaff_scrubber`) holds the exceptions, the
//! per-process cache of scrubbers and the adapters (datatrove, pandas).

use pyo3::prelude::*;

mod errors;
mod jsonl;
mod registry;
mod scrubber;
mod spread;
mod types;

#[pymodule(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<scrubber::Scrubber>()?;
    m.add_class::<types::Outcome>()?;
    m.add_class::<types::Removal>()?;
    m.add_class::<types::RuleInfo>()?;
    m.add_function(wrap_pyfunction!(scrubber::_restore, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
