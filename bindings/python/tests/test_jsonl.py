"""`Scrubber.clean_jsonl`: JSONL records in, the CLI's bytes out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import chaff_scrubber
from conftest import fixture_files


def shard() -> bytes:
    """Records of every fixture, escaped in two styles, with a URL, nested
    and CRLF records, a blank line, and records that cannot be cleaned."""
    lines = []
    for i, path in enumerate(fixture_files() * 3):
        text = path.read_text(encoding="utf-8")
        record = {"id": i, "url": f"https://site{i % 4}.example/{i}", "meta": {"n": 1.50}, "text": text}
        lines.append(json.dumps(record, ensure_ascii=i % 2 == 0).encode() + (b"\r\n" if i % 5 == 0 else b"\n"))
        if i == 7:
            lines.append(b"\n")
            lines.append(b'{"id": "bad", "text": 5}\n')
            lines.append(b"not json\n")
    return b"".join(lines)


@pytest.mark.parametrize("on_error", ["pass", "skip"])
def test_clean_jsonl_writes_the_clis_bytes(cli: Path, tmp_path: Path, on_error: str) -> None:
    data = shard()
    path = tmp_path / "shard.jsonl"
    path.write_bytes(data)
    args = ["--url-field", "url", "--removals-field", "chaff", "--on-error", on_error]
    run = subprocess.run([str(cli), "clean", "--jsonl", "-q", *args, str(path)], capture_output=True)
    assert run.returncode == 1, run.stderr  # two records cannot be cleaned
    expected = run.stdout
    assert expected.count(b'"chaff":[') > 10
    scrubber = chaff_scrubber.Scrubber()
    got = scrubber.clean_jsonl(data, url_field="url", removals_field="chaff", on_error=on_error)  # type: ignore[arg-type]
    assert got == expected
    # Spread over threads or not, and in pieces of any size, the same bytes.
    alone = chaff_scrubber.Scrubber(concurrency=1)
    assert alone.clean_jsonl(data, url_field="url", removals_field="chaff", on_error=on_error) == expected  # type: ignore[arg-type]
    pieces = data.splitlines(keepends=True)
    joined = b"".join(
        scrubber.clean_jsonl(b"".join(pieces[i : i + 5]), url_field="url", removals_field="chaff", on_error=on_error)  # type: ignore[arg-type]
        for i in range(0, len(pieces), 5)
    )
    assert joined == expected


def test_clean_jsonl_raises_naming_the_line() -> None:
    scrubber = chaff_scrubber.Scrubber()
    data = b'{"text": "Fine.\\nView\\n"}\n\n{"text": 5}\n'
    with pytest.raises(ValueError, match="line 3: field `text` is a number"):
        scrubber.clean_jsonl(data)
    assert scrubber.clean_jsonl(data[:26]) == b'{"text": "Fine.\\n"}\n'
    assert scrubber.clean_jsonl(b"") == b""


def test_clean_jsonl_options_and_fields() -> None:
    scrubber = chaff_scrubber.Scrubber()
    record = b'{"doc": {"body": "Fine.\\nView\\n"}, "text": "View\\n"}'
    assert scrubber.clean_jsonl(record, field="doc.body") == b'{"doc": {"body": "Fine.\\n"}, "text": "View\\n"}'
    assert scrubber.clean_jsonl(record, field="doc.body", skip_categories=["ui"]) == record
    with pytest.raises(ValueError, match="would overwrite"):
        scrubber.clean_jsonl(record, field="doc.body", removals_field="doc")
    with pytest.raises(ValueError, match="not a field path"):
        scrubber.clean_jsonl(record, field="doc..body")
    with pytest.raises(ValueError, match="on_error"):
        scrubber.clean_jsonl(record, on_error="keep")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scrubber.clean_jsonl(record.decode())  # type: ignore[arg-type]
