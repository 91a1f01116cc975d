"""Shared fixtures: the repository, the `chaff` CLI the bindings are
checked against, documents, and one scrubber per session."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import chaff_scrubber

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"


def fixture_files() -> list[Path]:
    """Every input fixture (not the expected `.clean.txt` outputs)."""
    return sorted(
        p for p in FIXTURES.rglob("*.txt") if ".clean." not in p.name
    )


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `chaff` binary: `$CHAFF_CLI`, else `target/release/chaff`.
    tests/all.sh sets `$CHAFF_CLI`, so there a missing binary fails."""
    path = Path(os.environ.get("CHAFF_CLI", REPO / "target" / "release" / "chaff"))
    if not path.is_file():
        if "CHAFF_CLI" in os.environ:
            pytest.fail(f"CHAFF_CLI={path} does not exist")
        pytest.skip(f"no chaff CLI at {path} (cargo build --release, or set CHAFF_CLI)")
    return path


def run_cli(cli: Path, *args: str | os.PathLike[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(cli), *map(str, args)], input=stdin, capture_output=True, check=True)


def cli_clean(cli: Path, path: Path, tmp_path: Path, *args: str) -> tuple[str, list[dict]]:
    """`chaff clean --report=FILE [args] path`: the text and the removals."""
    report = tmp_path / f"{path.stem}.report.jsonl"
    out = run_cli(cli, "clean", f"--report={report}", *args, path)
    lines = report.read_text(encoding="utf-8").splitlines()
    return out.stdout.decode("utf-8"), [json.loads(line) for line in lines]


@pytest.fixture(scope="session")
def scrubber() -> chaff_scrubber.Scrubber:
    return chaff_scrubber.Scrubber()


@pytest.fixture(scope="session")
def article() -> str:
    return (REPO / "examples" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def big_document(article: str) -> str:
    """About 40 MB of article text: long enough to take most of a second."""
    return article * (40_000_000 // len(article.encode("utf-8")))
