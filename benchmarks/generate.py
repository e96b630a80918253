"""A seeded generator of synthetic corpora shaped like ``kg``'s graph, for the benchmarks.

Each synthetic article names people and works and states facts about them, and every fact is
written the way :mod:`kg.build` and :mod:`kg.provenance` write it: the direct schema.org / Wikidata
triple, a statement node (``rdf:Statement``, ``kg:Statement``, for contributions also
``kg:RoleStatement`` with ``kg:role`` and ``schema:roleName``), and a Web Annotation whose
``oa:exact`` quote is about 100 characters, with its prefix, suffix, start and end.

Works are inspired by earlier works (``wdt:P941``), so ``wdt:P941+`` chains run several steps deep.
The same seed and size always give the same file::

    python benchmarks/generate.py 100000 corpus-100k.ttl
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

KG = "https://w3id.org/kg/ontology#"
KGR = "https://w3id.org/kg/id/"
ROLE = "https://w3id.org/kg/role/"
SCHEMA = "http://schema.org/"
WDT = "http://www.wikidata.org/prop/direct/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"kg": KG, "kgr": KGR, "role": ROLE, "schema": SCHEMA, "wdt": WDT, "oa": OA, "prov": PROV,
            "rdf": RDF, "rdfs": RDFS, "xsd": XSD}

#: relation -> (direct predicates, role, label)
RELATIONS = {
    "director": ([SCHEMA + "director"], "director", "directed by"),
    "actor": ([SCHEMA + "actor"], "performer", "stars"),
    "writer": ([SCHEMA + "author"], "writer", "written by"),
    "producer": ([SCHEMA + "producer"], "producer", "produced by"),
}
WORDS = ("night light river crown glass summer echo paper city heart stone wild blue last road "
         "silent gold fire house dream north letter velvet winter song broken garden storm").split()
FIRST = ("Ava Ben Cleo Dev Ezra Fay Gus Hana Ivo Jae Kai Lena Milo Nia Omar Pia Quin Rae Sol Tess "
         "Uma Vic Wren Xan Yara Zed").split()
LAST = ("Abara Brooks Chen Diaz Eze Fox Gray Hale Ito Jones Khan Lund Mora Nash Ode Park Quist Rao "
        "Stone Tran Ueda Vega Wolfe Xu Young Zane").split()
FILLER = ("the film was shot over three weeks in the city and the crew worked through the night while "
          "critics later called it a turning point for everyone involved in the production").split()


def N(iri: str) -> ox.NamedNode:  # noqa: N802
    return ox.NamedNode(iri)


def L(value: str | int, datatype: str | None = None) -> ox.Literal:  # noqa: N802
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(XSD + "nonNegativeInteger"))
    return ox.Literal(value, datatype=N(datatype)) if datatype else ox.Literal(value)


def digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def work_name(i: int) -> str:
    """The name of work ``i`` (unique): the benchmarks ask for ``Work 42 ...`` by this name."""
    return f"Work {i} {WORDS[i % len(WORDS)].title()} {WORDS[(i * 7) % len(WORDS)].title()}"


def person_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


class Corpus:
    """Yields triples for articles until the target size is reached."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.works = 0
        self.people = 0

    def quote(self, *names: str) -> str:
        words = [*names, *self.rng.sample(FILLER, 12)]
        text = " ".join(words)
        while len(text) < 100:
            text += " " + self.rng.choice(FILLER)
        return text[:100]

    def entity(self, node: str, classes: list[str], name: str) -> Iterator[tuple]:
        for cls in classes:
            yield N(node), N(RDF + "type"), N(cls)
        yield N(node), N(SCHEMA + "name"), L(name)
        yield N(node), N(RDFS + "label"), L(name)

    def fact(self, article: str, text_at: int, subject: str, predicates: list[str], obj: str, *,
             relation: str, label: str, role: str | None, quote: str) -> Iterator[tuple]:
        for p in predicates:
            yield N(subject), N(p), N(obj)
        stmt = f"{KGR}statement/{digest(subject, predicates[0], obj)}"
        s = N(stmt)
        yield s, N(RDF + "type"), N(RDF + "Statement")
        yield s, N(RDF + "type"), N(KG + "Statement")
        yield s, N(RDF + "subject"), N(subject)
        yield s, N(RDF + "predicate"), N(predicates[0])
        yield s, N(RDF + "object"), N(obj)
        yield s, N(KG + "relation"), L(relation)
        yield s, N(RDFS + "label"), L(label)
        if role:
            yield s, N(RDF + "type"), N(KG + "RoleStatement")
            yield s, N(RDF + "type"), N(SCHEMA + "Role")
            yield s, N(KG + "role"), N(ROLE + role)
            yield s, N(SCHEMA + "roleName"), L(role)
        yield s, N(PROV + "wasGeneratedBy"), N(f"{KGR}activity/{article}/curated")
        yield s, N(PROV + "wasDerivedFrom"), N(KGR + article)
        ev = f"{KGR}evidence/{article}/{digest(stmt, str(text_at))}"
        e, t, q, pos = N(ev), N(ev + "#target"), N(ev + "#quote"), N(ev + "#position")
        yield e, N(RDF + "type"), N(OA + "Annotation")
        yield e, N(OA + "motivatedBy"), N(OA + "describing")
        yield e, N(OA + "hasBody"), s
        yield e, N(OA + "hasTarget"), t
        yield t, N(RDF + "type"), N(OA + "SpecificResource")
        yield t, N(OA + "hasSource"), N(KGR + article)
        yield t, N(OA + "hasSelector"), q
        yield t, N(OA + "hasSelector"), pos
        yield q, N(RDF + "type"), N(OA + "TextQuoteSelector")
        yield q, N(OA + "exact"), L(quote)
        yield q, N(OA + "prefix"), L(quote[:32])
        yield q, N(OA + "suffix"), L(quote[-32:])
        yield pos, N(RDF + "type"), N(OA + "TextPositionSelector")
        yield pos, N(OA + "start"), L(text_at)
        yield pos, N(OA + "end"), L(text_at + len(quote))

    def article(self, k: int) -> Iterator[tuple]:
        """One article: about three new works and eight new people, reusing earlier ones."""
        rng, art = self.rng, f"article-{k}"
        yield from self.entity(KGR + art, [KG + "Article", SCHEMA + "NewsArticle", SCHEMA + "CreativeWork"],
                               f"Article {k}")
        yield N(KGR + art), N(SCHEMA + "headline"), L(f"Article {k}: on the making of {work_name(self.works)}")
        yield N(f"{KGR}activity/{art}/curated"), N(RDF + "type"), N(PROV + "Activity")
        yield N(f"{KGR}activity/{art}/curated"), N(KG + "method"), N(KG + "curated")
        at = 0
        new_works = [self.works + i for i in range(3)]
        new_people = [self.people + i for i in range(8)]
        self.works += 3
        self.people += 8
        for w in new_works:
            yield from self.entity(f"{KGR}work-{w}", [KG + "Film", SCHEMA + "Movie", SCHEMA + "CreativeWork"],
                                   work_name(w))
        for p in new_people:
            yield from self.entity(f"{KGR}person-{p}", [KG + "Person", SCHEMA + "Person"], person_name(p))
        for w in new_works:
            cast = rng.sample(new_people, 3) + [rng.randrange(self.people) for _ in range(2)]
            for p, rel in zip(cast, ("director", "actor", "actor", "writer", "producer")):
                preds, role, verb = RELATIONS[rel]
                at += 137
                yield from self.fact(art, at, f"{KGR}work-{w}", preds, f"{KGR}person-{p}", relation=rel,
                                     label=f"{work_name(w)} {verb} {person_name(p)}", role=role,
                                     quote=self.quote(work_name(w), person_name(p)))
            if w > 0 and rng.random() < 0.6:
                earlier = rng.randrange(w)
                at += 137
                yield from self.fact(art, at, f"{KGR}work-{w}", [WDT + "P941"], f"{KGR}work-{earlier}",
                                     relation="inspiredBy", label=f"{work_name(w)} inspired by {work_name(earlier)}",
                                     role=None, quote=self.quote(work_name(w), work_name(earlier)))


def triples(size: int, seed: int = 42, corpus: Corpus | None = None) -> Iterator[ox.Triple]:
    """About ``size`` triples (whole articles, at least ``size``), always the same for the same seed."""
    corpus, count, k = corpus or Corpus(seed), 0, 0
    while count < size:
        for s, p, o in corpus.article(k):
            count += 1
            yield ox.Triple(s, p, o)
        k += 1


def describe(size: int, seed: int = 42) -> dict[str, int | str]:
    """What the corpus of ``size`` triples holds: counts, and the work the benchmarks ask about (the last one,
    whose influence chain is the longest on average)."""
    corpus = Corpus(seed)
    count = sum(1 for _ in triples(size, seed, corpus))
    return {"triples": count, "works": corpus.works, "people": corpus.people, "work": work_name(corpus.works - 1)}


def write(size: int, path: Path, seed: int = 42) -> int:
    """Write the corpus of ``size`` triples to ``path`` as Turtle; return the number of triples written."""
    count = 0

    def counted() -> Iterator[ox.Triple]:
        nonlocal count
        for t in triples(size, seed):
            count += 1
            yield t

    tmp = path.with_suffix(path.suffix + ".part")
    with open(tmp, "wb") as fh:
        ox.serialize(counted(), fh, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    tmp.replace(path)
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="number of triples (rounded up to whole articles)")
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    n = write(args.size, args.path, args.seed)
    print(f"wrote {n} triples to {args.path}", file=sys.stderr)


if __name__ == "__main__":
    main()
