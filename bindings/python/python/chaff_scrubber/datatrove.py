"""chaff as a datatrove pipeline step.

>>> from datatrove.executor import LocalPipelineExecutor
>>> from datatrove.pipeline.readers import JsonlReader
>>> from datatrove.pipeline.writers import JsonlWriter
>>> from chaff_scrubber.datatrove import ChaffFilter
>>> LocalPipelineExecutor(
...     pipeline=[JsonlReader("in/"), ChaffFilter(), JsonlWriter("out/")],
...     tasks=8, workers=2,
... ).run()  # doctest: +SKIP

Each document's text is cleaned in place; what was removed goes into its
metadata (``chaff_removals``: ``[{rule, category, start, end}]``, UTF-8 byte
offsets into the text as it was; ``chaff_counts``: removals per category),
and the step's stats count documents changed, removals and bytes removed in
total and per category. Needs ``datatrove`` (``pip install
chaff-scrubber[datatrove]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from datatrove.data import DocumentsPipeline  # type: ignore[import-untyped]
from datatrove.pipeline.base import PipelineStep  # type: ignore[import-untyped]
from datatrove.utils.batching import batched  # type: ignore[import-untyped]
from datatrove.utils.typeshelper import StatHints  # type: ignore[import-untyped]

from ._native import Scrubber
from ._shared import shared

__all__ = ["ChaffFilter"]


class ChaffFilter(PipelineStep):  # type: ignore[misc]
    """Removes junk lines from every document's text.

    Args:
        rules: a rule file's text; ``None`` for the built-in rules.
        profile: ``"extractor"`` (extractor output, the default) or
            ``"page"`` (full-page text: WET records, HTML-to-text dumps).
        url_key: metadata key holding the document's URL, for rules scoped
            to sites (``sites = [...]``); ``None`` to pass no URL.
        skip_categories, skip_rules: rules not to apply.
        removals_key: metadata key for the removals (``None``: not stored).
        counts_key: metadata key for removals per category (``None``: not stored).
        drop_empty: drop documents with nothing but white space left.
        on_error: a document chaff cannot clean (over ``max_input_bytes``,
            a limit hit): ``"keep"`` it unchanged, with the reason in
            ``metadata["chaff_error"]``; ``"drop"`` it; or ``"raise"``.
        batch_size: documents per call into the sandbox.
        **limits: ``deadline``, ``memory_bytes``, ``max_input_bytes``,
            ``fuel``, ``concurrency``, ``cache_dir``, as for
            :class:`chaff_scrubber.Scrubber`.

    The scrubber is made once per worker process (see
    :func:`chaff_scrubber.shared`), not pickled with the pipeline; the rules
    are compiled here too, so a broken rule file fails at construction.
    """

    name = "🧹 chaff"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        rules: str | None = None,
        *,
        profile: Literal["extractor", "page"] | None = None,
        url_key: str | None = "url",
        skip_categories: Iterable[str] = (),
        skip_rules: Iterable[str] = (),
        removals_key: str | None = "chaff_removals",
        counts_key: str | None = "chaff_counts",
        drop_empty: bool = False,
        on_error: Literal["keep", "drop", "raise"] = "keep",
        batch_size: int = 64,
        **limits: Any,
    ) -> None:
        super().__init__()
        if on_error not in ("keep", "drop", "raise"):
            raise ValueError(f'on_error must be "keep", "drop" or "raise", not {on_error!r}')
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.rules = rules
        self.options: dict[str, Any] = dict(limits)
        if profile is not None:
            self.options["profile"] = profile
        self.url_key = url_key
        self.skip_categories = list(skip_categories)
        self.skip_rules = list(skip_rules)
        self.removals_key = removals_key
        self.counts_key = counts_key
        self.drop_empty = drop_empty
        self.on_error = on_error
        self.batch_size = batch_size
        # Compile now, so a broken rule file or a bad limit fails here and
        # not in every worker.
        self._scrubber: Scrubber | None = shared(rules, **self.options)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_scrubber"] = None  # each process uses its own shared one
        return state

    @property
    def scrubber(self) -> Scrubber:
        if self._scrubber is None:
            self._scrubber = shared(self.rules, **self.options)
        return self._scrubber

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        scrubber = self.scrubber
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                urls = [doc.metadata.get(self.url_key) for doc in batch] if self.url_key else None
                outcomes = scrubber.clean_batch(
                    [doc.text for doc in batch],
                    urls=urls,
                    skip_categories=self.skip_categories,
                    skip_rules=self.skip_rules,
                    on_error="keep",
                )
            for doc, outcome in zip(batch, outcomes):
                self.stat_update(StatHints.total)
                if outcome.error is not None:
                    self.stat_update("errors")
                    if self.on_error == "raise":
                        raise outcome.error
                    if self.on_error == "drop":
                        self.stat_update(StatHints.dropped)
                        continue
                    doc.metadata["chaff_error"] = str(outcome.error)
                else:
                    removals = outcome.removals
                    counts = outcome.counts()
                    if removals:
                        self.stat_update("changed")
                        self.stat_update("removals", value=len(removals))
                        self.stat_update("bytes_removed", value=outcome.removed_bytes)
                        for category, n in counts.items():
                            self.stat_update(f"removed_{category}", value=n)
                    doc.text = outcome.text
                    if self.removals_key:
                        doc.metadata[self.removals_key] = [r.as_dict() for r in removals]
                    if self.counts_key:
                        doc.metadata[self.counts_key] = counts
                    if self.drop_empty and not doc.text.strip():
                        self.stat_update(StatHints.dropped)
                        self.stat_update("dropped_empty")
                        continue
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
