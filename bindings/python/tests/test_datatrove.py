"""The datatrove step, run by datatrove's own executor over a sharded
JSONL input, gives what `chaff clean --jsonl` gives on the same records."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli

datatrove = pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from chaff_scrubber import RuleError  # noqa: E402
from chaff_scrubber.datatrove import ChaffFilter  # noqa: E402

FILES = 5
TASKS = 3

# A rule for one site: odd records are moved to another site below, so the
# rule must fire on some records and not on others, per record URL.
SITE_RULES = """
version = 1
extends = "builtin"

[[rule]]
id = "site.harbour"
category = "boilerplate"
kind = "phrases"
match = "contains"
phrases = ["harbour wall", "neuen brücke"]
sites = ["example.org"]
"""


def write_shards(directory: Path) -> list[Path]:
    """FILES shards of generated articles (benches/corpus.py), one gzipped,
    with string ids unique across shards."""
    directory.mkdir()
    shards = []
    for n in range(FILES):
        out = subprocess.run(
            [sys.executable, str(REPO / "benches" / "corpus.py"), "--jsonl", "--docs", "40",
             "--max-size", "30000", "--seed", str(100 + n)],
            check=True, capture_output=True, text=True,
        ).stdout
        records = []
        for line in out.splitlines():
            record = json.loads(line)
            if record["id"] % 2:
                record["url"] = f"https://other.example/{record['id']}"
            record["id"] = f"shard{n}-{record['id']}"
            records.append(json.dumps(record, ensure_ascii=False))
        body = "\n".join(records) + "\n"
        if n == 0:
            path = directory / f"shard{n}.jsonl.gz"
            path.write_bytes(gzip.compress(body.encode("utf-8")))
        else:
            path = directory / f"shard{n}.jsonl"
            path.write_text(body, encoding="utf-8")
        shards.append(path)
    return shards


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_datatrove_pipeline_equals_the_cli(cli: Path, tmp_path: Path) -> None:
    shards = write_shards(tmp_path / "in")
    rules = tmp_path / "rules.toml"
    rules.write_text(SITE_RULES, encoding="utf-8")

    expected = {}
    for shard in shards:
        cleaned = tmp_path / f"{shard.name}.cli.jsonl"
        run_cli(cli, "clean", "--jsonl", "-q", "--rules", rules, "--url-field", "url",
                "--removals-field", "chaff_removals", shard, "-o", cleaned)
        for record in read_jsonl(cleaned):
            expected[record["id"]] = (record["text"], record["chaff_removals"])
    assert len(expected) == FILES * 40

    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            ChaffFilter(SITE_RULES, url_key="url"),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=TASKS,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()

    got = {}
    for path in sorted((tmp_path / "out").glob("*.jsonl")):
        for record in read_jsonl(path):
            got[record["id"]] = (record["text"], record["metadata"]["chaff_removals"])
            counts = record["metadata"]["chaff_counts"]
            assert sum(counts.values()) == len(record["metadata"]["chaff_removals"])
    assert got == expected
    site = [i for i, (_, r) in expected.items() if any(x["rule"] == "site.harbour" for x in r)]
    assert site and all(int(i.split("-")[1]) % 2 == 0 for i in site)

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if s["name"].endswith("chaff"))["stats"]
    assert step["total"] == step["forwarded"] == len(expected)
    removals = sum(len(r) for _, r in expected.values())
    assert step["removals"]["total"] == removals > 0
    assert step["changed"] == sum(1 for _, r in expected.values() if r)
    total = lambda v: v if isinstance(v, int) else v["total"]  # noqa: E731 (a count of 1 is stored bare)
    per_category = {k[len("removed_"):]: total(v) for k, v in step.items() if k.startswith("removed_")}
    assert sum(per_category.values()) == removals


def test_a_broken_rule_file_fails_when_the_step_is_made() -> None:
    with pytest.raises(RuleError):
        ChaffFilter('version = 1\n[[rule]]\nid = "x"\ncategory = "ad"\nkind = "line-pattern"\npattern = "ab(c"\n')


def test_errors_drop_and_drop_empty() -> None:
    from datatrove.data import Document

    docs = [
        Document(text="Fine text of a real article about the harbour wall and its repairs.\n", id="a"),
        Document(text="x" * 100, id="b"),
        Document(text="Read More: Something else entirely\n", id="c"),
    ]
    kept = list(ChaffFilter(max_input_bytes=80, removals_key=None)(iter(docs)))
    assert [d.id for d in kept] == ["a", "b", "c"]
    assert "over the input limit" in kept[1].metadata["chaff_error"]
    assert "chaff_removals" not in kept[2].metadata and kept[2].text == ""

    docs[1].text = "x" * 100
    step = ChaffFilter(max_input_bytes=80, on_error="drop", drop_empty=True)
    assert [d.id for d in step(iter(docs))] == ["a"]
    assert step.stats["dropped"].total == 2 and step.stats["errors"].total == 1
