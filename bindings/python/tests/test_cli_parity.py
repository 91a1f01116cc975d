"""The bindings clean exactly as the `chaff` CLI does."""

from __future__ import annotations

from pathlib import Path

import pytest

import chaff_scrubber
from conftest import REPO, cli_clean, fixture_files

FIXTURES = fixture_files()
RULE_FILES = sorted((REPO / "examples" / "rules").glob("*.toml")) + [REPO / "examples" / "rules" / "rules.json"]


def removals(outcome: chaff_scrubber.Outcome) -> list[tuple[str, str, int, int]]:
    return [(r.rule, r.category, r.start, r.end) for r in outcome.removals]


def reported(report: list[dict]) -> list[tuple[str, str, int, int]]:
    return [(r["rule"], r["category"], r["start"], r["end"]) for r in report]


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 10


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(REPO / "tests" / "fixtures")))
def test_builtin_rules_equal_the_cli(cli: Path, scrubber: chaff_scrubber.Scrubber, path: Path, tmp_path: Path) -> None:
    text, report = cli_clean(cli, path, tmp_path)
    document = path.read_text(encoding="utf-8")
    outcome = scrubber.clean(document)
    assert outcome.text == text
    assert removals(outcome) == reported(report)
    # The report's `text` is the removed text: the same through the helpers.
    for removal, line in zip(outcome.removals, report):
        assert removal.text_in(document) == line["text"]
        start, end = removal.char_span(document)
        assert document[start:end] == line["text"]
    assert [document[s:e] for s, e in outcome.char_spans(document)] == [r["text"] for r in report]
    assert scrubber.scan(document) == outcome.removals


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(REPO / "tests" / "fixtures")))
def test_page_profile_equals_the_cli(cli: Path, path: Path, tmp_path: Path) -> None:
    text, report = cli_clean(cli, path, tmp_path, "--profile", "page")
    document = path.read_text(encoding="utf-8")
    page = chaff_scrubber.Scrubber(profile="page")
    outcome = page.clean(document)
    assert outcome.text == text
    assert removals(outcome) == reported(report)


# The component names the rule of each span by its index in the scrubber's
# rule table, but for a call whose options select a variant of the rules
# (skip_rules, skip_categories, another profile) it gives the index in the
# variant's own list (guest/component/src/lib.rs, `spans`): the host then
# names the wrong rule, or refuses the outcome when the index is past the
# table (page-only rules). Not a bug of the bindings; see the report.
VARIANT_INDEX_BUG = pytest.mark.xfail(
    strict=True,
    reason="component: spans of an option variant index the variant's rules, not the scrubber's table",
)


@VARIANT_INDEX_BUG
def test_page_profile_per_call_equals_a_page_scrubber() -> None:
    page = chaff_scrubber.Scrubber(profile="page")
    extractor = chaff_scrubber.Scrubber()
    for path in FIXTURES:
        document = path.read_text(encoding="utf-8")
        assert extractor.clean(document, profile="page") == page.clean(document), path


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_rule_files_equal_the_cli(cli: Path, rules: Path, tmp_path: Path) -> None:
    scrubber = chaff_scrubber.Scrubber(rules.read_text(encoding="utf-8"))
    assert scrubber.profile is None
    for path in FIXTURES[:6]:
        text, report = cli_clean(cli, path, tmp_path, "--rules", str(rules))
        outcome = scrubber.clean(path.read_text(encoding="utf-8"))
        assert outcome.text == text, path
        assert removals(outcome) == reported(report), path


def test_batch_equals_one_call_per_document(scrubber: chaff_scrubber.Scrubber) -> None:
    documents = [p.read_text(encoding="utf-8") for p in FIXTURES] * 3
    assert scrubber.clean_batch(documents) == [scrubber.clean(d) for d in documents]
    assert scrubber.clean_batch(iter(documents[:3])) == [scrubber.clean(d) for d in documents[:3]]
    assert scrubber.clean_batch([]) == []


def test_rule_text_and_table_are_the_clis(cli: Path, scrubber: chaff_scrubber.Scrubber) -> None:
    from conftest import run_cli

    assert scrubber.rule_text == run_cli(cli, "rules").stdout.decode("utf-8")
    table = scrubber.rules()
    ids = [rule.id for rule in table]
    assert len(ids) == len(set(ids)) > 10
    assert "read-more.prefix" in ids
    for rule in table:
        assert rule.id in scrubber.rule_text
        assert rule.category and rule.kind
