"""Score `kg extract` on the real-article development set (see tests/real/README.md).

For every gold file of the chosen split (tests/real/gold/<split>/<id>.yaml) whose text is in the cache
(<cache>/<id>.txt), the article is drafted by the project's extraction (``kg.pipeline.extract``, as
``kg extract`` does) and the draft is scored with ``kg.extract.evaluate`` against the gold: predicted
entities named like an ``ignore`` entry are left out, ``optional`` gold items are neither required nor
rewarded, quotes are not compared, facts about the article itself are left out. Missing cache texts are
reported and skipped.

    .venv/bin/python tests/real/score.py --cache /work/realcache/tune --split tune [--json FILE] [--details]

Prints one row per article (kind, entity and relation P/R/F1), micro totals per split, and the calibration:
the precision of predicted facts by confidence band, and at confidence >= 0.8.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from kg.annotations import Annotation, Entity, Fact  # noqa: E402
from kg.extract.evaluate import Evaluation, Score, fact_key  # noqa: E402
from kg.yamlfile import load_yaml  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold"
SPLITS = ("tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
          "heldout9")
KINDS = ("news", "review", "interview", "festival", "awards", "wiki-infobox", "press-release", "company-profile",
         "obituary", "career-profile", "music-news", "music-video", "art-museum", "tv", "theatre")
REQUIRED = ("id", "url", "find", "kind", "split")
#: confidence bands for the calibration, high to low: (label, lowest confidence in the band)
BANDS = (("0.9-1.0", 0.9), ("0.8-0.9", 0.8), ("0.6-0.8", 0.6), ("<0.6", 0.0))


class GoldError(ValueError):
    """A gold file that does not follow tests/real/README.md."""


@dataclass(frozen=True)
class RealGold:
    """One gold file of the real set: identification, the annotation, and its optional and ignored names."""

    id: str
    url: str
    find: str
    kind: str
    split: str
    annotation: Annotation
    optional_entities: frozenset[str]
    optional_facts: frozenset[tuple[str, str, str]]
    ignore: tuple[str, ...]
    path: Path


def _plain(value: object) -> object:
    """YAML nodes (kg.yamlfile's line-numbered mappings) as plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_gold(path: Path) -> RealGold:
    """Read one gold file.

    Raises:
        GoldError: a missing field, a malformed entity or fact, an unknown id.
        kg.errors.InputError: unreadable YAML.
    """
    doc = _plain(load_yaml(Path(path)))
    if not isinstance(doc, dict):
        raise GoldError(f"{path}: not a mapping")
    for key in REQUIRED:
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            raise GoldError(f"{path}: missing `{key}`")
    entities, optional_e = [], set()
    for item in doc.get("entities") or []:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "type", "name")):
            raise GoldError(f"{path}: an entity needs id, type and name: {item!r}")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise GoldError(f"{path}: aliases of {item['id']} must be a list")
        entities.append(Entity(id=item["id"], type=item["type"], name=item["name"],
                               aliases=tuple(str(a) for a in aliases)))
        if item.get("optional") is True:
            optional_e.add(item["id"])
    ids = [e.id for e in entities]
    if len(set(ids)) != len(ids):
        raise GoldError(f"{path}: duplicate entity ids")
    facts, optional_f = [], set()
    for item in doc.get("facts") or []:
        if not isinstance(item, dict) or not isinstance(item.get("subject"), str) \
                or not isinstance(item.get("relation"), str) or ("object" in item) == ("value" in item):
            raise GoldError(f"{path}: a fact needs subject, relation and one of object/value: {item!r}")
        for ref in (item["subject"], item.get("object")):
            if ref is not None and ref not in ids:
                raise GoldError(f"{path}: unknown entity id {ref!r}")
        value = None if "object" in item else str(item["value"])
        fact = Fact(subject=item["subject"], relation=item["relation"], object=item.get("object"), value=value)
        facts.append(fact)
        if item.get("optional") is True:
            optional_f.add(fact_key(fact))
    ignore = tuple(str(n) for n in (doc.get("ignore") or []))
    annotation = Annotation(article=doc["id"], method="curated", entities=tuple(entities), facts=tuple(facts),
                            path=Path(path))
    return RealGold(id=doc["id"], url=doc["url"], find=doc["find"], kind=doc["kind"], split=doc["split"],
                    annotation=annotation, optional_entities=frozenset(optional_e),
                    optional_facts=frozenset(optional_f), ignore=ignore, path=Path(path))


def gold_files(split: str) -> list[Path]:
    """The gold files of ``split`` (one of SPLITS, or all), sorted by split then id."""
    splits = SPLITS if split == "all" else (split,)
    return [p for s in splits for p in sorted((GOLD / s).glob("*.yaml"))]


def draft(texts: list[Path], *, out=sys.stdout) -> list[Annotation]:
    """Draft annotations of the texts by the project's extraction, in order (each text keeps its id).

    An article the extraction fails on (a KgError, or any exception: a bug) is reported and scored as an
    empty draft, so one bad page neither stops the run nor is left out of the totals.
    """
    from kg import pipeline

    try:
        return [d.annotation for d in pipeline.extract(texts)]
    except Exception:  # noqa: BLE001 - find the failing article(s) one by one
        pass
    drafts = []
    for text in texts:
        try:
            drafts.append(pipeline.extract([text])[0].annotation)
        except Exception as exc:  # noqa: BLE001
            print(f"extraction failed, scored as an empty draft: {text.stem}: {type(exc).__name__}: {exc}", file=out)
            drafts.append(Annotation(article=text.stem, method="automatic", entities=(), facts=()))
    return drafts


def score_one(pred: Annotation, gold: RealGold) -> Evaluation:
    """One draft scored against its gold (optional and ignored items handled by kg.extract.evaluate)."""
    from kg.extract.evaluate import evaluate

    return evaluate(pred, gold.annotation, ignore=set(gold.ignore), optional_entities=gold.optional_entities,
                    optional_facts=gold.optional_facts)


def calibration(rows: list[Evaluation]) -> dict[str, dict[str, float | int]]:
    """Precision of the predicted facts per confidence band and at confidence >= 0.8 (unscored repeats and
    optional facts left out)."""
    bands: dict[str, list[int]] = {label: [0, 0] for label, _ in BANDS}
    high = [0, 0]
    for row in rows:
        for fact, right in row.judged:
            if right is None:
                continue
            conf = fact.confidence if fact.confidence is not None else 0.0
            label = next(lbl for lbl, low in BANDS if conf >= low)
            bands[label][0] += int(right)
            bands[label][1] += 1
            if conf >= 0.8:
                high[0] += int(right)
                high[1] += 1
    out: dict[str, dict[str, float | int]] = {}
    for label, (right, total) in [(">=0.8", high), *bands.items()]:
        out[label] = {"facts": total, "right": right, "precision": round(right / total, 3) if total else None}
    return out


def _prf(s: Score) -> dict[str, float | int]:
    return {"p": round(s.precision, 3), "r": round(s.recall, 3), "f1": round(s.f1, 3), "tp": s.tp, "fp": s.fp, "fn": s.fn}


def run(cache: Path, split: str, *, details: bool = False, out=sys.stdout) -> dict:
    """Score every gold file of ``split`` whose text is in ``cache``; print the table; return the numbers."""
    golds = [load_gold(p) for p in gold_files(split)]
    present = [g for g in golds if (cache / f"{g.id}.txt").is_file()]
    missing = [g.id for g in golds if g not in present]
    for name in missing:
        print(f"missing in the cache, skipped: {name}", file=out)
    rows: list[tuple[RealGold, Evaluation]] = []
    if present:
        with tempfile.TemporaryDirectory() as tmp:  # the cache may hold other files; extract only ours
            texts = []
            for g in present:
                target = Path(tmp) / f"{g.id}.txt"
                target.write_bytes((cache / f"{g.id}.txt").read_bytes())
                texts.append(target)
            preds = draft(texts, out=out)
        rows = [(g, score_one(p, g)) for g, p in zip(present, preds)]
    header = f"{'article':44} {'kind':15} {'ent P':>6} {'ent R':>6} {'ent F1':>6}   {'rel P':>6} {'rel R':>6} {'rel F1':>6}"
    print(header, file=out)
    for g, row in rows:
        print(_line(g.id, g.kind, row.entities, row.relations), file=out)
    result: dict = {"date": _dt.date.today().isoformat(), "commit": _commit(), "split": split,
                    "cache": str(cache), "missing": missing, "articles": [], "totals": {}}
    for g, row in rows:
        result["articles"].append({"id": g.id, "kind": g.kind, "split": g.split,
                                   "entities": _prf(row.entities), "relations": _prf(row.relations)})
    for name in ([*SPLITS, "all"] if split == "all" else [split]):
        part = [r for g, r in rows if name == "all" or g.split == name]
        if not part:
            continue
        ent = sum((r.entities for r in part), Score(0, 0, 0))
        rel = sum((r.relations for r in part), Score(0, 0, 0))
        print(_line(f"total {name} (micro, {len(part)} articles)", "", ent, rel), file=out)
        result["totals"][name] = {"articles": len(part), "entities": _prf(ent), "relations": _prf(rel),
                                  "calibration": calibration(part)}
    for name, total in result["totals"].items():
        bands = ", ".join(f"{label}: {c['precision'] if c['precision'] is not None else '-'} ({c['right']}/{c['facts']})"
                          for label, c in total["calibration"].items())
        print(f"calibration {name}: fact precision by confidence  {bands}", file=out)
    if details:
        from kg.extract.evaluate import details as show

        for _, row in rows:
            print(show(row), file=out)
    return result


def _commit() -> str | None:
    """The git commit of the code that drafted the articles, if the repo is a git checkout."""
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _line(name: str, kind: str, ent: Score, rel: Score) -> str:
    return (f"{name[:44]:44} {kind:15} {ent.precision:6.2f} {ent.recall:6.2f} {ent.f1:6.2f}   "
            f"{rel.precision:6.2f} {rel.recall:6.2f} {rel.f1:6.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path(__file__).resolve().parent / "cache",
                        help="folder of <id>.txt article texts (default tests/real/cache)")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="tune")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    parser.add_argument("--details", action="store_true", help="print each article's misses and false findings")
    args = parser.parse_args(argv)
    result = run(args.cache, args.split, details=args.details)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
