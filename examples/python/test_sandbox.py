"""The Python wrapper gives the Rust host's guarantees against a hostile
component (tests/hostile-guest): a deadline, a memory cap, verified spans,
and a fresh instance after every failure."""
import resource
import time
from pathlib import Path

import pytest

from chaff_component import (InputTooLarge, InvalidOutcome, Limits, OptionsError, Plugin, RuleError, Timeout,
                             Trap, verified, Removal)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "target/guest/hostile.wasm"
HOSTILE_0_1_0 = ROOT / "target/guest/hostile-0.1.0.wasm"
LIMITS = Limits(deadline=0.5, memory_bytes=64 << 20, max_input_bytes=1 << 20)


@pytest.fixture(scope="module")
def hostile():
    if not HOSTILE.exists():
        pytest.fail(f"{HOSTILE} is missing: run `cargo test --release` first (it builds it)")
    return Plugin(str(HOSTILE), LIMITS).scrubber("anything")


@pytest.fixture(scope="module")
def hostile_0_1_0():
    if not HOSTILE_0_1_0.exists():
        pytest.fail(f"{HOSTILE_0_1_0} is missing: run `cargo build --release -p chaff-test-components`")
    return Plugin(str(HOSTILE_0_1_0), LIMITS)


def assert_healthy(scrubber):
    outcome = scrubber.clean("keep\nJUNK drop\nkeep too\n")
    assert outcome.text == "keep\nkeep too\n"
    assert (outcome.removals[0].start, outcome.removals[0].end) == (5, 15)


def test_a_loop_hits_the_deadline_and_the_next_call_works(hostile):
    started = time.monotonic()
    with pytest.raises(Timeout):
        hostile.clean("LOOP forever")
    assert time.monotonic() - started < 5 * LIMITS.deadline + 1
    assert_healthy(hostile)


def test_unbounded_allocation_stops_at_the_memory_cap(hostile):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(Trap, match="memory cap"):
        hostile.clean("GROW please")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 4 * (LIMITS.memory_bytes >> 10), f"grew {grown_kib} KiB"
    assert_healthy(hostile)


def test_a_trap_does_not_poison_later_calls(hostile):
    for _ in range(3):
        with pytest.raises(Trap):
            hostile.clean("TRAP now")
        assert_healthy(hostile)


def test_lying_spans_are_refused_and_made_up_text_never_returned(hostile):
    with pytest.raises(InvalidOutcome, match="past the input"):
        hostile.clean("BADSPAN here")
    with pytest.raises(InvalidOutcome, match="overlaps"):
        hostile.clean("OVERLAP here")
    assert hostile.clean("ADDTEXT here").text == "ADDTEXT here"
    assert_healthy(hostile)


def test_spans_inside_a_character_are_refused():
    with pytest.raises(InvalidOutcome, match="splits a UTF-8 character"):
        verified("é\n", [Removal("r", "c", 1, 3)])
    assert verified("é\nx", [Removal("r", "c", 0, 3)]).text == "x"


def test_oversized_input_is_refused_before_the_call(hostile):
    with pytest.raises(InputTooLarge):
        hostile.clean("x" * ((1 << 20) + 1))


def test_a_batch_with_a_bad_document_fails_and_the_next_batch_works(hostile):
    with pytest.raises(Trap):
        hostile.clean_batch(["keep\n", "TRAP"])
    assert [o.text for o in hostile.clean_batch(["keep\nJUNK x\n", "also\n"])] == ["keep\n", "also\n"]


def test_a_span_naming_a_rule_the_table_lacks_is_refused(hostile):
    assert [r.id for r in hostile.rule_table()][0] == "hostile.junk"
    for _ in range(2):
        with pytest.raises(InvalidOutcome, match="rule 99 of a table of 2"):
            hostile.clean("BADRULE\n")
        assert_healthy(hostile)
    with pytest.raises(InvalidOutcome, match="rule 99"):
        hostile.clean_batch(["keep\n", "BADRULE\n"])
    assert_healthy(hostile)


def test_compile_errors_arrive_as_rule_errors(hostile):
    with pytest.raises(RuleError) as info:
        hostile._plugin.scrubber("refuse")
    assert (info.value.rule, info.value.field, info.value.message) == ("hostile.refuse", "pattern", "refused on request")


def test_a_0_1_0_component_is_driven_through_the_0_1_0_functions(hostile_0_1_0):
    assert (hostile_0_1_0.interface, hostile_0_1_0.contract_version) == ("chaff:scrubber/scrub@0.1.0", "0.1.0")
    scrubber = hostile_0_1_0.scrubber("anything")
    assert scrubber.rule_table() == []
    outcome = scrubber.clean("keep\nJUNK drop\n")
    assert outcome.text == "keep\n"
    assert [(r.rule, r.category, r.start, r.end) for r in outcome.removals] == [("hostile.junk", "test", 5, 15)]
    assert [o.text for o in scrubber.clean_batch(["keep\nJUNK x\n", "also\n"])] == ["keep\n", "also\n"]
    # Built-in profiles fall back to a rule file that extends them.
    page = hostile_0_1_0.scrubber(profile="page")
    assert 'extends = "builtin:page"' in page.rules
    assert page.clean("keep\nJUNK x\n").text == "keep\n"
    with pytest.raises(RuleError, match="refused on request"):
        hostile_0_1_0.scrubber("refuse")
    # Its limits hold as well.
    with pytest.raises(Trap):
        scrubber.clean("TRAP now")
    with pytest.raises(InvalidOutcome, match="past the input"):
        scrubber.clean("BADSPAN here")
    assert scrubber.clean("keep\nJUNK drop\n").text == "keep\n"


@pytest.mark.parametrize("options", [{"url": "example.com"}, {"skip_categories": ["test"]},
                                     {"skip_rules": ["hostile.junk"]}, {"profile": "extractor"}])
def test_a_0_1_0_component_refuses_options(hostile_0_1_0, options):
    scrubber = hostile_0_1_0.scrubber("anything")
    with pytest.raises(OptionsError) as info:
        scrubber.clean("keep\nJUNK drop\n", **options)
    assert (info.value.kind, info.value.value) == ("unsupported", "0.1.0")
    assert "0.1.1" in str(info.value)
    with pytest.raises(OptionsError):
        scrubber.clean_batch(["keep\n"], **options)
    assert scrubber.clean("keep\nJUNK drop\n").text == "keep\n"
