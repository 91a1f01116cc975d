//! What each store carries: the memory cap and what the component asked
//! for, checked by wasmtime on every growth.

use wasmtime::ResourceLimiter;

/// Per-store data: the memory cap and what the component asked for.
pub(crate) struct WorkerState {
    pub(crate) memory_cap: usize,
    pub(crate) memory_high: usize,
    pub(crate) memory_exceeded: bool,
    /// The operating system refused a growth the cap allowed (address
    /// space or memory exhausted): the host's limit, not the component's.
    pub(crate) host_refused: Option<String>,
}

impl ResourceLimiter for WorkerState {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_cap {
            // An error (rather than `Ok(false)`) traps at once, so a guest
            // cannot catch the failure and carry on in a degraded state.
            self.memory_exceeded = true;
            return Err(wasmtime::Error::msg("memory cap exceeded"));
        }
        self.memory_high = self.memory_high.max(desired);
        Ok(true)
    }

    fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        // Trap at once, as for the cap, and remember why: the guest would
        // otherwise abort on a failed allocation and look like a bug.
        self.host_refused = Some(format!("{error:#}"));
        Err(error)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1 << 20)
    }
}
