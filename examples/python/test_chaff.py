"""The component in Python gives byte-identical text and identical removals
to the Rust host (the `chaff` CLI) on the project's fixtures."""
import json
import subprocess
from pathlib import Path

import pytest

from chaff_component import Outcome, Plugin, Removal, RuleError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(p for p in (ROOT / "tests/fixtures").glob("*.txt") if not p.name.endswith(".clean.txt"))
CHAFF = ROOT / "target/release/chaff"


@pytest.fixture(scope="module")
def plugin():
    return Plugin(str(ROOT / "target/guest/chaff.wasm"))


def rust_host(path: Path, tmp_path: Path) -> Outcome:
    report = tmp_path / "report.jsonl"
    text = subprocess.run([str(CHAFF), "clean", f"--report={report}", str(path)],
                          check=True, capture_output=True).stdout.decode("utf-8")
    removals = [Removal(r["rule"], r["category"], r["start"], r["end"])
                for r in map(json.loads, report.read_text(encoding="utf-8").splitlines())]
    return Outcome(text, removals)


def test_fixtures_exist():
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_same_as_rust_host(plugin, path, tmp_path):
    scrubber = plugin.scrubber()
    assert scrubber.clean(path.read_text(encoding="utf-8")) == rust_host(path, tmp_path)


def test_spans_are_byte_offsets(plugin):
    text = "Café news.\nView\n"
    outcome = plugin.scrubber().clean(text)
    (removal,) = outcome.removals
    assert text.encode()[removal.start:removal.end] == b"View\n"


def test_batch_matches_single_calls(plugin):
    scrubber = plugin.scrubber()
    docs = [p.read_text(encoding="utf-8") for p in FIXTURES]
    assert scrubber.clean_batch(docs) == [scrubber.clean(d) for d in docs]
    assert plugin.clean_builtin(docs[0]) == scrubber.clean(docs[0])


def test_broken_rules_raise_rule_error(plugin):
    rules = 'version = 1\n[[rule]]\nid = "mine.bad"\ncategory = "spam"\nkind = "line-pattern"\npattern = "(unclosed"\n'
    with pytest.raises(RuleError) as info:
        plugin.scrubber(rules)
    assert info.value.rule == "mine.bad"
    assert info.value.field == "pattern"
    assert "mine.bad" in str(info.value)
