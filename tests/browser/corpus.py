"""Generated graphs for the browser tests: a large corpus of articles, and one article with hostile names.

Both go through the real builder (:func:`kg.build.add_annotation`), so the page sees the same graph
shape as a build of data/ would give.
"""

from __future__ import annotations

import random
from pathlib import Path

from rdflib import Graph

from kg.annotations import Annotation, Entity, Fact
from kg.articles import Article
from kg.build import add_annotation, new_graph

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ALIAS = "</script><script>alert(2)</script>"


def _article(article_id: str, sentences: list[str], title: str) -> Article:
    return Article(id=article_id, text=" ".join(sentences) + "\n", path=Path(f"{article_id}.txt"),
                   meta={"title": title})


def corpus(articles: int, *, seed: int = 1) -> Graph:
    """``articles`` generated film articles (about 11 entities each); people recur across articles, so
    the graph is one large web of small clusters. 250 articles give about 2,500 entities."""
    rng = random.Random(seed)
    graph = new_graph()
    pool = max(20, articles * 8)
    for a in range(articles):
        film, song, company, screening, award = (f"film-{a}", f"song-{a}", f"company-{a % max(1, articles // 3)}",
                                                 f"screening-{a}", f"award-{a % 40}")
        people = sorted({f"person-{int(rng.paretovariate(0.9)) % pool}" for _ in range(2)} |
                        {f"person-{rng.randrange(pool)}" for _ in range(6)})
        director, cast = people[0], people[1:]
        entities = [Entity(film, "Film", f"Film {a}"), Entity(song, "Song", f"Song {a}"),
                    Entity(company, "Organization", f"Company {company.split('-')[1]}"),
                    Entity(screening, "Screening", f"Screening {a}"),
                    Entity(award, "AwardCategory", f"Award {award.split('-')[1]}")]
        entities += [Entity(p, "Person", f"Person {p.split('-')[1]}") for p in people]
        article_id = f"article-{a}"
        entities.append(Entity(article_id, "Article", f"Article {a}"))
        name = {e.id: e.name for e in entities}
        sentences = [f"{name[e.id]} appears." for e in entities]
        links = [(film, "director", director, "was directed by")]
        links += [(film, "performer", p, "stars") for p in cast]
        links += [(song, "performer", cast[0], "is sung by"), (song, "basedOn", film, "is based on"),
                  (film, "productionCompany", company, "was made by the company"),
                  (screening, "workPresented", film, "showed"),
                  (film, "eligibleFor", award, "qualifies for"), (article_id, "about", film, "is about")]
        facts = []
        for s, rel, o, words in links:
            sentence = f"{name[s]} {words} {name[o]} (article {a})."
            sentences.append(sentence)
            facts.append(Fact(s, rel, object=o, quote=sentence))
        add_annotation(graph, Annotation(article_id, "curated", tuple(entities), tuple(facts)),
                       _article(article_id, sentences, f"Article {a}"))
    return graph


def hostile() -> Graph:
    """One article whose entity names, aliases and quotes are markup and script."""
    bad, film = HOSTILE, "Film & <b>bold</b> \"quoted\""
    sentences = [f"{bad} directed {film}.", f"Also known as {HOSTILE_ALIAS}."]
    entities = (Entity("bad", "Person", bad, aliases=(HOSTILE_ALIAS,), quote=bad),
                Entity("film", "Film", film, quote=film))
    facts = (Fact("film", "director", object="bad", quote=sentences[0]),)
    article = _article("hostile", sentences, f"Title {HOSTILE}")
    return add_annotation(new_graph(), Annotation("hostile", "curated", entities, facts), article)
