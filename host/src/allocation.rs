//! How instances get their memory: the engine configuration, chosen from
//! the limits and from what the operating system allows.
//!
//! The fast path is wasmtime's pooling allocator with 4 GiB reservations per
//! memory (bounds checks folded into guard pages). It reserves its address
//! space up front, for every instance the plugin may have alive, so it is
//! sized from [`Limits::max_instances`] and used only when that reservation
//! fits in half of the process's address-space limit (`ulimit -v`); the
//! other half is left for the host's own work (records, buffers, compiling).
//! Under a tighter limit the engine allocates each memory on demand with
//! small reservations, which costs bounds checks but lets chaff start.

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::Error;
use crate::limits::Limits;

/// The strategy the engine ended up with, for reports and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocation {
    /// The pooling allocator, sized for the plugin's instances.
    Pooling,
    /// wasmtime's default on-demand allocation (4 GiB reservations).
    OnDemand,
    /// On-demand allocation with small reservations, under an address-space
    /// limit too tight for the others.
    Compact,
}

/// What wasmtime reserves per memory by default on 64-bit hosts: 4 GiB plus
/// guard regions before and after (32 MiB each).
const DEFAULT_MEMORY_RESERVATION: u64 = (4 << 30) + (64 << 20);

/// Room per pooled instance for its tables and instance state.
const POOL_SLOT_OVERHEAD: u64 = 8 << 20;

/// Extra space a compact memory reserves when it grows, so that growing
/// a few pages at a time does not copy the memory every time.
const COMPACT_GROWTH_RESERVATION: u64 = 32 << 20;

/// Guard region after a compact memory (bounds checks do the real work).
const COMPACT_GUARD: u64 = 64 << 10;

/// Core instances, memories and tables one component instance may use in
/// the pool. The chaff component has one of each; room is left for
/// components made of several core modules.
const PER_COMPONENT: u32 = 4;

/// The engine for `limits`, and how it allocates.
pub(crate) fn engine(limits: &Limits) -> Result<(Engine, Allocation), Error> {
    let mut base = Config::new();
    base.epoch_interruption(true);
    // `CHAFF_PERFMAP=1` writes /tmp/perf-<pid>.map, so that `perf report`
    // names the component's functions: for profiling chaff itself.
    if std::env::var_os("CHAFF_PERFMAP").is_some_and(|v| !v.is_empty()) {
        base.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    base.consume_fuel(limits.fuel.is_some());
    let instances = limits.max_instances();
    let budget = address_space_limit().map(|limit| limit / 2);
    let pool_bytes = u64::try_from(instances)
        .unwrap_or(u64::MAX)
        .saturating_mul(DEFAULT_MEMORY_RESERVATION + POOL_SLOT_OVERHEAD);
    if limits.pooling && budget.is_none_or(|budget| pool_bytes <= budget) {
        let mut pooled = base.clone();
        pooled.allocation_strategy(InstanceAllocationStrategy::Pooling(pool(limits, instances)));
        if let Ok(engine) = Engine::new(&pooled) {
            return Ok((engine, Allocation::Pooling));
        }
    }
    if budget.is_none()
        && let Ok(engine) = Engine::new(&base)
    {
        return Ok((engine, Allocation::OnDemand));
    }
    let mut compact = base;
    compact
        .memory_reservation(0)
        .memory_reservation_for_growth(COMPACT_GROWTH_RESERVATION)
        .memory_guard_size(COMPACT_GUARD)
        .guard_before_linear_memory(false);
    Engine::new(&compact)
        .map(|engine| (engine, Allocation::Compact))
        .map_err(|e| Error::Engine(format!("{e:#}{}", address_space_note())))
}

/// The pool: one slot per instance the plugin may keep alive.
fn pool(limits: &Limits, instances: usize) -> PoolingAllocationConfig {
    let instances = u32::try_from(instances).unwrap_or(u32::MAX);
    let per_kind = instances.saturating_mul(PER_COMPONENT);
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(instances)
        .total_core_instances(per_kind)
        .total_memories(per_kind)
        .total_tables(per_kind)
        .max_core_instances_per_component(PER_COMPONENT)
        .max_memories_per_component(PER_COMPONENT)
        .max_tables_per_component(PER_COMPONENT)
        .max_memory_size(limits.memory_bytes);
    pool
}

/// The process's address-space limit (`ulimit -v`), when there is one.
#[cfg(unix)]
#[expect(unsafe_code, reason = "libc::getrlimit, which std does not wrap")]
pub(crate) fn address_space_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` through a valid pointer.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) };
    #[allow(
        clippy::useless_conversion,
        reason = "`rlim_t` is `u64` on Linux but not on every Unix"
    )]
    let current = u64::try_from(limit.rlim_cur).ok();
    current.filter(|_| status == 0 && limit.rlim_cur != libc::RLIM_INFINITY)
}

/// The process's address-space limit, when there is one.
#[cfg(not(unix))]
pub(crate) fn address_space_limit() -> Option<u64> {
    None
}

/// A note for messages about refused memory: the limit in force, if any.
pub(crate) fn address_space_note() -> String {
    match address_space_limit() {
        Some(limit) => format!(
            " (the process's address-space limit, `ulimit -v`, is {} MiB)",
            limit >> 20
        ),
        None => String::new(),
    }
}
