"""Clean a document with the chaff component from Python (wasmtime-py).

    python3 clean.py ../article.txt [RULES]
"""
import json
import sys
from pathlib import Path

from chaff_component import Plugin, RuleError

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    text = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "examples/article.txt").read_text(encoding="utf-8")
    plugin = Plugin(str(ROOT / "target/guest/chaff.wasm"))
    try:
        rules = Path(sys.argv[2]).read_text(encoding="utf-8") if len(sys.argv) > 2 else None
        scrubber = plugin.scrubber(rules)
    except RuleError as e:
        print(f"invalid rules: {e}", file=sys.stderr)
        return 2
    outcome = scrubber.clean(text)
    sys.stdout.write(outcome.text)
    for r in outcome.removals:
        print(json.dumps(r.__dict__), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
