"""chaff: remove the junk that article extractors leave in scraped text.

>>> from chaff_scrubber import Scrubber
>>> scrubber = Scrubber()                      # built-in rules ("extractor" profile)
>>> outcome = scrubber.clean("A real sentence.\\nRead More: Something else entirely\\n")
>>> outcome.text
'A real sentence.\\n'
>>> [(r.rule, r.category) for r in outcome.removals]
[('read-more.prefix', 'read-more')]

The rules run in a WebAssembly component on wasmtime, with a deadline and a
memory cap on every call; every answer is checked before it is returned
(the cleaned text is the input minus the reported spans). Calls release
the GIL, and a ``Scrubber`` may be shared by any number of threads.
"""

from __future__ import annotations

from ._errors import (
    ChaffError,
    ComponentError,
    ComponentTrap,
    DeadlineExceeded,
    FuelExhausted,
    HostResourcesError,
    InputTooLarge,
    InvalidOutcome,
    InvalidText,
    MemoryExceeded,
    OptionsError,
    OutputTooLarge,
    RuleError,
)
from ._native import Outcome, Removal, RuleInfo, Scrubber, __version__
from ._shared import shared

__all__ = [
    "Scrubber",
    "Outcome",
    "Removal",
    "RuleInfo",
    "shared",
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
    "__version__",
]
