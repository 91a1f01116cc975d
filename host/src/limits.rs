//! The sandbox's limits: what one call may cost the host at most.

use std::time::Duration;

/// Limits applied to every call into the component.
///
/// The defaults are sized for scraped articles (kilobytes to a few
/// megabytes) with a wide margin, so that only a runaway rule or a hostile
/// component ever meets them. Each knob says why it has its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time one call (one document, or one batch) may take.
    ///
    /// Default 10 s: the built-in rules clean a megabyte in milliseconds, so
    /// ten seconds only ever stops a loop. Enforced with wasmtime epochs
    /// ticked by one thread per engine, so the check costs almost nothing.
    pub deadline: Duration,
    /// How often the epoch ticker thread wakes; deadlines are accurate to
    /// about one tick. Default 10 ms, as in Spin.
    pub tick: Duration,
    /// Largest linear memory one instance may have, in bytes.
    ///
    /// Default 1 GiB: cleaning needs about three times the document (input,
    /// output, scratch), so documents up to ~300 MB fit and a component that
    /// allocates without bound is stopped long before the host suffers.
    pub memory_bytes: usize,
    /// Largest document accepted, in bytes. Default 256 MiB, which keeps
    /// every offset far inside the contract's `u32` and leaves room in
    /// `memory_bytes` for the work.
    pub max_input_bytes: usize,
    /// Deterministic instruction budget per call, for callers who need the
    /// same answer on every machine rather than a wall-clock limit.
    ///
    /// Default `None` (off): fuel metering slows the component 2–3× while
    /// epochs cost about 10%.
    pub fuel: Option<u64>,
    /// Most bytes the host will copy out of the component in one call.
    ///
    /// Default 1 GiB: the outcome of a batch is at most its input plus the
    /// removal records; this only stops a component returning garbage
    /// without end.
    pub max_output_bytes: usize,
    /// Instances kept ready for reuse, one per concurrently cleaning thread,
    /// across all scrubbers of a plugin. Default: twice the number of cores
    /// (at least 4).
    pub max_idle_instances: usize,
    /// Calls that may run at the same time, across all threads and
    /// scrubbers of a plugin. A plugin never has more than `concurrency +
    /// max_idle_instances` instances alive; a call that finds none free
    /// waits for one, rather than fail. The pooling allocator is sized for
    /// exactly that many instances. Default: the number of cores; the CLI
    /// sets it to `--jobs`.
    pub concurrency: usize,
    /// Use wasmtime's pooling allocator, which makes instantiation a few
    /// microseconds. Default on; it reserves about 4 GiB of virtual address
    /// space per instance up front, so it is used only when that fits in
    /// half of the process's address-space limit (`ulimit -v`), and the host
    /// falls back to on-demand allocation (with small reservations) when it
    /// does not or when the operating system refuses.
    pub pooling: bool,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            deadline: Duration::from_secs(10),
            tick: Duration::from_millis(10),
            memory_bytes: 1 << 30,
            max_input_bytes: 256 << 20,
            fuel: None,
            max_output_bytes: 1 << 30,
            max_idle_instances: (2 * cores).max(4),
            concurrency: cores.max(1),
            pooling: true,
        }
    }
}

impl Limits {
    /// The most instances a plugin keeps alive at once (at least one).
    pub(crate) fn max_instances(&self) -> usize {
        self.concurrency
            .max(1)
            .saturating_add(self.max_idle_instances)
    }

    /// The deadline expressed in epoch ticks (at least one).
    pub(crate) fn deadline_ticks(&self) -> u64 {
        let tick = self.tick.as_nanos().max(1);
        let ticks = self.deadline.as_nanos().div_ceil(tick);
        u64::try_from(ticks).unwrap_or(u64::MAX).max(1)
    }
}
