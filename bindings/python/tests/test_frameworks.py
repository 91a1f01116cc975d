"""The Ray Data and Spark recipes (examples/), run for real when Ray or
PySpark is installed (not in tests/all.sh: they are large; install
`ray[data]` or `pyspark` into the test environment to run these)."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def shard(tmp_path: Path) -> Path:
    out = subprocess.run(
        [sys.executable, str(REPO / "benches" / "corpus.py"), "--jsonl", "--docs", "60", "--max-size", "20000"],
        check=True, capture_output=True, text=True,
    ).stdout
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "shard.jsonl"
    path.write_text(out, encoding="utf-8")
    return path


def expected(cli: Path, path: Path, tmp_path: Path) -> dict[int, tuple[str, list[dict]]]:
    out = tmp_path / "cli.jsonl"
    run_cli(cli, "clean", "--jsonl", "-q", "--removals-field", "chaff_removals", path, "-o", out)
    return {r["id"]: (r["text"], r["chaff_removals"]) for r in map(json.loads, out.read_text().splitlines())}


def read_output(directory: Path, pattern: str) -> list[dict]:
    return [json.loads(line) for p in glob.glob(str(directory / pattern)) for line in open(p, encoding="utf-8") if line.strip()]


def test_ray_map_batches_equals_the_cli(cli: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    path = shard(tmp_path)
    subprocess.run([sys.executable, str(EXAMPLES / "ray_map_batches.py"), str(tmp_path / "in" / "*.jsonl"),
                    str(tmp_path / "out"), "--workers", "1"], check=True, capture_output=True)
    got = {r["id"]: r["text"] for r in read_output(tmp_path / "out", "*.json")}
    assert got == {i: text for i, (text, _) in expected(cli, path, tmp_path).items()}


def test_spark_map_in_pandas_equals_the_cli(cli: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    path = shard(tmp_path)
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    subprocess.run([sys.executable, str(EXAMPLES / "spark_map_in_pandas.py"), str(path), str(tmp_path / "out")],
                   check=True, capture_output=True, env=env)
    got = {r["id"]: (r["text"], r["chaff_removals"]) for r in read_output(tmp_path / "out", "*.json")}
    assert got == expected(cli, path, tmp_path)
