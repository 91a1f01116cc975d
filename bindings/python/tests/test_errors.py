"""Typed errors: rule files, limits, per-document failures in a batch."""

from __future__ import annotations

import pickle

import pytest

import chaff_scrubber
from chaff_scrubber import (
    ChaffError,
    InvalidText,
    ComponentError,
    DeadlineExceeded,
    InputTooLarge,
    MemoryExceeded,
    RuleError,
    Scrubber,
)

BAD_PATTERN = """
version = 1

[[rule]]
id = "mine.bad"
category = "ad"
kind = "line-pattern"
pattern = "ab(c"
"""


def test_a_broken_rule_names_the_rule_and_the_field() -> None:
    with pytest.raises(RuleError) as refused:
        Scrubber(BAD_PATTERN)
    e = refused.value
    assert (e.rule, e.field, e.line, e.column) == ("mine.bad", "pattern", None, None)
    assert "unclosed group" in e.message
    assert "rule `mine.bad`, field `pattern`" in str(e)
    assert isinstance(e, ChaffError) and isinstance(e, ValueError)
    assert e.document is None


def test_a_syntax_error_names_the_line_and_column() -> None:
    with pytest.raises(RuleError) as refused:
        Scrubber("version = 1\n[[rule\n")
    assert (refused.value.line, refused.value.column) == (2, 7)
    assert refused.value.rule is None


def test_unknown_fields_kinds_and_duplicates_are_refused() -> None:
    with pytest.raises(RuleError) as refused:
        Scrubber('version = 1\n[[rule]]\nid = "a"\ncategory = "ad"\nkind = "nope"\n')
    assert (refused.value.line, refused.value.column) == (5, 8)
    assert "unknown variant `nope`" in refused.value.message
    with pytest.raises(RuleError) as refused:
        Scrubber('version = 1\n[[rule]]\nid = "a"\ncategory = "ad"\nkind = "phrases"\nphrases = []\n')
    assert (refused.value.rule, refused.value.field) == ("a", "phrases")
    with pytest.raises(RuleError):
        Scrubber('version = 1\nextends = "builtin"\ndisable = ["no.such.rule"]\n')


def test_input_over_the_limit() -> None:
    small = Scrubber(max_input_bytes=10)
    with pytest.raises(InputTooLarge) as refused:
        small.clean("x" * 11)
    assert (refused.value.length, refused.value.limit, refused.value.document) == (11, 10, 0)
    # Bytes, not characters: five two-byte characters are ten bytes.
    assert small.clean("é" * 5).text == "é" * 5
    with pytest.raises(InputTooLarge):
        small.clean("é" * 6)


def test_a_batch_keeps_every_other_document() -> None:
    small = Scrubber(max_input_bytes=40)
    documents = ["Fine.\n", "x" * 41, "Read More: Something else entirely\n", "y" * 50]
    with pytest.raises(InputTooLarge) as refused:
        small.clean_batch(documents)
    assert refused.value.document == 1
    assert "document 1:" in str(refused.value)
    kept = small.clean_batch(documents, on_error="keep")
    assert [o.ok for o in kept] == [True, False, True, False]
    assert [o.text for o in kept] == ["Fine.\n", "x" * 41, "", "y" * 50]
    assert [o.error.document for o in kept if o.error] == [1, 3]
    assert kept[2].removals[0].rule == "read-more.prefix"
    assert "unchanged" in repr(kept[1])


def test_deadline(big_document: str) -> None:
    # Whether the rules compile within 0.2 s or not (a slow machine), the
    # 40 MB document cannot: either way a DeadlineExceeded.
    with pytest.raises(DeadlineExceeded) as stopped:
        Scrubber(deadline=0.2).clean(big_document)
    assert isinstance(stopped.value, TimeoutError)
    assert stopped.value.deadline == pytest.approx(0.2)
    assert stopped.value.document == 0


def test_memory_cap(big_document: str) -> None:
    # The README's bound for one instance: 32 MiB for the compiled rules
    # plus three times the document. A 4 MiB document fits 48 MiB with
    # room to spare; a 16 MiB one needs about 80 MiB.
    cap = 48 << 20
    capped = Scrubber(memory_bytes=cap)
    assert capped.clean(big_document[: 4 << 20]).ok
    with pytest.raises(MemoryExceeded) as stopped:
        capped.clean(big_document[: 16 << 20])
    assert stopped.value.limit == cap
    # The failed instance was thrown away; the next call works.
    assert capped.clean("Read More: Something else entirely\n").text == ""


def test_a_zero_memory_cap_is_refused_when_the_engine_is_built() -> None:
    # The component needs a minimum memory (1.5 MiB) just to exist, so the
    # engine refuses it before any call.
    with pytest.raises(ComponentError, match="memory"):
        Scrubber(memory_bytes=0)


def test_exceptions_pickle_with_their_attributes() -> None:
    with pytest.raises(RuleError) as refused:
        Scrubber(BAD_PATTERN)
    again = pickle.loads(pickle.dumps(refused.value))
    assert type(again) is RuleError
    assert (again.rule, again.field, again.message, str(again)) == (
        refused.value.rule,
        refused.value.field,
        refused.value.message,
        str(refused.value),
    )
    timeout = DeadlineExceeded("document 3: too slow", document=3, deadline=1.5)
    again = pickle.loads(pickle.dumps(timeout))
    assert (type(again), again.document, again.deadline, str(again)) == (DeadlineExceeded, 3, 1.5, "document 3: too slow")


def test_every_exception_is_a_chaff_error() -> None:
    for name in chaff_scrubber._errors.__all__:
        assert issubclass(getattr(chaff_scrubber, name), ChaffError)


def test_a_lone_surrogate_fails_its_document_only(scrubber: Scrubber) -> None:
    bad = "Fine text.\n\ud800 broken\n"
    with pytest.raises(InvalidText) as refused:
        scrubber.clean(bad)
    assert refused.value.document == 0 and isinstance(refused.value, ValueError)
    with pytest.raises(InvalidText) as refused:
        scrubber.clean_batch(["ok\n", bad])
    assert refused.value.document == 1
    kept = scrubber.clean_batch(["ok\n", bad, "Read More: Something else entirely\n"], urls=["a", "b", None], on_error="keep")
    assert [o.ok for o in kept] == [True, False, True]
    assert kept[1].text == bad and isinstance(kept[1].error, InvalidText)
    assert kept[2].text == ""
