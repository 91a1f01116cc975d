"""The package is typed: the stubs match the native module, and the
package and a typical use pass `mypy --strict`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

USE = '''
from chaff_scrubber import DeadlineExceeded, Outcome, Removal, RuleError, Scrubber, shared
from chaff_scrubber.batch import BatchCleaner

scrubber: Scrubber = Scrubber(profile="page", deadline=1.5, cache_dir=False)
outcome: Outcome = scrubber.clean("text", url="example.com", skip_categories=["metadata"])
first: Removal = outcome.removals[0]
span: tuple[int, int] = first.char_span("text")
counts: dict[str, int] = outcome.counts(by="rule")
outcomes: list[Outcome] = scrubber.clean_batch(["a", "b"], urls=[None, "x"], on_error="keep")
error = outcomes[0].error
document: int | None = error.document if error is not None else None
text: str = shared().rule_text
ids: list[str] = [rule.id for rule in scrubber.rules()]
batch = BatchCleaner(counts_column="counts")({"text": ["a"]})
try:
    Scrubber("version = 1")
except RuleError as e:
    where: tuple[str | None, str | None] = (e.rule, e.field)
except DeadlineExceeded as e:
    seconds: float = e.deadline
'''


def mypy(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd)


def test_stubs_match_the_native_module() -> None:
    done = mypy("mypy.stubtest", "chaff_scrubber._native")
    assert done.returncode == 0, done.stdout + done.stderr


def test_strict_mypy_on_the_package_and_a_use(tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(USE)
    for target in (["-p", "chaff_scrubber"], ["use.py"]):
        done = mypy("mypy", "--strict", "--no-incremental", *target, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
