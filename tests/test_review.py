"""`kg review` without a browser: the edits as pure functions, the file it writes (checked as `kg build` checks,
atomic, never over a file changed on disk), `rejected:` kept out of the graph and out of the next `kg extract`,
and the real app's answers to bad, cross-site and rebinding requests (a real server, real HTTP)."""

from __future__ import annotations

import copy
import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from kg import pipeline
from kg.annotations import parse_annotation
from kg.quotes import locate
from kg.errors import AnnotationError
from kg.review import document, edits, fileformat
from kg.review.anchor import anchor
from tests.browser.review_support import ARTICLE, App, copy_data, kg, make_draft, start

KG_NS = "https://w3id.org/kg/ontology#"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("draft")
    make_draft(folder)
    return folder / "data"


@pytest.fixture
def data(pristine: Path, tmp_path: Path) -> Path:
    return copy_data(pristine, tmp_path / "data")


def draft_of(data: Path) -> Path:
    return data / "annotations" / "lantern-quay.yaml"


def index(state: dict[str, Any], relation: str, obj: str | None = None) -> int:
    return next(i for i, f in enumerate(state["facts"])
                if f["relation"] == relation and obj in (None, f.get("object"), f.get("value")))


# ---- the edits -----------------------------------------------------------------------------------------

def test_edits_are_pure_and_undoable(data: Path) -> None:
    opened = document.open_file(draft_of(data))
    state = opened.state
    before = copy.deepcopy(state)
    history = edits.History(present=state)
    accepted = edits.apply(state, "status", {"fact": index(state, "director"), "status": "accepted"}, text="")
    merged = edits.apply(accepted, "merge", {"keep": "sunniva-holt", "other": "sunny-holt"}, text="")
    history = history.push(accepted).push(merged)
    assert state == before  # the argument is never changed
    assert [e["id"] for e in merged["entities"]].count("sunny-holt") == 0
    assert "Sunny Holt" in next(e for e in merged["entities"] if e["id"] == "sunniva-holt")["aliases"]
    assert history.undo().present == accepted
    assert history.undo().undo().present == state
    assert history.undo().redo().present == merged
    with pytest.raises(AnnotationError, match="nothing to redo"):
        history.redo()


def test_merge_split_delete_follow_facts(data: Path) -> None:
    state = document.open_file(draft_of(data)).state
    film = "night-ferry-to-lantern-quay"
    one = edits.merge(state, keep="odile-marchetti", other="bram-kessler")
    # the cinematographer fact now names the director: its facts followed it
    assert one["facts"][index(one, "cinematographer")]["object"] == "odile-marchetti"
    two = edits.split(one, entity="odile-marchetti", name="Bram Kessler", facts=[index(one, "cinematographer")])
    assert two["facts"][index(two, "cinematographer")]["object"] == "bram-kessler"
    assert "Bram Kessler" not in next(e for e in two["entities"] if e["id"] == "odile-marchetti")["aliases"]
    gone = edits.delete(state, entity=film)
    assert all(film not in (f["subject"], f.get("object")) for f in gone["facts"])
    assert len(gone["facts"]) == 0  # every drafted fact is about the film


def test_edits_refuse_what_does_not_fit(data: Path) -> None:
    state = document.open_file(draft_of(data)).state
    director = index(state, "director")
    with pytest.raises(AnnotationError, match="does not fit"):
        edits.correct(state, fact=director, relation="founder")  # a film founded by a person: no
    with pytest.raises(AnnotationError, match="does not fit"):
        edits.retype(state, entity="odile-marchetti", type="Film")  # a film cannot direct a film
    with pytest.raises(AnnotationError, match="no entity"):
        edits.correct(state, fact=director, object="nobody")
    with pytest.raises(AnnotationError, match="unknown parameter"):
        edits.apply(state, "status", {"fact": director, "status": "accepted", "evil": 1}, text=ARTICLE)
    with pytest.raises(AnnotationError, match="no fact number"):
        edits.apply(state, "status", {"fact": 99, "status": "accepted"}, text=ARTICLE)
    with pytest.raises(AnnotationError, match="outside the article"):
        edits.add_fact(state, text=ARTICLE, start=5, end=10_000, subject="rafe-okonkwo", relation="occupation",
                       value="actor")


@pytest.mark.parametrize("word", ["Night Ferry to Lantern Quay", "Holt", "the", "Lantern", "a"])
def test_anchor_singles_out_every_occurrence(word: str) -> None:
    starts = [m.start() for m in re.finditer(re.escape(word), ARTICLE)]
    assert len(starts) >= 2
    for at in starts:
        quote = anchor(ARTICLE, at, at + len(word))
        assert (quote["start"], quote["end"]) == (at, at + len(word))
        assert ("prefix" in quote) or ("suffix" in quote)  # it is not unique on its own
        assert locate(ARTICLE, word, prefix=quote.get("prefix"), suffix=quote.get("suffix")) == (at, at + len(word))


def test_anchor_of_a_unique_selection_has_no_context() -> None:
    at = ARTICLE.index("steer a ferry")
    assert anchor(ARTICLE, at - 1, at + len("steer a ferry") + 1) == {
        "quote": "steer a ferry", "start": at, "end": at + len("steer a ferry")}


# ---- the file ------------------------------------------------------------------------------------------

def test_saved_file_builds_with_only_the_accepted_facts(data: Path, tmp_path: Path) -> None:
    path = draft_of(data)
    opened = document.open_file(path)
    state = opened.state
    for relation in ("director", "composer"):
        state = edits.set_status(state, fact=index(state, relation), status="accepted")
    for relation in ("about", "performer", "performer", "cinematographer"):
        pending = [i for i, f in enumerate(state["facts"]) if f["relation"] == relation and f["status"] == "pending"]
        state = edits.set_status(state, fact=pending[0], status="rejected")
    token = document.save(path, state, opened.article, opened.token)
    assert token == document.token_of(path)
    annotation = parse_annotation(path)
    assert annotation.method == "curated"
    assert {(f.relation, f.method) for f in annotation.facts} == {("director", "curated"), ("composer", "curated")}
    assert len(annotation.rejected) == 4
    assert not list(path.parent.glob(".*"))  # no temporary file left beside it
    graph = pipeline.build(data, tmp_path / "out").graph
    relations = {str(o) for o in graph.objects(None, URIRef(KG_NS + "relation"))} - {"type", "name"}
    assert relations == {"director", "composer"}
    assert (None, URIRef(KG_NS + "relation"), Literal("performer")) not in graph


def test_a_state_that_does_not_check_is_not_written(data: Path) -> None:
    path = draft_of(data)
    opened = document.open_file(path)
    bytes_before = path.read_bytes()
    broken = copy.deepcopy(opened.state)
    broken["facts"][0]["quote"] = "words that are not in the article"
    with pytest.raises(AnnotationError, match="quote not found") as caught:
        document.save(path, broken, opened.article, opened.token)
    assert caught.value.path == str(path)
    assert path.read_bytes() == bytes_before
    assert not list(path.parent.glob(".*"))


def test_a_file_changed_on_disk_is_never_overwritten(data: Path) -> None:
    path = draft_of(data)
    opened = document.open_file(path)
    path.write_text(path.read_text(encoding="utf-8") + "# edited by someone else\n", encoding="utf-8")
    theirs = path.read_bytes()
    state = edits.set_status(opened.state, fact=0, status="accepted")
    with pytest.raises(document.StaleFileError):
        document.save(path, state, opened.article, opened.token)
    assert path.read_bytes() == theirs


def test_next_extract_keeps_the_review_and_does_not_propose_rejected_facts(data: Path, tmp_path: Path) -> None:
    path = draft_of(data)
    opened = document.open_file(path)
    state = edits.set_status(opened.state, fact=index(opened.state, "composer"), status="rejected")
    state = edits.set_status(state, fact=index(state, "director"), status="accepted")
    document.save(path, state, opened.article, opened.token)
    article = tmp_path / "lantern-quay.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    kg("extract", str(article), "--data", str(data), "-q")
    again = parse_annotation(path)
    assert [f.relation for f in again.rejected] == ["composer"]
    assert "composer" not in [f.relation for f in again.facts]
    assert [f.method for f in again.facts if f.relation == "director"] == ["curated"]
    assert sorted(f.relation for f in again.facts) == sorted(
        ["about", "director", "performer", "performer", "cinematographer"])


def test_extract_to_stdout_or_another_file_does_not_propose_rejected_facts(data: Path, tmp_path: Path) -> None:
    """Not only a new extract over the draft under review: a draft printed, or written with -o to another
    file, leaves out what the review rejected (and carries the `rejected:` list)."""
    path = draft_of(data)
    opened = document.open_file(path)
    state = edits.set_status(opened.state, fact=index(opened.state, "composer"), status="rejected")
    state = edits.set_status(state, fact=index(state, "about"), status="rejected")
    document.save(path, state, opened.article, opened.token)
    under_review = path.read_bytes()
    source = tmp_path / "elsewhere" / "lantern-quay.txt"
    source.parent.mkdir()
    source.write_text(ARTICLE, encoding="utf-8")

    def relations(annotation: Any) -> tuple[list[str], list[str]]:
        return sorted(f.relation for f in annotation.facts), sorted(f.relation for f in annotation.rejected)

    # printed, from the folder whose data/annotations holds the draft under review (as `kg build` reads it)
    printed = tmp_path / "printed.yaml"
    printed.write_text(kg("extract", str(source), cwd=data.parent).stdout, encoding="utf-8")
    assert relations(parse_annotation(printed)) == (["cinematographer", "director", "performer", "performer"],
                                                    ["about", "composer"])
    # -o another file, from that folder
    other = tmp_path / "other" / "lantern-quay-again.yaml"
    kg("extract", str(source), "-o", str(other), "-q", cwd=data.parent)
    assert relations(parse_annotation(other)) == relations(parse_annotation(printed))
    # -o another file in the draft's own annotations folder, from anywhere
    beside = data / "annotations" / "second-look.yaml"
    kg("extract", str(source), "-o", str(beside), "-q", cwd=tmp_path / "elsewhere")
    assert relations(parse_annotation(beside)) == relations(parse_annotation(printed))
    # with no draft under review in reach, everything is proposed
    alone = kg("extract", str(source), cwd=tmp_path / "elsewhere").stdout
    assert "rejected:" not in alone and alone.count("relation: composer") == 1
    assert path.read_bytes() == under_review  # the draft under review is left as it is


# ---- the app over real HTTP ----------------------------------------------------------------------------

@pytest.fixture
def app(data: Path) -> Iterator[App]:
    running = start(draft_of(data), cwd=data.parent)
    yield running
    if running.process.poll() is None:
        running.stop()


def raw(app: App, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=10)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for key, value in headers.items():
        connection.putheader(key, value)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    status = connection.getresponse().status
    connection.close()
    return status


def test_app_refuses_other_hosts_and_origins(app: App, data: Path) -> None:
    before = draft_of(data).read_bytes()
    status, state = app.request("GET", "/api/state")
    assert status == 200 and state["state"]["article"] == "lantern-quay"
    good = {"doc": 0, "token": state["token"], "action": "status", "params": {"fact": 0, "status": "rejected"}}
    import json

    body = json.dumps(good).encode()
    for host in ("evil.example", f"evil.example:{app.port}", f"127.0.0.1:{app.port + 1}", "127.0.0.1"):
        assert raw(app, "GET", "/api/state", {"Host": host}) == 403, host
        assert raw(app, "POST", "/api/edit", {"Host": host, "Content-Type": "application/json"}, body) == 403, host
    assert raw(app, "GET", "/", {"Host": f"localhost:{app.port}"}) == 200
    for origin in ("http://evil.example", f"http://127.0.0.1:{app.port + 1}", "null"):
        status, answer = app.request("POST", "/api/edit", good, headers={"Origin": origin})
        assert status == 403 and "Origin" in answer["error"]
    # a form post (what a cross-site page can send without asking) is refused even without an Origin
    assert raw(app, "POST", "/api/edit", {"Host": f"127.0.0.1:{app.port}",
                                          "Content-Type": "application/x-www-form-urlencoded"}, b"a=1") == 403
    status, _ = app.request("POST", "/api/edit", good, headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert draft_of(data).read_bytes() == before
    status, answer = app.request("POST", "/api/edit", good, headers={"Origin": f"http://127.0.0.1:{app.port}"})
    assert status == 200 and answer["facts"][0]["fact"]["status"] == "rejected"


def test_app_answers_bad_requests_with_json_and_changes_nothing(app: App, data: Path) -> None:
    before = draft_of(data).read_bytes()
    _, state = app.request("GET", "/api/state")
    token = state["token"]
    director = index(state["state"], "director")
    for body, what in [
        (b"{not json", "not JSON"), (b"[1, 2]", "JSON object"),
        ({"doc": 0, "token": token, "action": "explode", "params": {}}, "unknown action"),
        ({"doc": 7, "token": token, "action": "status", "params": {}}, "no draft number"),
        ({"doc": 0, "token": token, "action": "status", "params": {"fact": "0; rm -rf", "status": "accepted"}}, "no fact"),
        ({"doc": 0, "token": token, "action": "correct", "params": {"fact": director, "relation": "founder"}}, "does not fit"),
        ({"doc": 0, "token": token, "action": "rename", "params": {"entity": "rafe-okonkwo", "name": ["x"]}}, "non-empty text"),
        ({"doc": 0, "token": token, "action": "add", "params": {"start": 0, "end": 3, "subject": "rafe-okonkwo",
                                                                "relation": "occupation"}}, "object entity or a value"),
        ({"doc": 0, "token": token, "action": "retype", "params": {"entity": "rafe-okonkwo", "type": "Statement"}},
         "unknown entity type"),
    ]:
        status, answer = app.request("POST", "/api/edit", body)
        assert status == 400, (body, answer)
        assert what in answer["error"], answer
    status, answer = app.request("POST", "/api/undo", {"doc": 0, "token": token})
    assert status == 400 and "nothing to undo" in answer["error"]
    assert app.request("GET", "/api/nothing")[0] == 404
    assert draft_of(data).read_bytes() == before


def applied(held: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """The state a page holding ``held`` (an answer of GET /api/state) has after a write's ``answer``."""
    out: dict[str, Any] = {}
    for key, name in (("facts", "fact"), ("entities", "entity")):
        out[key] = []
        for part in answer[key]:
            out[key].extend(held["state"][key][part[0]:sum(part)] if isinstance(part, list) else [part[name]])
    out["spans"] = []
    for part in answer["facts"]:
        out["spans"].extend(held["spans"][part[0]:sum(part)] if isinstance(part, list) else [part["span"]])
    return out


def test_a_write_answers_with_what_changed_and_the_page_gets_the_state(app: App) -> None:
    """Each answer names only the new or changed entries (the rest as runs of the page's own); applied to the
    state the page held, it gives the very state the app then has, through edits that add, drop and renumber."""
    _, held = app.request("GET", "/api/state")
    director = next(f for f in held["state"]["facts"] if f["relation"] == "director")
    at = ARTICLE.index("directed by")
    steps = [("edit", {"action": "status", "params": {"fact": 1, "status": "accepted"}}),
             ("edit", {"action": "merge", "params": {"keep": "sunniva-holt", "other": "sunny-holt"}}),
             ("edit", {"action": "add", "params": {"start": at, "end": at + 11, "subject": director["object"],
                                                   "relation": "occupation", "value": "director"}}),
             ("edit", {"action": "delete", "params": {"entity": "lio-tanaka"}}),
             ("undo", {}), ("undo", {}), ("redo", {})]
    for kind, body in steps:
        status, answer = app.request("POST", f"/api/{kind}", {"doc": 0, "token": held["token"], **body})
        assert status == 200, answer
        assert "state" not in answer and "text" not in answer
        new = [part for part in answer["facts"] if not isinstance(part, list)]
        assert len(new) <= 2, (kind, body, answer["facts"])  # only what changed is sent
        _, now = app.request("GET", "/api/state")
        got = applied(held, answer)
        assert got["facts"] == now["state"]["facts"] and got["entities"] == now["state"]["entities"], (kind, body)
        assert got["spans"] == now["spans"]
        assert answer["counts"] == now["counts"] and answer["token"] == now["token"]
        held = now


def test_app_refuses_a_stale_write_with_409(app: App, data: Path) -> None:
    _, state = app.request("GET", "/api/state")
    path = draft_of(data)
    path.write_text(path.read_text(encoding="utf-8").replace("name: Rafe Okonkwo", "name: Rafe O."), encoding="utf-8")
    theirs = path.read_bytes()
    status, answer = app.request("POST", "/api/edit", {"doc": 0, "token": state["token"], "action": "status",
                                                       "params": {"fact": 0, "status": "accepted"}})
    assert status == 409 and answer["stale"] is True
    assert path.read_bytes() == theirs
    _, fresh = app.request("GET", "/api/state")  # the page reloads: it gets the file as it is now
    assert fresh["reloaded"] is True
    assert "Rafe O." in [e["name"] for e in fresh["state"]["entities"]]


def test_review_with_no_file_takes_every_draft(data: Path) -> None:
    files = pipeline.review_files([], data_dir=data)
    assert files == [draft_of(data)]
    done = kg("review", "--data", str(data / "nothing"), check=False)
    assert done.returncode == 2 and "data folder not found" in done.stderr and "Traceback" not in done.stderr


def test_the_file_is_what_yaml_writes_of_the_whole_state(data: Path) -> None:
    """The per-entry emission (kept between saves) gives the very text `yaml.safe_dump` gives of the whole."""
    import yaml

    opened = document.open_file(draft_of(data))
    state = opened.state
    for step in (lambda s: edits.set_status(s, fact=0, status="rejected"),
                 lambda s: edits.rename(s, entity="rafe-okonkwo", name="Rafe “R.” O'Konkwo: <b>"),
                 lambda s: edits.merge(s, keep="sunniva-holt", other="sunny-holt"),
                 lambda s: edits.delete(s, entity="lio-tanaka"),
                 lambda s: edits.set_status(s, fact=0, status="pending")):
        state = step(state)
        whole = fileformat._review_header(state["header"]) + yaml.safe_dump(
            fileformat.to_doc(state), sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
        assert document.to_yaml(state) == whole


def test_incremental_checks_catch_what_kg_build_catches(data: Path) -> None:
    """What an edit breaks elsewhere (a fact of a renamed or retyped entity, an entity without a mention)
    is checked, since the entries that name a changed entity are checked again."""
    path = draft_of(data)
    opened = document.open_file(path)
    state = opened.state
    # an entity with no quote must be named in the article: renaming it to words that are not there fails
    unquoted = {**next(e for e in state["entities"] if e["id"] == "bram-kessler")}
    unquoted.pop("quote", None)
    unquoted.pop("prefix", None)
    bare = {**state, "entities": [unquoted if e["id"] == "bram-kessler" else e for e in state["entities"]]}
    document.check_state(bare, path, opened.article)
    renamed = edits.rename(bare, entity="bram-kessler", name="Someone Else")
    renamed = {**renamed, "entities": [{**e, "aliases": []} if e["id"] == "bram-kessler" else e
                                       for e in renamed["entities"]]}
    with pytest.raises(AnnotationError, match="never named in the article"):
        document.check_state(renamed, path, opened.article, before=bare)
    # a type the relation table does not allow for its facts, slipped past the edit functions
    retyped = {**state, "entities": [{**e, "type": "Organization"} if e["id"] == "bram-kessler" else e
                                     for e in state["entities"]]}
    with pytest.raises(AnnotationError, match="needs a Person as object"):
        document.check_state(retyped, path, opened.article, before=state)
    # an unknown id
    orphan = edits.set_status(state, fact=0, status="accepted")
    orphan = {**orphan, "facts": [{**orphan["facts"][0], "object": "nobody"}, *orphan["facts"][1:]]}
    with pytest.raises(AnnotationError, match="unknown entity id 'nobody'"):
        document.check_state(orphan, path, opened.article, before=state)
