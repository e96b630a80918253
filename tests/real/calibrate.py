"""Write kg/extract/calibration.yaml: how often each rule's facts were right on the TUNE split of the real set.

    .venv/bin/python tests/real/calibrate.py --cache /work/realcache/tune

Only the tune split is read (never the held-out one). The drafts are made with calibration switched off
(every rule at its own confidence) so that the counts do not depend on an earlier table.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.real import score  # noqa: E402


def counts(cache: Path) -> dict[str, list[int]]:
    """``rule -> [right, judged]`` over the tune split's drafts."""
    golds = [score.load_gold(p) for p in score.gold_files("tune")]
    present = [g for g in golds if (cache / f"{g.id}.txt").is_file()]
    preds = score.draft([cache / f"{g.id}.txt" for g in present])
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g, pred in zip(present, preds):
        row = score.score_one(pred, g)
        for fact, right in row.judged:
            if right is None:
                continue
            out[fact.rule or "?"][0] += int(right)
            out[fact.rule or "?"][1] += 1
    return dict(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "tests" / "real" / "cache")
    args = parser.parse_args()
    from kg.extract import calibration

    calibration.load_table.cache_clear()
    target = calibration.CALIBRATION_PATH
    saved = target.read_bytes() if target.is_file() else None
    target.write_text("rules: {}\n", encoding="utf-8")  # draft with the rules' own confidences
    try:
        found = counts(args.cache)
    except BaseException:
        if saved is not None:
            target.write_bytes(saved)
        raise
    lines = ["# How often each rule's facts were right on the tune split of the real-article set",
             "# (tests/real/gold/tune), written by tests/real/calibrate.py; kg/extract/calibration.py turns",
             "# these counts into confidences. Never computed on the held-out split.", "rules:"]
    for rule in sorted(found):
        right, facts = found[rule]
        lines.append(f"  {rule}: {{right: {right}, facts: {facts}}}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calibration.load_table.cache_clear()
    print(f"wrote {target} ({len(found)} rules)")


if __name__ == "__main__":
    main()
