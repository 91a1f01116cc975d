"""Type stubs for the native part of chaff_scrubber (written by hand; checked
against the module by ``python -m mypy.stubtest chaff_scrubber._native``)."""

import os
from collections.abc import Iterable
from typing import Any, Literal, final

from ._errors import ChaffError

__all__ = ["Scrubber", "Outcome", "Removal", "RuleInfo", "_restore", "__version__"]

__version__: str

_Profile = Literal["extractor", "page"]
_Names = str | Iterable[str] | None

@final
class Removal:
    """One span cut from the input: the rule, its category, and UTF-8 byte
    offsets ``start..end`` into the input (``end`` exclusive)."""

    @property
    def rule(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def __new__(cls, rule: str, category: str, start: int, end: int) -> Removal: ...
    def text_in(self, source: str) -> str:
        """The removed text, given the document it was cut from."""
    def char_span(self, source: str) -> tuple[int, int]:
        """``(start, end)`` in characters: ``source[start:end]`` is the removed text."""
    def as_dict(self) -> dict[str, Any]:
        """``{"rule", "category", "start", "end"}``, as ``chaff clean --jsonl --removals-field`` writes it."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class RuleInfo:
    """One rule of the rule set in force."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def description(self) -> str: ...
    def __new__(cls, id: str, category: str, kind: str, description: str) -> RuleInfo: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Outcome:
    """The cleaned text of one document and what was cut from it."""

    def __new__(
        cls, text: str, removals: list[Removal] = ..., error: ChaffError | None = None
    ) -> Outcome: ...
    @property
    def text(self) -> str:
        """The input with every removal cut out (a failed document kept with
        ``on_error="keep"``: the input unchanged)."""
    @property
    def removals(self) -> list[Removal]:
        """Sorted by ``start``, never overlapping."""
    @property
    def error(self) -> ChaffError | None:
        """Why the document could not be cleaned (``on_error="keep"``), else ``None``."""
    @property
    def ok(self) -> bool:
        """``error is None``."""
    @property
    def removed_bytes(self) -> int:
        """UTF-8 bytes removed."""
    def counts(self, by: Literal["category", "rule"] = "category") -> dict[str, int]:
        """Removals per category, or per rule id."""
    def char_spans(self, source: str) -> list[tuple[int, int]]:
        """Every removal's span in characters of ``source``, in one pass."""
    def as_dict(self) -> dict[str, Any]:
        """``{"text", "removals": [{"rule", "category", "start", "end"}]}``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Scrubber:
    """Removes junk lines from scraped text, in a WebAssembly sandbox.

    ``rules`` is a rule file's text (TOML, or JSON when it starts with
    ``{``), or a path to one (``os.PathLike``: a ``str`` is always the
    text); without it the built-in ``profile`` applies: ``"extractor"``
    (the default) for an extractor's output, ``"page"`` for full-page text.
    A broken rule file raises :class:`RuleError` here.

    Limits apply to every call: ``deadline`` (seconds), ``memory_bytes`` (per
    sandbox instance), ``max_input_bytes`` (per document), ``fuel`` (an
    instruction budget, off by default), ``concurrency`` (calls at once;
    default: the number of cores; more threads wait). Scrubbers with the
    same limits and ``cache_dir`` share one engine per process.
    ``cache_dir``: where the compiled component is cached (``None``:
    ``$CHAFF_CACHE_DIR``, else ``$XDG_CACHE_HOME/chaff``, else
    ``~/.cache/chaff``; ``False``: no cache).

    Thread-safe (calls release the GIL), picklable (as its rules and
    limits), and fork-safe (a child process builds its own engine on first
    use).
    """

    def __new__(
        cls,
        rules: str | os.PathLike[str] | None = None,
        *,
        profile: _Profile | None = None,
        deadline: float = 10.0,
        memory_bytes: int = 1073741824,
        max_input_bytes: int = 268435456,
        fuel: int | None = None,
        concurrency: int | None = None,
        cache_dir: str | os.PathLike[str] | Literal[False] | None = None,
    ) -> Scrubber: ...
    def clean(
        self,
        text: str,
        *,
        url: str | None = None,
        skip_categories: _Names = None,
        skip_rules: _Names = None,
        profile: _Profile | None = None,
    ) -> Outcome:
        """Cleans one document. ``url``: its URL or host, for rules scoped to
        sites; ``skip_categories`` / ``skip_rules``: rules not to apply
        (unknown names raise :class:`OptionsError`); ``profile``: read the
        rules on another built-in profile."""
    def scan(
        self,
        text: str,
        *,
        url: str | None = None,
        skip_categories: _Names = None,
        skip_rules: _Names = None,
        profile: _Profile | None = None,
    ) -> list[Removal]:
        """What :meth:`clean` would remove."""
    def clean_batch(
        self,
        texts: Iterable[str],
        *,
        url: str | None = None,
        urls: Iterable[str | None] | None = None,
        skip_categories: _Names = None,
        skip_rules: _Names = None,
        profile: _Profile | None = None,
        on_error: Literal["raise", "keep"] = "raise",
    ) -> list[Outcome]:
        """Cleans many documents, one :class:`Outcome` each, in order.

        ``url`` applies to every document; ``urls`` gives one per document.
        A document that cannot be cleaned never costs the others: with
        ``on_error="raise"`` its exception is raised (the first such
        document's, with its index as ``document``); with ``"keep"`` its
        outcome is its text unchanged, with the exception as ``error``.

        A large batch (over 256 KB a thread) is spread over up to
        ``concurrency`` threads with the GIL released; the results are the
        same, in the same order.
        """
    def clean_jsonl(
        self,
        data: bytes,
        *,
        field: str = "text",
        url_field: str | None = None,
        removals_field: str | None = None,
        skip_categories: _Names = None,
        skip_rules: _Names = None,
        profile: _Profile | None = None,
        on_error: Literal["raise", "pass", "skip"] = "raise",
    ) -> bytes:
        """Cleans JSONL records (bytes, one JSON object a line, as read from
        a shard) and returns the output records: ``field`` (a dotted path)
        cleaned and spliced back in place, every other byte unchanged,
        ``removals_field`` added when given, each record's site from
        ``url_field``; the bytes ``chaff clean --jsonl`` writes for the same
        lines. The JSON work is done in Rust with the GIL released, spread
        over up to ``concurrency`` threads. A record that cannot be cleaned
        raises ``ValueError`` naming its line (``"raise"``), is written
        unchanged (``"pass"``) or left out (``"skip"``).
        """
    def rules(self) -> list[RuleInfo]:
        """The rules in force, in file order."""
    @property
    def rule_text(self) -> str:
        """The rule file text in force (for a built-in profile, its file)."""
    @property
    def profile(self) -> _Profile | None:
        """The built-in profile, or ``None`` for a rule file."""
    @property
    def limits(self) -> dict[str, Any]:
        """``deadline``, ``memory_bytes``, ``max_input_bytes``, ``fuel``, ``concurrency``."""
    @property
    def load_report(self) -> dict[str, Any]:
        """How this process's engine got its compiled component: ``cache``
        (``"hit"``, ``"stored"``, ``"off"``, ``"unusable"``), ``path``, ``seconds``."""
    @property
    def contract_version(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __copy__(self) -> Scrubber: ...
    def __deepcopy__(self, memo: Any, /) -> Scrubber: ...

def _restore(
    rules: str | None,
    profile: str,
    deadline_ns: int,
    memory_bytes: int,
    max_input_bytes: int,
    fuel: int | None,
    concurrency: int | None,
    cache_dir: str | os.PathLike[str] | Literal[False] | None,
) -> Scrubber: ...
