//! How many instances a plugin may have alive at once.
//!
//! Every instance occupies a slot of the pooling allocator (or, without
//! pooling, its own reservation of address space), so a plugin counts them:
//! at most [`Limits::max_instances`](crate::Limits) are alive, busy or idle.
//! A call that finds no instance free waits for one instead of failing, so
//! any number of threads can share a scrubber sized for a few.
//!
//! Idle instances are counted across all scrubbers of the plugin (at most
//! `max_idle_instances`), which keeps at least `concurrency` slots for busy
//! calls: a waiting call is always waiting on a call that will finish.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// The counters, shared by the plugin and every instance it made.
#[derive(Debug)]
pub(crate) struct Slots {
    max_live: usize,
    max_idle: usize,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    live: usize,
    idle: usize,
    /// Bumped on every release and every instance parked, so a waiter that
    /// looked at its idle list before waiting cannot miss the change.
    generation: u64,
}

/// The right to keep one instance alive; released when dropped.
#[derive(Debug)]
pub(crate) struct Permit {
    slots: Arc<Slots>,
}

impl Slots {
    pub(crate) fn new(max_live: usize, max_idle: usize) -> Arc<Slots> {
        Arc::new(Slots {
            max_live: max_live.max(1),
            max_idle,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The current generation, to pass to [`Slots::wait_after`].
    pub(crate) fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// A permit if a slot is free.
    pub(crate) fn try_acquire(self: &Arc<Self>) -> Option<Permit> {
        let mut state = self.lock();
        if state.live >= self.max_live {
            return None;
        }
        state.live += 1;
        Some(Permit {
            slots: Arc::clone(self),
        })
    }

    /// A permit, waiting as long as it takes for a slot to be released.
    pub(crate) fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            let seen = self.generation();
            if let Some(permit) = self.try_acquire() {
                return permit;
            }
            self.wait_after(seen);
        }
    }

    /// Blocks until something changed since `seen`: a slot released or an
    /// instance parked.
    pub(crate) fn wait_after(&self, seen: u64) {
        let state = self.lock();
        let _state = self
            .changed
            .wait_while(state, |state| state.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
    }

    /// Counts one more idle instance, if the plugin-wide idle budget allows.
    pub(crate) fn try_park(&self) -> bool {
        let mut state = self.lock();
        if state.idle >= self.max_idle {
            return false;
        }
        state.idle += 1;
        state.generation += 1;
        self.changed.notify_all();
        true
    }

    /// Counts one idle instance less (taken for a call, or dropped).
    pub(crate) fn unpark(&self) {
        let mut state = self.lock();
        state.idle = state.idle.saturating_sub(1);
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.slots.lock();
        state.live = state.live.saturating_sub(1);
        state.generation += 1;
        self.slots.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_full_plugin_makes_callers_wait_until_a_slot_is_released() {
        let slots = Slots::new(2, 1);
        let a = slots.acquire();
        let _b = slots.acquire();
        assert!(slots.try_acquire().is_none());
        let waiter = {
            let slots = Arc::clone(&slots);
            std::thread::spawn(move || drop(slots.acquire()))
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!waiter.is_finished(), "the third caller waits");
        drop(a);
        waiter.join().expect("the waiter gets the released slot");
    }

    #[test]
    fn idle_instances_are_counted_across_the_plugin() {
        let slots = Slots::new(4, 1);
        assert!(slots.try_park());
        assert!(!slots.try_park());
        slots.unpark();
        assert!(slots.try_park());
    }
}
