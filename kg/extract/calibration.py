"""Confidences that mean something: each rule's confidence is replaced by how often the rule was right on
the real articles it was tuned on (the table ``kg/extract/calibration.yaml``, data written by
``tests/real/calibrate.py`` from the open splits; a sealed held-out split is never used).

Facts of one rule on one page are not independent: a page's layout makes a rule right (or wrong) on all of
its lines at once (a credit block of twenty names read right is one piece of evidence, and a block read
wrong is one mistake repeated). So each article counts as at most ``PER_ARTICLE`` facts of a rule: an
article where the rule was right ``r`` times in ``n`` adds ``r * k`` right of ``n * k`` facts, with
``k = min(n, PER_ARTICLE) / n``. Counted per fact, rules right on every line of one or two pages reached
0.8-0.9 and were right 13 times in 29 on unseen pages (heldout3). With each of the four open splits scored
on a table made from the other three only (``tests/real/calibrate.py --leave-one-out``), the facts at >= 0.8
were right 122 times in 129 counted per article (two per article, prior weight 5; tune the lowest, 42 in 47),
and 125 in 146 counted per fact (prior weight 6; heldout3 21 in 37).

For a rule with ``right`` correct facts out of ``facts`` judged, the confidence is
``(right + PRIOR_WEIGHT * prior) / (facts + PRIOR_WEIGHT)``, where ``prior`` is the rule's own confidence from
``rules.yaml`` capped at ``UNTESTED_CAP``: a rule seen right a few times climbs slowly, a rule seen wrong
falls, and a rule never seen on real text stays below 0.8 (``UNTESTED_CAP``). So a fact at confidence
>= 0.8 comes from a rule that was right on real text at least five counted times without a miss (so on at
least three articles), or about nine times in ten over thirty counted facts. The prior weighs as five facts:
with three, and facts counted one by one, rules right nine times in ten on the tuned articles reached 0.83
and were right about half the time on the validation articles; six was needed while one page could give a
rule twenty facts, and five is enough once a page counts as at most two (checked by leaving each split out).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError
from kg.extract.masking import Candidate

CALIBRATION_PATH = Path(__file__).resolve().parent / "calibration.yaml"
PRIOR_WEIGHT = 5.0
UNTESTED_CAP = 0.6
PER_ARTICLE = 2


@lru_cache(maxsize=4)
def load_table(path: Path = CALIBRATION_PATH) -> dict[str, tuple[float, float]]:
    """``rule id -> (right, facts)`` from the calibration table, each article counted as at most
    ``PER_ARTICLE`` facts (``by_article``; a rule without it counts its totals); empty if there is none.

    Raises:
        InputError: the table is malformed.
    """
    if not Path(path).is_file():
        return {}
    try:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        rules = data.get("rules") or {}
        return {str(k): _counted(v) for k, v in rules.items()}
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(f"malformed calibration table: {exc}", path=Path(path),
                         hint="regenerate it with tests/real/calibrate.py") from None


def _counted(entry: dict[str, Any]) -> tuple[float, float]:
    """``(right, facts)`` of one table entry with each article weighed as at most ``PER_ARTICLE`` facts.

    Raises:
        KeyError, TypeError, ValueError: a malformed entry.
    """
    pairs = entry.get("by_article")
    if pairs is None:
        return float(int(entry["right"])), float(int(entry["facts"]))
    right = facts = 0.0
    for r, n in pairs:
        r, n = int(r), int(n)
        if not 0 <= r <= n or n == 0:
            raise ValueError(f"bad article count {r} of {n}")
        k = min(n, PER_ARTICLE) / n
        right, facts = right + r * k, facts + n * k
    return right, facts


def calibrated(rule: str, prior: float, table: dict[str, tuple[float, float]]) -> float:
    """The confidence of a fact found by ``rule`` (whose own confidence is ``prior``)."""
    right, facts = table.get(rule, (0, 0))
    base = min(prior, UNTESTED_CAP)
    return round((right + PRIOR_WEIGHT * base) / (facts + PRIOR_WEIGHT), 2)


def apply(candidates: list[Candidate], table: dict[str, tuple[float, float]] | None = None) -> list[Candidate]:
    """The candidates with calibrated confidences (a new list; the input is not changed)."""
    table = load_table() if table is None else table
    return [replace(c, confidence=calibrated(c.rule, c.confidence, table)) for c in candidates]
