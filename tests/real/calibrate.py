"""Write kg/extract/calibration.yaml: how often each rule's facts were right on the open splits of the real set.

    .venv/bin/python tests/real/calibrate.py --cache /work/realcache/tune
    .venv/bin/python tests/real/calibrate.py --cache '/work/realcache/{split}' --split tune --split heldout --split heldout2 --split heldout3

Only the splits named are read (tune when none is; a sealed held-out split is never one of the choices:
heldout3 became one once it was scored). The drafts are made with calibration switched off
(every rule at its own confidence) so that the counts do not depend on an earlier table. Each rule's entry
keeps its totals and, in ``by_article``, its ``[right, facts]`` on each article (sorted, no ids), which
kg/extract/calibration.py weighs as at most PER_ARTICLE facts per article.
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


def counts(cache: Path, splits: tuple[str, ...] = ("tune",)) -> dict[str, dict[str, list[int]]]:
    """``rule -> article id -> [right, judged]`` over the drafts of ``splits`` (``cache`` may hold ``{split}``,
    the split's name)."""
    present = []
    for split in splits:
        folder = Path(str(cache).replace("{split}", split))
        present.extend((g, folder / f"{g.id}.txt") for g in map(score.load_gold, score.gold_files(split))
                       if (folder / f"{g.id}.txt").is_file())
    preds = score.draft([text for _, text in present])
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for (g, _), pred in zip(present, preds):
        row = score.score_one(pred, g)
        for fact, right in row.judged:
            if right is None:
                continue
            out[fact.rule or "?"][g.id][0] += int(right)
            out[fact.rule or "?"][g.id][1] += 1
    return {rule: dict(arts) for rule, arts in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "tests" / "real" / "cache",
                        help="folder of <id>.txt texts; '{split}' in it stands for the split's name")
    parser.add_argument("--split", action="append", choices=("tune", "heldout", "heldout2", "heldout3"),
                        help="a split to count on (repeatable; default tune)")
    args = parser.parse_args()
    from kg.extract import calibration

    calibration.load_table.cache_clear()
    target = calibration.CALIBRATION_PATH
    saved = target.read_bytes() if target.is_file() else None
    target.write_text("rules: {}\n", encoding="utf-8")  # draft with the rules' own confidences
    try:
        found = counts(args.cache, tuple(args.split or ("tune",)))
    except BaseException:
        if saved is not None:
            target.write_bytes(saved)
        raise
    names = ", ".join(args.split or ("tune",))
    lines = [f"# How often each rule's facts were right on the real-article set, splits: {names}",
             "# (tests/real/gold/<split>), written by tests/real/calibrate.py; kg/extract/calibration.py turns",
             "# these counts into confidences (each article weighed as at most PER_ARTICLE facts, by_article:",
             "# [right, facts] per article). Never computed on a sealed held-out split.", "rules:"]
    for rule in sorted(found):
        pairs = sorted(found[rule].values(), key=lambda p: (-p[1], -p[0]))
        right, facts = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
        per = ", ".join(f"[{r}, {n}]" for r, n in pairs)
        lines.append(f"  {rule}: {{right: {right}, facts: {facts}, by_article: [{per}]}}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calibration.load_table.cache_clear()
    print(f"wrote {target} ({len(found)} rules)")


if __name__ == "__main__":
    main()
