"""The component in Python gives byte-identical text and identical removals
to the Rust host (the `chaff` CLI) on the project's fixtures."""
import json
import subprocess
from pathlib import Path

import pytest

from chaff_component import OptionsError, Outcome, Plugin, Removal, RuleError, RuleInfo

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(p for p in (ROOT / "tests/fixtures").glob("*.txt") if not p.name.endswith(".clean.txt"))
CHAFF = ROOT / "target/release/chaff"


@pytest.fixture(scope="module")
def plugin():
    return Plugin(str(ROOT / "target/guest/chaff.wasm"))


def rust_host(path: Path, tmp_path: Path, *args: str) -> Outcome:
    """What the Rust host says: cleaned text and the removals from --report."""
    report = tmp_path / "report.jsonl"
    text = subprocess.run([str(CHAFF), "clean", "--quiet", f"--report={report}", *args, str(path)],
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


def test_the_contract_is_0_1_1(plugin):
    assert plugin.interface == "chaff:scrubber/scrub@0.1.1"
    assert plugin.contract_version == "0.1.1"


def test_rule_table_names_every_removal(plugin):
    scrubber = plugin.scrubber()
    table = scrubber.rule_table()
    assert len(table) > 20
    assert all(isinstance(r, RuleInfo) and r.id and r.category and r.kind for r in table)
    assert {"phrases", "line-pattern", "content-region"} <= {r.kind for r in table}
    assert len({r.id for r in table}) == len(table)
    by_id = {r.id: r for r in table}
    for path in FIXTURES:
        for removal in scrubber.clean(path.read_text(encoding="utf-8")).removals:
            assert by_id[removal.rule].category == removal.category
    page_table = plugin.scrubber(profile="page").rule_table()
    assert page_table and page_table != table


CATEGORY_CASES = [p for p in FIXTURES if p.name in ("junk_kinds.txt", "multilingual.txt", "widgets.txt")]


def without_category(plugin, path: Path, tmp_path: Path):
    """The fixture cleaned skipping the category of its first removal, and
    what the Rust CLI says with that category's rules disabled in a rule
    file (the CLI has no skip flag)."""
    scrubber = plugin.scrubber()
    text = path.read_text(encoding="utf-8")
    full = scrubber.clean(text)
    category = full.removals[0].category
    ids = [r.id for r in scrubber.rule_table() if r.category == category]
    rules = tmp_path / "skip.toml"
    rules.write_text(f'version = 1\nextends = "builtin"\ndisable = {json.dumps(ids)}\n', encoding="utf-8")
    expected = rust_host(path, tmp_path, f"--rules={rules}")
    assert category not in {r.category for r in expected.removals}
    return scrubber, text, category, ids, expected


@pytest.mark.parametrize("path", CATEGORY_CASES, ids=lambda p: p.name)
def test_skipping_a_category_cuts_what_disabling_its_rules_cuts(plugin, path, tmp_path):
    scrubber, text, category, ids, expected = without_category(plugin, path, tmp_path)
    skipped = scrubber.clean(text, skip_categories=[category])
    assert skipped.text == expected.text
    assert [(r.start, r.end) for r in skipped.removals] == [(r.start, r.end) for r in expected.removals]
    # Skipping by id does the same; the next call without options is whole again.
    assert scrubber.clean(text, skip_rules=ids).text == expected.text
    assert scrubber.clean(text) == rust_host(path, tmp_path)


@pytest.mark.parametrize("path", CATEGORY_CASES, ids=lambda p: p.name)
def test_skipping_a_category_names_the_removals_right(plugin, path, tmp_path):
    scrubber, text, category, _, expected = without_category(plugin, path, tmp_path)
    skipped = scrubber.clean(text, skip_categories=[category])
    assert category not in {r.category for r in skipped.removals}
    assert skipped == expected


def test_the_url_option_applies_the_rules_of_that_site(plugin):
    rules = ('extends = "builtin"\n\n[[rule]]\nid = "site.footer"\ncategory = "boilerplate"\nkind = "phrases"\n'
             'phrases = ["Proudly serving the valley since 1921"]\nsites = ["valley-herald.example"]\n')
    scrubber = plugin.scrubber(rules)
    text = "The council met on Tuesday to discuss the bridge.\nProudly serving the valley since 1921\n"
    outcome = scrubber.clean(text, url="https://www.valley-herald.example/2026/11/bridge")
    assert outcome.text == "The council met on Tuesday to discuss the bridge.\n"
    assert [(r.rule, r.category) for r in outcome.removals] == [("site.footer", "boilerplate")]
    assert scrubber.clean(text, url="valley-herald.example").text == outcome.text
    assert scrubber.clean(text, url="https://other.example/").text == text
    assert scrubber.clean(text).text == text
    batch = scrubber.clean_batch([text, text], url="valley-herald.example")
    assert [o.text for o in batch] == [outcome.text] * 2


FULL_PAGE = ROOT / "tests/fixtures/region/full_page.txt"


def test_the_page_profile_equals_the_cli(plugin, tmp_path):
    text = FULL_PAGE.read_text(encoding="utf-8")
    expected = rust_host(FULL_PAGE, tmp_path, "--profile=page")
    assert expected.text != rust_host(FULL_PAGE, tmp_path).text
    page = plugin.scrubber(profile="page")
    assert page.profile == "page" and "builtin" in page.rules
    assert page.clean(text) == expected
    assert plugin.scrubber(page.rules).clean(text) == expected
    # The scrubber's own profile as an option changes nothing.
    assert page.clean(text, profile="page") == expected


def test_the_page_profile_as_an_option_equals_the_cli(plugin, tmp_path):
    expected = rust_host(FULL_PAGE, tmp_path, "--profile=page")
    assert plugin.scrubber().clean(FULL_PAGE.read_text(encoding="utf-8"), profile="page") == expected


def test_refused_options_raise_options_error(plugin):
    scrubber = plugin.scrubber()
    text = "A sentence of the article.\nRead More: Another story entirely\n"
    with pytest.raises(OptionsError) as info:
        scrubber.clean_batch([text, text], skip_rules=["read-more.no-such-rule"])
    assert (info.value.kind, info.value.value) == ("unknown-rule", "read-more.no-such-rule")
    with pytest.raises(OptionsError) as info:
        scrubber.clean(text, skip_categories=["no-such-category"])
    assert (info.value.kind, info.value.value) == ("unknown-category", "no-such-category")
    own = plugin.scrubber('version = 1\n[[rule]]\nid = "mine.x"\ncategory = "spam"\nkind = "phrases"\nphrases = ["x"]\n')
    with pytest.raises(OptionsError) as info:
        own.clean(text, profile="page")
    assert info.value.kind == "profile-unavailable"
    # Caught before the call: wrong types and unknown profiles.
    with pytest.raises(TypeError):
        scrubber.clean(text, skip_rules="read-more.prefix")
    with pytest.raises(ValueError):
        scrubber.clean(text, profile="nope")
    with pytest.raises(ValueError):
        plugin.scrubber(profile="nope")
    # The scrubber is still fine.
    assert scrubber.clean(text).text == "A sentence of the article.\n"


def test_syntax_errors_say_where(plugin):
    with pytest.raises(RuleError) as info:
        plugin.scrubber("version = 1\n[[rule]\n")
    assert (info.value.line, info.value.column) == (2, 8)
    assert info.value.rule is None
