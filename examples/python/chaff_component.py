"""A small, friendly Python API over the chaff WebAssembly component, with
the guarantees of the Rust host.

wasmtime-py (PyPI ``wasmtime``) has a native component API but no generated
wrappers, so this module gives Python users the same shape as the Rust host:

    from chaff_component import Plugin, Limits
    plugin = Plugin("target/guest/chaff.wasm")          # or Plugin(path, Limits(deadline=2.0))
    scrubber = plugin.scrubber()                        # built-in rules (or rules text, or profile="page")
    outcome = scrubber.clean(text)                      # or clean(text, url=..., skip_categories=[...], ...)
    outcome.text, outcome.removals                      # removals: rule, category, start, end
    scrubber.rule_table()                               # RuleInfo: id, category, kind, description

It speaks the contract ``chaff:scrubber/scrub@0.1.x``: with a 0.1.1 (or
newer 0.1.x) component it makes scrubbers with ``compile`` and
``from-builtin``, reads the rule table once per scrubber and cleans through
``scan-documents`` (spans name their rule by its index in that table, per-call
options); a component that only implements 0.1.0 is driven through the
0.1.0 functions (``from-rules``, ``scan-batch``), and per-call options are
refused with ``OptionsError`` of kind ``unsupported``. Which one is decided
from what the component exports (``Plugin.contract_version``).

The guarantees, whatever the component does:

* every call has a wall-clock deadline (wasmtime epochs, ticked by one
  thread per plugin) and the instance a memory cap (store limits);
* documents over ``max_input_bytes`` are refused before the call;
* the component only reports spans; they are checked (rule index inside the
  rule table, in bounds, sorted, not overlapping, on UTF-8 character
  boundaries) and the text is cut here, so the output is always the input
  minus the reported spans;
* after any failure (including an outcome that does not add up) the
  instance is thrown away and the next call gets a fresh one, so one bad
  document cannot poison the next.

Failures raise a ``ChaffError``: ``Timeout``, ``Trap``, ``InvalidOutcome``,
``InputTooLarge``. A refused rule file raises ``RuleError``, refused
options ``OptionsError`` (both ``ValueError``s; the instance is kept).
wasmtime-py denies a growth past the memory cap without saying so; the
component then aborts, which arrives as a ``Trap`` whose message names the
cap (this wrapper cannot tell the two apart, the Rust host can).

Offsets are byte offsets into the UTF-8 encoding of the input, as in every
runtime (use ``text.encode()[start:end]`` to get a removed span).
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

import wasmtime
import wasmtime.component as wc

#: The contract this wrapper speaks: any 0.1.x release of this interface.
INTERFACE_PATTERN = re.compile(r"chaff:scrubber/scrub@0\.1\.(0|[1-9][0-9]*)")

#: The built-in rule sets (the contract's ``profile`` enum).
PROFILES = ("extractor", "page")

# The functions each release adds, by their export names.
_FUNCS_0_1_0 = {
    "builtin_rules": "builtin-rules",
    "clean_builtin": "clean-builtin",
    "from_rules": "[static]scrubber.from-rules",
    "scan_batch": "[method]scrubber.scan-batch",
}
_FUNCS_0_1_1 = {
    "profile_rules": "profile-rules",
    "from_builtin": "[static]scrubber.from-builtin",
    "compile": "[static]scrubber.compile",
    "rules": "[method]scrubber.rules",
    "scan_documents": "[method]scrubber.scan-documents",
}


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


@dataclass(frozen=True)
class RuleInfo:
    """One rule of a scrubber's rule set, as the component describes it."""

    id: str
    category: str
    kind: str  # phrases, line-pattern, content-region, …
    description: str  # for people; may be empty


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


class Incompatible(ChaffError, ValueError):
    """The component does not implement ``chaff:scrubber/scrub@0.1.x`` (or imports something)."""


class RuleError(ValueError):
    """A rule file was refused; ``rule``, ``field``, ``line``, ``column`` say where."""

    def __init__(self, rule: Optional[str], field: Optional[str], line: Optional[int],
                 column: Optional[int], message: str):
        self.rule, self.field, self.line, self.column, self.message = rule, field, line, column, message
        where = [f"line {line}" if line else None, f"column {column}" if column else None,
                 f"rule `{rule}`" if rule else None, f"field `{field}`" if field else None]
        where_text = ", ".join(w for w in where if w)
        super().__init__(f"{where_text}: {message}" if where_text else message)


class OptionsError(ValueError):
    """A call's options were refused; nothing was cleaned.

    ``kind`` is ``unknown-rule`` or ``unknown-category`` (``value`` is the
    id or category no rule has), ``profile-unavailable`` (``value`` says why
    the rules cannot be read on that profile), or ``unsupported`` (the
    component implements a contract without per-call options; ``value`` is
    its version, ``0.1.0``).
    """

    KINDS = ("unknown-rule", "unknown-category", "profile-unavailable", "unsupported")

    def __init__(self, kind: str, value: str):
        self.kind, self.value = kind, value
        messages = {
            "unknown-rule": f"no rule has the id `{value}`",
            "unknown-category": f"no rule has the category `{value}`",
            "profile-unavailable": f"the rules cannot be read on that profile: {value}",
            "unsupported": f"the component implements chaff:scrubber/scrub@{value}, which has no "
                           "per-call options (they need 0.1.1)",
        }
        super().__init__(messages.get(kind, f"{kind}: {value}"))


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


def resolved(spans: Sequence, table: Sequence[RuleInfo]) -> List[Removal]:
    """0.1.1 spans (a rule index, start, end) named from the rule table; a
    span naming a rule the table lacks is an ``InvalidOutcome``."""
    removals = []
    for i, span in enumerate(spans):
        index = span.rule
        if not isinstance(index, int) or not 0 <= index < len(table):
            raise InvalidOutcome(f"span {i} names rule {index} of a table of {len(table)}")
        rule = table[index]
        removals.append(Removal(rule.id, rule.category, span.start, span.end))
    return removals


def _profile_file(profile: str) -> str:
    """A rule file that is exactly a built-in profile, for 0.1.0 components."""
    return f'version = 1\nextends = "{"builtin" if profile == "extractor" else "builtin:page"}"\n'


def _check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    return profile


def _names(what: str, values: Iterable[str]) -> List[str]:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{what} must be a list of strings, not one string")
    names = list(values)
    if not all(isinstance(v, str) for v in names):
        raise TypeError(f"{what} must be a list of strings")
    return names


def _contract(engine: wasmtime.Engine, component: wc.Component, path: str) -> Tuple[str, str]:
    """The interface export to use and the contract release to drive it
    with (``0.1.1`` or ``0.1.0``), from what the component exports."""
    component_type = component.type
    imports = list(component_type.imports(engine))
    if imports:
        raise Incompatible(f"{path} imports {', '.join(imports)}; a chaff component imports nothing")
    exports = component_type.exports(engine)
    found = [(int(m.group(1)), name) for name in exports if (m := INTERFACE_PATTERN.fullmatch(name))]
    if not found:
        raise Incompatible(f"{path} does not export chaff:scrubber/scrub@0.1.x "
                           f"(it exports: {', '.join(sorted(exports)) or 'nothing'})")
    _, interface = max(found)  # the newest 0.1.x it exports
    functions = set(exports[interface].ty.exports(engine))
    missing_0_1_0 = sorted(set(_FUNCS_0_1_0.values()) - functions)
    if missing_0_1_0:
        raise Incompatible(f"{path}: {interface} lacks {', '.join(missing_0_1_0)}")
    missing_0_1_1 = set(_FUNCS_0_1_1.values()) - functions
    return interface, ("0.1.1" if not missing_0_1_1 else "0.1.0")


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
        #: The export used, e.g. ``chaff:scrubber/scrub@0.1.1``, and the
        #: contract release it is driven as: ``0.1.1`` or ``0.1.0``.
        self.interface, self.contract_version = _contract(self._engine, self._component, path)
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
        iface = self._instance.get_export_index(self._store, self.interface)
        if iface is None:
            raise Incompatible(f"{self._path} does not export {self.interface}")

        def func(name: str):
            index = self._instance.get_export_index(self._store, name, iface)
            if index is None:
                raise Incompatible(f"{self._path} does not export {self.interface}#{name}")
            return self._instance.get_func(self._store, index)

        wanted = dict(_FUNCS_0_1_0, **(_FUNCS_0_1_1 if self.contract_version == "0.1.1" else {}))
        self._funcs = {key: func(name) for key, name in wanted.items()}

    def _call(self, name: str, *args):
        """One call under the deadline; on any failure the instance goes."""
        f = self._funcs[name]
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
        """The built-in rule file (the extractor profile), as text."""
        return self._call("builtin_rules")

    def profile_rules(self, profile: str) -> str:
        """A built-in profile's rule file (``extractor`` or ``page``), as text."""
        _check_profile(profile)
        if self.contract_version == "0.1.1":
            return self._call("profile_rules", profile)
        return self.builtin_rules() if profile == "extractor" else _profile_file(profile)

    def clean_builtin(self, text: str) -> Outcome:
        """The built-in rules in one call; only the component's spans are
        used, checked, and the text cut here."""
        self._check_size(text)
        raw = self._call("clean_builtin", text).removals
        try:
            return verified(text, raw)
        except InvalidOutcome:
            self._instantiate()
            raise

    def scrubber(self, rules: Optional[str] = None, *, profile: Optional[str] = None) -> "Scrubber":
        """A scrubber for ``rules`` (a rule file's text), or for the built-in
        ``profile`` (``extractor`` or ``page``, compiled inside the component
        without rule text crossing); the built-in extractor rules by default.
        A rule file that is refused raises ``RuleError`` here."""
        if rules is not None and profile is not None:
            raise ValueError("pass rules or a profile, not both")
        if rules is not None and not isinstance(rules, str):
            raise TypeError("rules must be a rule file's text")
        if rules is None:
            return Scrubber(self, profile=_check_profile(profile or "extractor"))
        return Scrubber(self, rules=rules)


class Scrubber:
    """One rule set, compiled in the plugin's current instance (and again
    in each fresh instance after a failure)."""

    def __init__(self, plugin: Plugin, rules: Optional[str] = None, profile: Optional[str] = None):
        self._plugin = plugin
        #: The built-in profile this scrubber was made from, or None for a rule file.
        self.profile = profile
        self._text = rules  # the rule file's text, None for a profile
        self._resource = None
        self._generation = -1
        self._handle()  # rule errors surface here, not on the first document
        # The rule table spans point into, fetched once (empty for 0.1.0
        # components, whose removals carry their rule's names).
        self._table: Tuple[RuleInfo, ...] = ()
        if plugin.contract_version == "0.1.1":
            self._table = tuple(RuleInfo(str(r.id), str(r.category), str(r.kind), str(r.description))
                                for r in plugin._call("rules", self._handle()))
        #: The rule file text in force.
        self.rules = rules if rules is not None else plugin.profile_rules(profile)

    def _handle(self):
        plugin = self._plugin
        if self._generation != plugin._generation:
            if plugin.contract_version == "0.1.1":
                if self.profile is not None:
                    result = plugin._call("from_builtin", self.profile)
                else:
                    result = plugin._call("compile", self._text)
                if not isinstance(result, wc.ResourceAny):
                    raise _rule_error(result)
            else:
                text = _profile_file(self.profile) if self.profile is not None else self._text
                result = plugin._call("from_rules", text)
                if not isinstance(result, wc.ResourceAny):
                    # result<scrubber, rule-error>: the error arrives as the record.
                    raise RuleError(result.rule, result.field, result.line, result.column, result.message)
            self._resource, self._generation = result, plugin._generation
        return self._resource

    def rule_table(self) -> List[RuleInfo]:
        """Every rule in force, in file order: id, category, kind and
        description, as the component reports them (fetched once per
        scrubber). Empty for components that implement only 0.1.0."""
        return list(self._table)

    def clean(self, text: str, *, url: Optional[str] = None, skip_categories: Iterable[str] = (),
              skip_rules: Iterable[str] = (), profile: Optional[str] = None) -> Outcome:
        """Cleans one document. ``url``: the document's URL or host, for rules
        scoped to sites; ``skip_categories`` / ``skip_rules``: categories and
        rule ids not applied in this call; ``profile``: read the rules on
        this built-in profile (``extractor`` or ``page``) instead of their
        own. Refused options raise ``OptionsError``."""
        (outcome,) = self.clean_batch([text], url=url, skip_categories=skip_categories,
                                      skip_rules=skip_rules, profile=profile)
        return outcome

    def clean_batch(self, texts: List[str], *, url: Optional[str] = None, skip_categories: Iterable[str] = (),
                    skip_rules: Iterable[str] = (), profile: Optional[str] = None) -> List[Outcome]:
        """Cleans many documents in one call, with the same options as ``clean``
        (one ``url`` per call: batch documents by site)."""
        plugin = self._plugin
        texts = list(texts)
        if url is not None and not isinstance(url, str):
            raise TypeError("url must be a string")
        skip_categories = _names("skip_categories", skip_categories)
        skip_rules = _names("skip_rules", skip_rules)
        if profile is not None:
            _check_profile(profile)
        default = url is None and not skip_categories and not skip_rules and profile is None
        for text in texts:
            plugin._check_size(text)
        if plugin.contract_version == "0.1.1":
            options = wc.Record()
            for name, value in (("url", url), ("skip-categories", skip_categories),
                                ("skip-rules", skip_rules), ("profile", profile)):
                setattr(options, name, value)
            answer = plugin._call("scan_documents", self._handle(), texts, options)
            if isinstance(answer, wc.Variant):
                # result<list<list<span>>, options-error>: the error is the variant.
                raise OptionsError(answer.tag, str(answer.payload))
            raws = answer
        elif not default:
            raise OptionsError("unsupported", plugin.contract_version)
        else:
            raws = plugin._call("scan_batch", self._handle(), texts)
        try:
            if len(raws) != len(texts):
                raise InvalidOutcome(f"{len(raws)} results for a batch of {len(texts)} documents")
            if plugin.contract_version == "0.1.1":
                raws = [resolved(spans, self._table) for spans in raws]
            return [verified(text, raw) for text, raw in zip(texts, raws)]
        except InvalidOutcome:
            # An instance that lied is not trusted with the next document.
            plugin._instantiate()
            raise


def _rule_error(error) -> RuleError:
    """The 0.1.1 ``rules-error`` variant as a ``RuleError``."""
    if isinstance(error, wc.Variant):
        if error.tag == "syntax":
            position, message = error.payload
            return RuleError(None, None, position.line, position.column, message)
        if error.tag == "rule":
            p = error.payload
            return RuleError(p.rule, p.field, None, None, p.message)
        if error.tag == "file":
            p = error.payload
            return RuleError(None, p.field, None, None, p.message)
    return RuleError(None, None, None, None, f"the component refused the rules: {error!r}")
