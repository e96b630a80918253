"""Annotations -> rdflib Graph: entities, role statement nodes, direct schema.org/Wikidata triples, evidence.

For each fact ``subject relation object`` the graph holds

* the direct triple, e.g. ``film schema:director person`` (and every schema.org super-property of our
  own predicates, so that ``out/graph.ttl`` answers schema.org-only queries without the ontology);
* a statement node (``rdf:Statement``, ``kg:Statement``; for contributions also ``kg:RoleStatement``
  and ``schema:Role`` with ``kg:role``) that carries the evidence (see :mod:`kg.provenance`).

The relation table ``ontology/relations.yaml`` decides predicates, roles and allowed classes.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, Iterable

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import XSDToPython

from kg import provenance
from kg.annotations import Annotation, Entity, Fact
from kg.quotes import locate, quote_pattern
from kg.articles import Article
from kg.errors import AnnotationError
from kg.namespaces import KG, KGR, ROLE, SCHEMA, bind_prefixes, expand
from kg.resources import ontology, relation_table

DATE_RE = {
    re.compile(r"\d{4}"): XSD.gYear,
    re.compile(r"\d{4}-(0[1-9]|1[0-2])"): XSD.gYearMonth,
    re.compile(r"\d{4}-\d{2}-\d{2}"): XSD.date,
}


def date_type(raw: str) -> URIRef | None:
    """``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date`` for a real date written YYYY, YYYY-MM or
    YYYY-MM-DD; ``None`` for anything else (``2022-13``, ``2022-02-30``, ``2022-11-22\\n``)."""
    for pattern, dtype in DATE_RE.items():
        if pattern.fullmatch(raw):
            if dtype == XSD.date:
                try:
                    datetime.date.fromisoformat(raw)
                except ValueError:
                    return None
            return dtype
    return None


def a_or_an(word: str) -> str:
    """``word`` with its indefinite article: "a Person", "an Album", "an Organization"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph()
    bind_prefixes(graph)
    return graph


def superclasses(cls: URIRef) -> set[URIRef]:
    """``cls`` and every class above it (rdfs:subClassOf*, in the ontology)."""
    return set(ontology().transitive_objects(cls, RDFS.subClassOf))


def class_of(type_name: str, *, path: Path | None = None, line: int | None = None) -> URIRef:
    """Our class for an annotation's ``type:``.

    Raises:
        AnnotationError: no such class in ``ontology/kg.ttl``.
    """
    cls = URIRef(str(KG._NS) + type_name)
    if (cls, RDF.type, OWL.Class) not in ontology() or type_name in ("Thing", "Statement", "RoleStatement", "Role",
                                                                     "Method", "Extraction"):
        raise AnnotationError(f"unknown entity type {type_name!r}", path=path, line=line,
                              hint="use a type listed in data/README.md, e.g. Person, Film, Organization")
    return cls


def _schema_closure(prop: URIRef) -> list[URIRef]:
    """``prop`` and its schema.org super-properties (what is materialised for interoperability)."""
    out = [prop]
    for sup in ontology().transitive_objects(prop, RDFS.subPropertyOf):
        if sup != prop and str(sup).startswith(str(SCHEMA)):
            out.append(sup)
    return out


class _Builder:
    """Adds one annotation to a graph; holds only what one call needs."""

    def __init__(self, graph: Graph, annotation: Annotation, article: Article) -> None:
        self.graph, self.annotation, self.article = graph, annotation, article
        self.entities = {e.id: e for e in annotation.entities}
        self.classes = {e.id: class_of(e.type, path=annotation.path, line=e.line) for e in annotation.entities}
        self.table = relation_table()

    def error(self, what: str, line: int, hint: str) -> AnnotationError:
        return AnnotationError(what, path=self.annotation.path, line=line, hint=hint)

    def span(self, quote: str, *, prefix: str | None, suffix: str | None, line: int) -> tuple[int, int]:
        return locate(self.article.text, quote, prefix=prefix, suffix=suffix, path=self.annotation.path, line=line)

    def add_entity(self, entity: Entity) -> None:
        g, node, cls = self.graph, KGR[entity.id], self.classes[entity.id]
        g.add((node, RDF.type, cls))
        for sup in sorted(superclasses(cls)):
            if str(sup).startswith(str(SCHEMA)) and sup != SCHEMA.Thing:
                g.add((node, RDF.type, sup))
        g.add((node, SCHEMA.name, Literal(entity.name)))
        g.add((node, RDFS.label, Literal(self.shown(entity.id))))
        if entity.description:
            g.add((node, SCHEMA.disambiguatingDescription, Literal(entity.description)))
        for alias in entity.aliases:
            g.add((node, SCHEMA.alternateName, Literal(alias)))
        if entity.source:
            g.add((node, KG.externalSource, Literal(entity.source)))
            if self.mention(entity.name) is None:
                self.add_name_statement(entity, node)
        self.add_type_statement(entity, node, cls)

    def shown(self, entity_id: str) -> str:
        """How an entity is shown to a person (its ``rdfs:label``): its ``label`` if the annotation gives
        one (to tell apart things that share a name), else its name."""
        entity = self.entities[entity_id]
        return entity.label or entity.name

    def add_name_statement(self, entity: Entity, node: URIRef) -> None:
        """An entity with a ``source`` has a name from outside the article: that name is a fact of its
        own, with the source and no evidence in (nor derivation from) the article."""
        called = " or ".join(f"“{a}”" for a in entity.aliases)
        what = f"the {entity.type.lower()} the article calls {called}" if called else f"{entity.id!r}"
        stmt = self.statement(node, SCHEMA.name, Literal(entity.name), relation="name",
                              label=f"{what} is named {entity.name} (not in the article)")
        provenance.add_generation(self.graph, stmt, article_id=self.article.id, method=self.annotation.method,
                                  source=entity.source)

    def add_type_statement(self, entity: Entity, node: URIRef, cls: URIRef) -> None:
        """The entity's type is a fact too: evidence from its quote, else its first mention, else its source."""
        span = None
        if entity.quote:
            span = self.span(entity.quote, prefix=entity.prefix, suffix=entity.suffix, line=entity.line)
        else:
            span = self.first_mention(entity)
        if span is None and not entity.source:
            raise self.error(f"entity {entity.id!r} is never named in the article", entity.line,
                             "add the words that name it as `quote:`, or say where it comes from as `source:`")
        stmt = self.statement(node, RDF.type, cls, relation="type",
                              label=f"{self.shown(entity.id)} is {a_or_an(entity.type)}")
        method = self.annotation.method
        provenance.add_generation(self.graph, stmt, article_id=self.article.id, method=method,
                                  source=entity.source if span is None else None, confidence=entity.confidence,
                                  rule=entity.rule)
        if span is not None:
            provenance.add_evidence(self.graph, stmt, article_id=self.article.id, text=self.article.text,
                                    start=span[0], end=span[1])

    def first_mention(self, entity: Entity) -> tuple[int, int] | None:
        """The first place the article names ``entity`` (its name, else an alias) as whole words."""
        for name in (entity.name, *entity.aliases):
            span = self.mention(name)
            if span is not None:
                return span
        return None

    def mention(self, name: str) -> tuple[int, int] | None:
        """The first place ``name`` stands in the article as whole words (not inside a longer word)."""
        name = name.strip()
        if not name:
            return None
        before = r"(?<!\w)" if re.match(r"\w", name[0]) else ""
        after = r"(?!\w)" if re.match(r"\w", name[-1]) else ""
        match = re.search(before + quote_pattern(name) + after, self.article.text)
        return (match.start(), match.end()) if match else None

    def statement(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal, *, relation: str,
                  label: str, role: URIRef | None = None) -> URIRef:
        g = self.graph
        key = obj.n3() if isinstance(obj, Literal) else str(obj)
        # the relation is part of the key: two relations with one predicate (cinematographer and
        # contributor are both schema:contributor) are two facts, each with its own evidence
        stmt = KGR[f"statement/{provenance.digest(str(subject), str(predicate), key, relation)}"]
        g.add((stmt, RDF.type, RDF.Statement))
        g.add((stmt, RDF.type, KG.Statement))
        g.add((stmt, RDF.subject, subject))
        g.add((stmt, RDF.predicate, predicate))
        g.add((stmt, RDF.object, obj))
        g.add((stmt, KG.relation, Literal(relation)))
        g.add((stmt, RDFS.label, Literal(label)))
        if role is not None:
            g.add((stmt, RDF.type, KG.RoleStatement))
            g.add((stmt, RDF.type, SCHEMA.Role))
            g.add((stmt, KG.role, role))
            g.add((stmt, SCHEMA.roleName, Literal(str(role).rsplit("/", 1)[-1])))
        return stmt

    def check_class(self, entity_id: str, allowed: Iterable[str], what: str, fact: Fact) -> None:
        have = superclasses(self.classes[entity_id])
        if not any(URIRef(str(KG._NS) + a) in have for a in allowed):
            entity = self.entities[entity_id]
            raise self.error(f"relation {fact.relation!r} needs {' or '.join(a_or_an(a) for a in allowed)} as {what}, "
                             f"but {entity_id!r} is {a_or_an(entity.type)}", fact.line,
                             f"use another relation (see ontology/relations.yaml) or fix the type of {entity_id!r}")

    def predicate(self, spec: dict[str, Any], fact: Fact) -> URIRef:
        if "predicate" in spec:
            return expand(spec["predicate"])
        have = superclasses(self.classes[fact.subject])
        for cls_name, curie in spec["by_subject"].items():
            if URIRef(str(KG._NS) + cls_name) in have:
                return expand(curie)
        raise self.error(f"no predicate for {fact.relation!r} on a {self.entities[fact.subject].type}", fact.line,
                         "use a subject type the relation table lists")

    def value(self, spec: dict[str, Any], fact: Fact) -> Literal:
        raw = fact.value or ""
        datatype = spec.get("datatype", "xsd:string")
        if datatype == "date":
            dtype = date_type(raw)
            if dtype is None:
                raise self.error(f"{fact.relation!r} needs a date, got {raw!r}", fact.line,
                                 "write a real date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-11-22")
            return Literal(raw, datatype=dtype)
        if datatype == "xsd:string":
            return Literal(raw)
        dtype = expand(datatype)
        convert = XSDToPython.get(dtype)
        if convert is not None:
            try:
                convert(raw)
            except (ValueError, TypeError, ArithmeticError):
                raise self.error(f"{fact.relation!r} needs a value of type {datatype}, got {raw!r}", fact.line,
                                 f"write a valid {datatype} (e.g. PT6M for six minutes if it is xsd:duration)") from None
        return Literal(raw, datatype=dtype)

    def add_fact(self, fact: Fact) -> None:
        spec = self.table.get(fact.relation)
        if spec is None:
            raise self.error(f"unknown relation {fact.relation!r}", fact.line,
                             "use a relation of ontology/relations.yaml, e.g. director, performer, inspiredBy")
        self.check_class(fact.subject, spec["subject"], "subject", fact)
        subject, predicate = KGR[fact.subject], self.predicate(spec, fact)
        obj: URIRef | Literal
        if spec["object"] == "literal":
            if fact.value is None:
                raise self.error(f"relation {fact.relation!r} takes a `value`, not an entity", fact.line,
                                 "write `value:` instead of `object:`")
            obj = self.value(spec, fact)
            shown = str(obj)
        else:
            if fact.object is None:
                raise self.error(f"relation {fact.relation!r} takes an `object` entity id, not a value", fact.line,
                                 "write `object:` with an entity id")
            self.check_class(fact.object, spec["object"], "object", fact)
            obj, shown = KGR[fact.object], self.shown(fact.object)
        for prop in _schema_closure(predicate):
            self.graph.add((subject, prop, obj))
        role = ROLE[spec["role"]] if spec.get("role") else None
        label = f"{self.shown(fact.subject)} {spec.get('label', fact.relation)} {shown}"
        stmt = self.statement(subject, predicate, obj, relation=fact.relation, label=label, role=role)
        provenance.add_generation(self.graph, stmt, article_id=self.article.id, method=fact.method,
                                  confidence=fact.confidence, rule=fact.rule, how=fact.how, source=fact.source)
        if fact.quote:
            start, end = self.span(fact.quote, prefix=fact.prefix, suffix=fact.suffix, line=fact.line)
            provenance.add_evidence(self.graph, stmt, article_id=self.article.id, text=self.article.text,
                                    start=start, end=end)

    def add_article(self) -> None:
        g, node, meta = self.graph, provenance.article_iri(self.article.id), self.article.meta
        g.add((node, RDF.type, KG.Article))
        g.add((node, RDF.type, SCHEMA.NewsArticle))
        g.add((node, RDF.type, SCHEMA.CreativeWork))
        g.add((node, SCHEMA.headline, Literal(self.article.title)))
        if self.article.id not in self.entities:
            g.add((node, SCHEMA.name, Literal(self.article.title)))
            g.add((node, RDFS.label, Literal(self.article.title)))
        g.add((node, SCHEMA.text, Literal(self.article.text)))
        if meta.get("section"):
            g.add((node, SCHEMA.articleSection, Literal(str(meta["section"]))))


def add_annotation(graph: Graph, annotation: Annotation, article: Article) -> Graph:
    """Add one article's annotation to ``graph`` (entities, facts, evidence) and return ``graph``.

    Entities are merged across articles by id: the same id is the same node.

    Raises:
        AnnotationError: an unknown type or relation, a relation whose subject or object has the wrong
            class, a quote not in the article or ambiguous, a bad literal value.
    """
    builder = _Builder(graph, annotation, article)
    builder.add_article()
    for entity in annotation.entities:
        builder.add_entity(entity)
    for fact in annotation.facts:
        builder.add_fact(fact)
    return graph
