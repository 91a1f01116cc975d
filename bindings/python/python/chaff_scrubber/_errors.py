"""The exceptions chaff raises.

Every exception is a :class:`ChaffError`. Those about one document carry its
index as ``document`` (0 for :meth:`Scrubber.clean`, the position in the
batch for :meth:`Scrubber.clean_batch`). After any of them the scrubber stays
usable: the sandbox instance that failed is discarded and the next call gets
a fresh one. Exceptions pickle with their attributes.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ChaffError",
    "RuleError",
    "OptionsError",
    "InputTooLarge",
    "InvalidText",
    "DeadlineExceeded",
    "MemoryExceeded",
    "FuelExhausted",
    "OutputTooLarge",
    "HostResourcesError",
    "ComponentTrap",
    "InvalidOutcome",
    "ComponentError",
]


class ChaffError(Exception):
    """Base class of every chaff exception."""

    document: int | None
    """Index of the document the error concerns, or ``None``."""

    def __init__(self, message: str = "", /, *, document: int | None = None, **attributes: Any) -> None:
        super().__init__(message)
        self.document = document
        for name, value in attributes.items():
            setattr(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # (class, (message,), attributes): unpickling calls class(message)
        # and restores the attributes, whatever the subclass's signature.
        return (type(self), self.args[:1], dict(self.__dict__))


class RuleError(ChaffError, ValueError):
    """The rule file was refused: which rule, which field, or where."""

    rule: str | None
    """Id of the rule at fault, when the problem is inside one rule."""
    field: str | None
    """The field at fault (``pattern``, ``phrases``, ``kind``, …)."""
    line: int | None
    """1-based line in the rule file, for syntax errors."""
    column: int | None
    """1-based column in the rule file, for syntax errors."""
    message: str
    """What is wrong, without the location."""

    def __init__(
        self,
        message: str = "",
        /,
        *,
        rule: str | None = None,
        field: str | None = None,
        line: int | None = None,
        column: int | None = None,
        document: int | None = None,
        **attributes: Any,
    ) -> None:
        attributes.setdefault("message", message)
        super().__init__(message, document=document, rule=rule, field=field, line=line, column=column, **attributes)


class OptionsError(ChaffError, ValueError):
    """A call's options were refused: a skipped rule or category that does
    not exist, or a profile the rules cannot be read on."""

    kind: str
    """``"unknown-rule"``, ``"unknown-category"``, ``"profile-unavailable"`` or ``"unsupported"``."""
    value: str
    """The name refused, or the reason."""


class InputTooLarge(ChaffError, ValueError):
    """A document is larger than the scrubber's ``max_input_bytes``."""

    length: int
    """The document's length in UTF-8 bytes."""
    limit: int
    """The limit in bytes."""


class InvalidText(ChaffError, ValueError):
    """A document has no UTF-8 form: a lone surrogate (``"\\ud800"``), which
    Python's ``json`` module produces from such escapes. chaff's offsets are
    UTF-8 bytes, so such text is refused (in a batch: that document only)."""


class DeadlineExceeded(ChaffError, TimeoutError):
    """Cleaning ran past the scrubber's ``deadline`` and was interrupted."""

    deadline: float
    """The deadline, in seconds."""


class MemoryExceeded(ChaffError):
    """The sandbox needed more than the scrubber's ``memory_bytes``."""

    limit: int
    """The cap, in bytes."""


class FuelExhausted(ChaffError):
    """The call used up its ``fuel`` budget."""

    fuel: int


class OutputTooLarge(ChaffError):
    """The component returned more than the host's output limit."""

    limit: int


class HostResourcesError(ChaffError):
    """The operating system refused memory or address space for the sandbox
    (e.g. under ``ulimit -v``): a limit of the host, not of the document."""


class ComponentTrap(ChaffError):
    """The component trapped (a panic inside the sandbox)."""


class InvalidOutcome(ChaffError):
    """The component returned spans that do not fit the input; refused."""


class ComponentError(ChaffError):
    """The WebAssembly component could not be loaded."""


# Shown, and pickled, as chaff_scrubber.X (the public name).
for _name in __all__:
    globals()[_name].__module__ = "chaff_scrubber"
del _name
