"""One scrubber per process per configuration, for code that runs in
workers it does not control (Spark tasks, Ray tasks, executor callbacks)."""

from __future__ import annotations

import os
import threading
from typing import Any

from ._native import Scrubber

_lock = threading.Lock()
_scrubbers: dict[tuple[Any, ...], Scrubber] = {}


def _key(rules: str | None, options: dict[str, Any]) -> tuple[Any, ...]:
    items = []
    for name, value in sorted(options.items()):
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        items.append((name, value))
    return (rules, tuple(items))


def shared(rules: str | None = None, **options: Any) -> Scrubber:
    """The process's scrubber for these arguments (those of
    :class:`Scrubber`), made on the first call and returned on every later
    one.

    Making a scrubber compiles its rules inside the sandbox (about 50 ms for
    the built-in rules); a function that Spark or Ray calls once per batch
    should call ``shared(...)`` rather than ``Scrubber(...)``. Scrubbers are
    thread-safe, so one per process is enough.
    """
    key = _key(rules, options)
    with _lock:
        scrubber = _scrubbers.get(key)
        if scrubber is None:
            scrubber = Scrubber(rules, **options)
            _scrubbers[key] = scrubber
        return scrubber
