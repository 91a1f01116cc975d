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



def test_page_profile_per_call_equals_a_page_scrubber() -> None:
    page = chaff_scrubber.Scrubber(profile="page")
    extractor = chaff_scrubber.Scrubber()
    for path in FIXTURES:
        document = path.read_text(encoding="utf-8")
        assert extractor.clean(document, profile="page") == page.clean(document), path
        assert page.clean(document, profile="extractor") == extractor.clean(document), path


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
    page = chaff_scrubber.Scrubber(profile="page")
    assert page.rule_text == run_cli(cli, "rules", "--profile", "page").stdout.decode("utf-8")
    for which, args in ((scrubber, ()), (page, ("--profile", "page"))):
        listed = run_cli(cli, "rules", "--list", *args).stdout.decode("utf-8").splitlines()
        assert listed[0].split("\t") == ["id", "category", "kind", "description"]
        table = [tuple(line.split("\t")) for line in listed[1:]]
        assert [(r.id, r.category, r.kind, r.description) for r in which.rules()] == table
    ids = [rule.id for rule in scrubber.rules()]
    assert len(ids) == len(set(ids)) > 10 and "read-more.prefix" in ids


@pytest.mark.parametrize("path", FIXTURES[:8], ids=lambda p: p.name)
def test_skip_equals_the_cli(cli: Path, scrubber: chaff_scrubber.Scrubber, path: Path, tmp_path: Path) -> None:
    document = path.read_text(encoding="utf-8")
    for skip in (["metadata"], ["related-list", "read-more.prefix"]):
        text, report = cli_clean(cli, path, tmp_path, *(f"--skip={name}" for name in skip))
        categories = [n for n in skip if "." not in n]
        rules = [n for n in skip if "." in n]
        outcome = scrubber.clean(document, skip_categories=categories, skip_rules=rules)
        assert outcome.text == text
        assert removals(outcome) == reported(report)


SITE_RULES = """
version = 1
extends = "builtin"

[[rule]]
id = "site.valley-footer"
category = "boilerplate"
kind = "phrases"
match = "prefix"
phrases = ["Tickets are on sale", "The regional orchestra"]
sites = ["orchestra.example"]
"""


def test_url_and_site_rules_equal_the_cli(cli: Path, tmp_path: Path) -> None:
    rules = tmp_path / "site.toml"
    rules.write_text(SITE_RULES, encoding="utf-8")
    scrubber = chaff_scrubber.Scrubber(SITE_RULES)
    path = REPO / "tests" / "fixtures" / "region" / "extractor_tail.txt"
    document = path.read_text(encoding="utf-8")
    fired = 0
    for url in ["https://www.orchestra.example/news/hall", "https://tickets.orchestra.example/", "https://example.org/"]:
        text, report = cli_clean(cli, path, tmp_path, "--rules", str(rules), "--url", url)
        outcome = scrubber.clean(document, url=url)
        assert outcome.text == text, url
        assert removals(outcome) == reported(report), url
        fired += any(r.rule == "site.valley-footer" for r in outcome.removals)
    assert fired == 2
