"""A small, friendly Python API over the chaff WebAssembly component, with
the guarantees of the Rust host.

wasmtime-py (PyPI ``wasmtime``) has a native component API but no generated
wrappers, so this module gives Python users the same shape as the Rust host:

    from chaff_component import Plugin, Limits
    plugin = Plugin("target/guest/chaff.wasm")          # or Plugin(path, Limits(deadline=2.0))
    scrubber = plugin.scrubber()                        # built-in rules
    outcome = scrubber.clean(text)
    outcome.text, outcome.removals                      # removals: rule, category, start, end

and the same guarantees, whatever the component does:

* every call has a wall-clock deadline (wasmtime epochs, ticked by one
  thread per plugin) and the instance a memory cap (store limits);
* documents over ``max_input_bytes`` are refused before the call;
* the component only reports spans (``scan``); they are checked (in bounds,
  sorted, not overlapping, on UTF-8 character boundaries) and the text is
  cut here, so the output is always the input minus the reported spans;
* after any failure the instance is thrown away and the next call gets a
  fresh one, so one bad document cannot poison the next.

Failures raise a ``ChaffError``: ``Timeout``, ``Trap``, ``InvalidOutcome``,
``InputTooLarge``. wasmtime-py denies a growth past the memory cap without
saying so; the component then aborts, which arrives as a ``Trap`` whose
message names the cap (this wrapper cannot tell the two apart, the Rust
host can).

Offsets are byte offsets into the UTF-8 encoding of the input, as in every
runtime (use ``text.encode()[start:end]`` to get a removed span).
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import List, Optional, Sequence

import wasmtime
import wasmtime.component as wc

INTERFACE = "chaff:scrubber/scrub@0.1.0"


@dataclass(frozen=True)
class Limits:
    """What one call may cost, as in the Rust host's ``chaff::Limits``."""

    deadline: float = 10.0  # seconds per call
    memory_bytes: int = 1 << 30  # per instance
    max_input_bytes: int = 256 << 20  # per document
    tick: float = 0.01  # how often the deadline is checked, in seconds

    def deadline_ticks(self) -> int:
        return max(1, int(-(-self.deadline // self.tick)))


@dataclass(frozen=True)
class Removal:
    rule: str
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Outcome:
    text: str
    removals: List[Removal]


class ChaffError(Exception):
    """A call failed; the plugin stays usable (with a fresh instance)."""


class Timeout(ChaffError):
    """The call ran past its deadline and was interrupted."""


class Trap(ChaffError):
    """The component trapped (or ran out of memory under the cap)."""


class InvalidOutcome(ChaffError):
    """The component reported spans that do not describe the input."""


class InputTooLarge(ChaffError):
    """The document is over ``max_input_bytes``; it was not sent."""


class RuleError(ValueError):
    """A rule file was refused; ``rule``, ``field``, ``line``, ``column`` say where."""

    def __init__(self, rule: Optional[str], field: Optional[str], line: Optional[int],
                 column: Optional[int], message: str):
        self.rule, self.field, self.line, self.column, self.message = rule, field, line, column, message
        where = [f"line {line}" if line else None, f"column {column}" if column else None,
                 f"rule `{rule}`" if rule else None, f"field `{field}`" if field else None]
        where_text = ", ".join(w for w in where if w)
        super().__init__(f"{where_text}: {message}" if where_text else message)


def _ticker(engine: wasmtime.Engine, tick: float, stop: threading.Event) -> None:
    """Advances the engine's epoch every ``tick`` until ``stop`` is set."""
    while not stop.wait(tick):
        engine.increment_epoch()


def verified(text: str, raw: Sequence) -> Outcome:
    """The outcome the spans ``raw`` describe, or ``InvalidOutcome``.

    As the Rust host does: spans must be non-empty, sorted, not overlapping,
    inside the input and on UTF-8 character boundaries; the text is cut
    here, so nothing the component makes up can reach the caller.
    """
    data = text.encode("utf-8")

    def boundary(offset: int) -> bool:
        return offset == len(data) or (data[offset] & 0xC0) != 0x80

    removals, kept, previous_end = [], [], 0
    for i, r in enumerate(raw):
        start, end = int(r.start), int(r.end)
        if start >= end:
            raise InvalidOutcome(f"removal {i} ({start}..{end}) is empty or reversed")
        if end > len(data):
            raise InvalidOutcome(f"removal {i} ({start}..{end}) ends past the input ({len(data)} bytes)")
        if start < previous_end:
            raise InvalidOutcome(
                f"removal {i} ({start}..{end}) overlaps or precedes the one before (ending at {previous_end})")
        if not (boundary(start) and boundary(end)):
            raise InvalidOutcome(f"removal {i} ({start}..{end}) splits a UTF-8 character")
        kept.append(data[previous_end:start])
        previous_end = end
        removals.append(Removal(str(r.rule), str(r.category), start, end))
    kept.append(data[previous_end:])
    return Outcome(b"".join(kept).decode("utf-8"), removals)


class Plugin:
    """The component, compiled once, served by one instance at a time that
    is replaced after any failure. Not for concurrent use from several
    threads (make one plugin per thread)."""

    def __init__(self, path: str, limits: Limits = Limits()):
        self.limits = limits
        config = wasmtime.Config()
        config.epoch_interruption = True
        self._engine = wasmtime.Engine(config)
        self._component = wc.Component.from_file(self._engine, path)
        self._path = path
        stop = threading.Event()
        threading.Thread(target=_ticker, args=(self._engine, limits.tick, stop),
                         name="chaff-epoch-ticker", daemon=True).start()
        # The ticker stops when the plugin is collected or closed.
        self._stop = weakref.finalize(self, stop.set)
        self._generation = 0
        self._instantiate()

    def close(self) -> None:
        self._stop()

    def _instantiate(self) -> None:
        """A fresh store and instance; scrubbers re-create their rule sets
        in it on their next call."""
        self._store = wasmtime.Store(self._engine)
        self._store.set_limits(memory_size=self.limits.memory_bytes)
        self._store.set_epoch_deadline(self.limits.deadline_ticks())
        # The component imports nothing, so an empty linker is enough.
        self._instance = wc.Linker(self._engine).instantiate(self._store, self._component)
        self._generation += 1
        iface = self._instance.get_export_index(self._store, INTERFACE)
        if iface is None:
            raise ValueError(f"{self._path} does not export {INTERFACE}")

        def func(name: str):
            index = self._instance.get_export_index(self._store, name, iface)
            if index is None:
                raise ValueError(f"{self._path} does not export {INTERFACE}#{name}")
            return self._instance.get_func(self._store, index)

        self._builtin_rules = func("builtin-rules")
        self._clean_builtin = func("clean-builtin")
        self._from_rules = func("[static]scrubber.from-rules")
        self._scan = func("[method]scrubber.scan")
        self._scan_batch = func("[method]scrubber.scan-batch")

    def _call(self, f, *args):
        """One call under the deadline; on any failure the instance goes."""
        self._store.set_epoch_deadline(self.limits.deadline_ticks())
        try:
            result = f(self._store, *args)
            f.post_return(self._store)
            return result
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            # The component API reports traps as errors whose cause is the
            # trap ("wasm trap: interrupt" for the deadline).
            self._instantiate()
            message = str(e)
            if getattr(e, "trap_code", None) == wasmtime.TrapCode.INTERRUPT or "wasm trap: interrupt" in message:
                raise Timeout(f"cleaning took longer than the {self.limits.deadline} s deadline") from e
            cause = message.rsplit("Caused by:", 1)[-1].strip()
            raise Trap(f"the component trapped (or hit the memory cap of {self.limits.memory_bytes} "
                       f"bytes, which wasmtime-py reports the same way): {cause}") from e

    def _check_size(self, text: str) -> None:
        size = len(text.encode("utf-8"))
        if size > self.limits.max_input_bytes:
            raise InputTooLarge(f"{size} bytes is over the input limit of {self.limits.max_input_bytes} bytes")

    def builtin_rules(self) -> str:
        return self._call(self._builtin_rules)

    def clean_builtin(self, text: str) -> Outcome:
        """The built-in rules in one call; only the component's spans are
        used, checked, and the text cut here."""
        self._check_size(text)
        return verified(text, self._call(self._clean_builtin, text).removals)

    def scrubber(self, rules: Optional[str] = None) -> "Scrubber":
        """A scrubber for ``rules`` (a rule file's text); built-in rules by default."""
        scrubber = Scrubber(self, self.builtin_rules() if rules is None else rules)
        scrubber._handle()  # rule errors surface here, not on the first document
        return scrubber


class Scrubber:
    """One rule set, compiled in the plugin's current instance."""

    def __init__(self, plugin: Plugin, rules: str):
        self._plugin = plugin
        self.rules = rules
        self._resource = None
        self._generation = -1

    def _handle(self):
        plugin = self._plugin
        if self._generation != plugin._generation:
            result = plugin._call(plugin._from_rules, self.rules)
            if not isinstance(result, wc.ResourceAny):
                # result<scrubber, rule-error>: the error arrives as the record.
                raise RuleError(result.rule, result.field, result.line, result.column, result.message)
            self._resource, self._generation = result, plugin._generation
        return self._resource

    def clean(self, text: str) -> Outcome:
        self._plugin._check_size(text)
        raw = self._plugin._call(self._plugin._scan, self._handle(), text)
        return verified(text, raw)

    def clean_batch(self, texts: List[str]) -> List[Outcome]:
        for text in texts:
            self._plugin._check_size(text)
        raws = self._plugin._call(self._plugin._scan_batch, self._handle(), list(texts))
        if len(raws) != len(texts):
            raise InvalidOutcome(f"{len(raws)} results for a batch of {len(texts)} documents")
        return [verified(text, raw) for text, raw in zip(texts, raws)]
