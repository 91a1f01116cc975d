"""A small, friendly Python API over the chaff WebAssembly component.

wasmtime-py (PyPI ``wasmtime``) has a native component API but no generated
wrappers, so this module gives Python users the same shape as the Rust host:

    from chaff_component import Plugin
    plugin = Plugin("target/guest/chaff.wasm")
    scrubber = plugin.scrubber()             # built-in rules
    outcome = scrubber.clean(text)
    outcome.text, outcome.removals           # removals: rule, category, start, end

Offsets are byte offsets into the UTF-8 encoding of the input, as in every
runtime (use ``text.encode()[start:end]`` to get a removed span).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

import wasmtime
import wasmtime.component as wc

INTERFACE = "chaff:scrubber/scrub@0.1.0"


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


class RuleError(ValueError):
    """A rule file was refused; ``rule``, ``field``, ``line``, ``column`` say where."""

    def __init__(self, rule: Optional[str], field: Optional[str], line: Optional[int],
                 column: Optional[int], message: str):
        self.rule, self.field, self.line, self.column, self.message = rule, field, line, column, message
        where = [f"line {line}" if line else None, f"column {column}" if column else None,
                 f"rule `{rule}`" if rule else None, f"field `{field}`" if field else None]
        where_text = ", ".join(w for w in where if w)
        super().__init__(f"{where_text}: {message}" if where_text else message)


def _outcome(record) -> Outcome:
    return Outcome(
        text=record.text,
        removals=[Removal(r.rule, r.category, r.start, r.end) for r in record.removals],
    )


class Plugin:
    """The component, compiled once, in its own store."""

    def __init__(self, path: str):
        self._engine = wasmtime.Engine()
        self._store = wasmtime.Store(self._engine)
        component = wc.Component.from_file(self._engine, path)
        # The component imports nothing, so an empty linker is enough.
        self._instance = wc.Linker(self._engine).instantiate(self._store, component)
        iface = self._instance.get_export_index(self._store, INTERFACE)
        if iface is None:
            raise ValueError(f"{path} does not export {INTERFACE}")

        def func(name: str):
            index = self._instance.get_export_index(self._store, name, iface)
            if index is None:
                raise ValueError(f"{path} does not export {INTERFACE}#{name}")
            return self._instance.get_func(self._store, index)

        self._builtin_rules = func("builtin-rules")
        self._clean_builtin = func("clean-builtin")
        self._from_rules = func("[static]scrubber.from-rules")
        self._clean = func("[method]scrubber.clean")
        self._clean_batch = func("[method]scrubber.clean-batch")

    def _call(self, f, *args):
        result = f(self._store, *args)
        f.post_return(self._store)
        return result

    def builtin_rules(self) -> str:
        return self._call(self._builtin_rules)

    def clean_builtin(self, text: str) -> Outcome:
        return _outcome(self._call(self._clean_builtin, text))

    def scrubber(self, rules: Optional[str] = None) -> "Scrubber":
        """A scrubber for ``rules`` (a rule file's text); built-in rules by default."""
        result = self._call(self._from_rules, self.builtin_rules() if rules is None else rules)
        if isinstance(result, wc.ResourceAny):
            return Scrubber(self, result)
        # result<scrubber, rule-error>: the error arrives as the record.
        raise RuleError(result.rule, result.field, result.line, result.column, result.message)


class Scrubber:
    """One compiled rule set inside the plugin."""

    def __init__(self, plugin: Plugin, handle):
        self._plugin = plugin
        self._handle = handle

    def clean(self, text: str) -> Outcome:
        return _outcome(self._plugin._call(self._plugin._clean, self._handle, text))

    def clean_batch(self, texts: List[str]) -> List[Outcome]:
        return [_outcome(o) for o in self._plugin._call(self._plugin._clean_batch, self._handle, list(texts))]
