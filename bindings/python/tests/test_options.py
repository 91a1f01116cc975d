"""Per-call options: skipped categories and rules, a URL for site rules, a
profile; and arguments refused before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

import chaff_scrubber
from chaff_scrubber import OptionsError, Scrubber

DOCUMENT = (
    "Home > News > Science\n"
    "Date:2025-04-11 14:42:41\n"
    "Sea urchins are spreading across the reef, and divers say the kelp is thinning fast this year.\n"
    "Read More: Why sea urchins are winning on some reefs\n"
    "Scientists counted twice as many urchins as in the last survey, most of them in shallow water.\n"
)

SITE_RULES = """
version = 1
extends = "builtin"

[[rule]]
id = "site.gazette-footer"
category = "boilerplate"
kind = "phrases"
match = "prefix"
phrases = ["Subscribe to the Example Gazette"]
sites = ["example.com"]
"""

SITE_DOCUMENT = (
    "The harbour wall was finished two months early, the council said on Tuesday evening.\n"
    "Subscribe to the Example Gazette for more local news\n"
)


def categories(outcome: chaff_scrubber.Outcome) -> set[str]:
    return {r.category for r in outcome.removals}


def test_skip_categories(scrubber: Scrubber) -> None:
    everything = scrubber.clean(DOCUMENT)
    assert {"breadcrumb", "metadata", "read-more"} <= categories(everything)
    kept = scrubber.clean(DOCUMENT, skip_categories=["metadata"])
    assert "Date:2025-04-11 14:42:41\n" in kept.text
    spans = [(r.start, r.end) for r in everything.removals if r.category != "metadata"]
    assert kept.text == DOCUMENT.replace("Home > News > Science\n", "").replace(
        "Read More: Why sea urchins are winning on some reefs\n", ""
    )
    assert [(r.start, r.end) for r in kept.removals] == spans
    # One name, a tuple, a set, a generator: all the same.
    for names in ("metadata", ("metadata",), {"metadata"}, (c for c in ["metadata"])):
        assert scrubber.clean(DOCUMENT, skip_categories=names) == kept
    both = scrubber.clean(DOCUMENT, skip_categories=["metadata", "read-more"])
    assert both.text == DOCUMENT.replace("Home > News > Science\n", "")


def test_removals_under_skip_options_name_their_rule(scrubber: Scrubber) -> None:
    everything = scrubber.clean(DOCUMENT)
    kept = scrubber.clean(DOCUMENT, skip_categories=["metadata"])
    assert kept.removals == [r for r in everything.removals if r.category != "metadata"]


def test_skip_rules(scrubber: Scrubber) -> None:
    outcome = scrubber.clean(DOCUMENT, skip_rules=["read-more.prefix"])
    assert "Read More: Why sea urchins" in outcome.text
    assert outcome.removals == [r for r in scrubber.clean(DOCUMENT).removals if r.rule != "read-more.prefix"]


def test_unknown_names_are_refused_not_ignored(scrubber: Scrubber) -> None:
    with pytest.raises(OptionsError) as refused:
        scrubber.clean(DOCUMENT, skip_categories=["no-such-category"])
    assert (refused.value.kind, refused.value.value) == ("unknown-category", "no-such-category")
    assert isinstance(refused.value, ValueError)
    with pytest.raises(OptionsError) as refused:
        scrubber.clean(DOCUMENT, skip_rules=["no.such.rule"])
    assert (refused.value.kind, refused.value.value) == ("unknown-rule", "no.such.rule")
    # In a batch, refused options concern every document alike.
    with pytest.raises(OptionsError):
        scrubber.clean_batch([DOCUMENT, DOCUMENT], skip_rules=["no.such.rule"])
    kept = scrubber.clean_batch([DOCUMENT, DOCUMENT], skip_rules=["no.such.rule"], on_error="keep")
    assert all(isinstance(o.error, OptionsError) and o.text == DOCUMENT for o in kept)


def test_site_rules_fire_only_for_their_site() -> None:
    scrubber = Scrubber(SITE_RULES)
    footer = "Subscribe to the Example Gazette for more local news\n"
    assert footer in scrubber.clean(SITE_DOCUMENT).text
    for url in ["https://example.com/2026/harbour", "https://www.example.com/a", "https://news.example.com/x", "example.com"]:
        outcome = scrubber.clean(SITE_DOCUMENT, url=url)
        assert footer not in outcome.text, url
        assert [r.rule for r in outcome.removals] == ["site.gazette-footer"]
    for url in ["https://example.org/a", "https://notexample.com/", "https://example.com.evil.net/"]:
        assert footer in scrubber.clean(SITE_DOCUMENT, url=url).text, url


def test_batch_with_one_url_per_document() -> None:
    scrubber = Scrubber(SITE_RULES)
    urls = ["https://example.com/1", None, "https://example.org/2", "https://www.example.com/3", None]
    documents = [SITE_DOCUMENT] * len(urls)
    batch = scrubber.clean_batch(documents, urls=urls)
    assert batch == [scrubber.clean(d, url=u) for d, u in zip(documents, urls)]
    assert [bool(o.removals) for o in batch] == [True, False, False, True, False]
    # One url for all.
    assert all(o.removals for o in scrubber.clean_batch(documents, url="example.com"))


def test_profile_per_call(scrubber: Scrubber, article: str) -> None:
    page = Scrubber(profile="page")
    assert page.profile == "page" and scrubber.profile == "extractor"
    assert scrubber.clean(article, profile="page") == page.clean(article)
    assert page.clean(article, profile="extractor") == scrubber.clean(article)


def test_outcome_helpers(scrubber: Scrubber) -> None:
    outcome = scrubber.clean(DOCUMENT)
    assert outcome.ok and outcome.error is None
    assert outcome.counts() == {c: sum(r.category == c for r in outcome.removals) for c in categories(outcome)}
    assert sum(outcome.counts(by="rule").values()) == len(outcome.removals)
    assert outcome.removed_bytes == len(DOCUMENT.encode()) - len(outcome.text.encode())
    as_dict = outcome.as_dict()
    assert as_dict["text"] == outcome.text
    assert as_dict["removals"] == [r.as_dict() for r in outcome.removals]
    assert set(as_dict["removals"][0]) == {"rule", "category", "start", "end"}
    with pytest.raises(ValueError):
        outcome.counts(by="nothing")  # type: ignore[arg-type]


def test_offsets_are_utf8_bytes_and_helpers_give_characters(scrubber: Scrubber) -> None:
    document = "Ça coûte 5 € — très cher, dit-elle en souriant à la caissière du marché.\nRead More: Les prix flambent à Paris cet été\n"
    outcome = scrubber.clean(document)
    (removal,) = outcome.removals
    raw = document.encode("utf-8")
    assert raw[removal.start : removal.end].decode() == "Read More: Les prix flambent à Paris cet été\n"
    start, end = removal.char_span(document)
    assert start < removal.start  # multi-byte characters before it
    assert document[start:end] == removal.text_in(document)
    with pytest.raises(ValueError):
        removal.text_in("short")


def test_arguments_are_checked_before_the_call(scrubber: Scrubber) -> None:
    with pytest.raises(ValueError, match="not both"):
        Scrubber("version = 1\n", profile="page")
    with pytest.raises(ValueError, match="profile"):
        Scrubber(profile="full")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="profile"):
        scrubber.clean("x", profile="full")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="deadline"):
        Scrubber(deadline=0)
    with pytest.raises(ValueError, match="concurrency"):
        Scrubber(concurrency=0)
    with pytest.raises(TypeError):
        scrubber.clean(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="one str"):
        scrubber.clean_batch("a whole document")
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        scrubber.clean_batch(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        scrubber.clean("x", skip_categories=[1])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="2 urls for 1 texts"):
        scrubber.clean_batch(["x"], urls=["a", "b"])
    with pytest.raises(ValueError, match="not both"):
        scrubber.clean_batch(["x"], url="a", urls=["a"])
    with pytest.raises(ValueError, match="on_error"):
        scrubber.clean_batch(["x"], on_error="ignore")  # type: ignore[arg-type]


def test_rules_from_a_path(tmp_path: Path) -> None:
    path = Path(tmp_path) / "site.toml"
    path.write_text(SITE_RULES, encoding="utf-8")
    from_path = Scrubber(path)
    assert from_path.rule_text == SITE_RULES
    assert from_path.clean(SITE_DOCUMENT, url="example.com") == Scrubber(SITE_RULES).clean(SITE_DOCUMENT, url="example.com")
    with pytest.raises(FileNotFoundError):
        Scrubber(Path(tmp_path) / "missing.toml")
    (Path(tmp_path) / "latin1.toml").write_bytes(b"version = 1\n# caf\xe9\n")
    with pytest.raises(ValueError, match="not UTF-8"):
        Scrubber(Path(tmp_path) / "latin1.toml")
    with pytest.raises(TypeError):
        Scrubber(3)  # type: ignore[arg-type]
