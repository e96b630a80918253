"""Write kg/extract/calibration.yaml: how often each rule's facts were right on the open splits of the real set.

    .venv/bin/python tests/real/calibrate.py --cache /work/realcache/tune
    .venv/bin/python tests/real/calibrate.py --cache '/work/realcache/{split}' --split tune --split heldout --split heldout2 --split heldout3 --split heldout4
    .venv/bin/python tests/real/calibrate.py --cache '/work/realcache/{split}' --split tune ... --leave-one-out

``--leave-one-out`` writes nothing: it prints, for each split named, how many of its facts at >= 0.8 are right
when they are calibrated by a table of the other splits only (an estimate for pages the table has not seen).
Only the splits named are read (tune when none is; a sealed held-out split is never one of the choices:
heldout3 to heldout9 became choices once they were scored). The drafts are made with calibration switched off
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


def judged(cache: Path, splits: tuple[str, ...]) -> list[tuple[str, str, str, float, bool]]:
    """``(split, article id, rule, confidence, right)`` of every judged fact of the drafts of ``splits``."""
    present = []
    for split in splits:
        folder = Path(str(cache).replace("{split}", split))
        present.extend((g, folder / f"{g.id}.txt") for g in map(score.load_gold, score.gold_files(split))
                       if (folder / f"{g.id}.txt").is_file())
    preds = score.draft([text for _, text in present])
    return [(g.split, g.id, fact.rule or "?", fact.confidence or 0.0, bool(right))
            for (g, _), pred in zip(present, preds) for fact, right in score.score_one(pred, g).judged
            if right is not None]


def per_article(facts: list[tuple[str, str, str, float, bool]]) -> dict[str, dict[str, list[int]]]:
    """``rule -> article id -> [right, judged]``."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for _, article, rule, _, right in facts:
        out[rule][article][0] += int(right)
        out[rule][article][1] += 1
    return {rule: dict(arts) for rule, arts in out.items()}


def counts(cache: Path, splits: tuple[str, ...] = ("tune",)) -> dict[str, dict[str, list[int]]]:
    """``rule -> article id -> [right, judged]`` over the drafts of ``splits`` (``cache`` may hold ``{split}``,
    the split's name)."""
    return per_article(judged(cache, splits))


def leave_one_split_out(facts: list[tuple[str, str, str, float, bool]]) -> dict[str, tuple[int, int]]:
    """``split -> (right, facts)`` at confidence >= 0.8 when each split's facts are calibrated by a table made
    from the other splits only: an estimate of the >= 0.8 precision on pages the table has not seen (the
    rule credited with a fact is the one of the uncalibrated draft, so it may differ a little from score.py)."""
    from kg.extract import calibration

    out = {}
    for split in dict.fromkeys(s for s, *_ in facts):
        table = {rule: calibration._counted({"by_article": list(arts.values())})
                 for rule, arts in per_article([f for f in facts if f[0] != split]).items()}
        high = [right for s, _, rule, conf, right in facts
                if s == split and calibration.calibrated(rule, conf, table) >= 0.8]
        out[split] = (sum(high), len(high))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "tests" / "real" / "cache",
                        help="folder of <id>.txt texts; '{split}' in it stands for the split's name")
    parser.add_argument("--split", action="append", choices=("tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9"),
                        help="a split to count on (repeatable; default tune)")
    parser.add_argument("--leave-one-out", action="store_true",
                        help="only print each split's >= 0.8 precision on a table of the other splits; write nothing")
    args = parser.parse_args()
    from kg.extract import calibration

    calibration.load_table.cache_clear()
    target = calibration.CALIBRATION_PATH
    saved = target.read_bytes() if target.is_file() else None
    target.write_text("rules: {}\n", encoding="utf-8")  # draft with the rules' own confidences
    try:
        facts = judged(args.cache, tuple(args.split or ("tune",)))
    except BaseException:
        if saved is not None:
            target.write_bytes(saved)
        raise
    if args.leave_one_out:
        if saved is not None:
            target.write_bytes(saved)
        calibration.load_table.cache_clear()
        for split, (right, n) in leave_one_split_out(facts).items():
            print(f"{split}: {right} of {n} right at >= 0.8 on a table of the other splits")
        return
    found = per_article(facts)
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
