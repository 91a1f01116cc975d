"""Clean a text column of a batch: for Ray Data ``map_batches``, Spark
``mapInPandas``, or any code that holds documents as columns.

>>> from chaff_scrubber.batch import BatchCleaner
>>> clean = BatchCleaner(removals_column="chaff_removals")
>>> clean({"text": ["Fine.\\n", "Read More: Something else entirely\\n"]})["text"]
['Fine.\\n', '']

A batch is a pandas ``DataFrame``, a pyarrow ``Table`` or a ``dict`` of
columns (lists or numpy arrays); the same kind comes back, with the text
column replaced by the cleaned text and any requested columns added. The
cleaner makes its scrubber once per process (:func:`chaff_scrubber.shared`)
and pickles as its settings, so Spark and Ray can ship it to workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from ._native import Outcome, Scrubber
from ._shared import shared

__all__ = ["BatchCleaner"]


class BatchCleaner:
    """Cleans the ``text_column`` of every batch it is called with.

    Args:
        rules: a rule file's text; ``None`` for the built-in rules.
        text_column: the column holding the text (replaced by the cleaned text).
        url_column: a column of URLs for rules scoped to sites, or ``None``.
        removals_column: add ``[{rule, category, start, end}]`` per row
            (UTF-8 byte offsets into the original text) under this name.
        counts_column: add removals per category (``{category: n}``) per row.
        error_column: add why a row could not be cleaned (``None`` when it
            was); such rows keep their text unchanged. Without it, and with
            ``on_error="raise"``, the first such row raises.
        on_error: ``"keep"`` (the default) or ``"raise"``.
        skip_categories, skip_rules: rules not to apply.
        **options: ``profile`` and the limits of :class:`chaff_scrubber.Scrubber`.
    """

    def __init__(
        self,
        rules: str | None = None,
        *,
        text_column: str = "text",
        url_column: str | None = None,
        removals_column: str | None = None,
        counts_column: str | None = None,
        error_column: str | None = None,
        on_error: Literal["keep", "raise"] = "keep",
        skip_categories: Iterable[str] = (),
        skip_rules: Iterable[str] = (),
        **options: Any,
    ) -> None:
        if on_error not in ("keep", "raise"):
            raise ValueError(f'on_error must be "keep" or "raise", not {on_error!r}')
        self.rules = rules
        self.options = options
        self.text_column = text_column
        self.url_column = url_column
        self.removals_column = removals_column
        self.counts_column = counts_column
        self.error_column = error_column
        self.on_error = on_error
        self.skip_categories = list(skip_categories)
        self.skip_rules = list(skip_rules)
        self._scrubber: Scrubber | None = shared(rules, **options)  # rule errors surface here

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_scrubber"] = None
        return state

    @property
    def scrubber(self) -> Scrubber:
        if self._scrubber is None:
            self._scrubber = shared(self.rules, **self.options)
        return self._scrubber

    def outcomes(self, texts: Sequence[str], urls: Sequence[str | None] | None = None) -> list[Outcome]:
        """One outcome per text (``on_error`` applies)."""
        return self.scrubber.clean_batch(
            texts,
            urls=urls,
            skip_categories=self.skip_categories,
            skip_rules=self.skip_rules,
            on_error=self.on_error,
        )

    def _columns(self, texts: list[str], urls: list[Any] | None) -> dict[str, list[Any]]:
        if urls is not None:
            # Missing values (None, NaN, pandas NA) are no URL.
            urls = [u if isinstance(u, str) else None for u in urls]
        outcomes = self.outcomes(texts, urls)
        columns: dict[str, list[Any]] = {self.text_column: [o.text for o in outcomes]}
        if self.removals_column:
            columns[self.removals_column] = [[r.as_dict() for r in o.removals] for o in outcomes]
        if self.counts_column:
            columns[self.counts_column] = [o.counts() for o in outcomes]
        if self.error_column:
            columns[self.error_column] = [None if o.error is None else str(o.error) for o in outcomes]
        return columns

    def __call__(self, batch: Any) -> Any:
        """Cleans one batch: a pandas DataFrame, a pyarrow Table or a dict of columns."""
        if hasattr(batch, "iloc"):  # pandas
            urls = list(batch[self.url_column]) if self.url_column else None
            columns = self._columns(list(batch[self.text_column]), urls)
            out = batch.copy(deep=False)
            for name, values in columns.items():
                out[name] = values
            return out
        if hasattr(batch, "column_names") and hasattr(batch, "append_column"):  # pyarrow
            import pyarrow as pa  # type: ignore[import-untyped]

            urls = batch.column(self.url_column).to_pylist() if self.url_column else None
            columns = self._columns(batch.column(self.text_column).to_pylist(), urls)
            out = batch
            for name, values in columns.items():
                array = pa.array(values)
                if name in out.column_names:
                    out = out.set_column(out.column_names.index(name), name, array)
                else:
                    out = out.append_column(name, array)
            return out
        if isinstance(batch, dict):
            texts = batch[self.text_column]
            urls = list(batch[self.url_column]) if self.url_column else None
            columns = self._columns([str(t) for t in texts], urls)
            out = dict(batch)
            numpy = type(texts).__module__ == "numpy"
            for name, values in columns.items():
                if numpy:
                    import numpy as np

                    array = np.empty(len(values), dtype=object)
                    array[:] = values
                    out[name] = array
                else:
                    out[name] = values
            return out
        raise TypeError(f"a batch is a pandas DataFrame, a pyarrow Table or a dict of columns, not {type(batch).__name__}")

    def map_partitions(self, batches: Iterable[Any]) -> Iterator[Any]:
        """For Spark's ``mapInPandas``: cleans every DataFrame of a partition."""
        for batch in batches:
            yield self(batch)
