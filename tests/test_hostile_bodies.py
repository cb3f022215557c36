"""Bodies an editor's tool may send that once stalled or crashed the API: each answers at once with a 4xx.

Before: a YAML alias bomb of 342 bytes held a core for minutes, aliases through persons,
relations and evidence gave 216,059 problems, a self-referencing alias, JSON nested
10,000 deep and a 5,000-digit number were 500s with a traceback, a narrative of
80,000 letters and an '@' held the interpreter for 30 s, and JSON took duplicate keys
and invisible characters YAML refused. The time bounds here only catch a stall (the
before figures were 3 s to minutes); `bench/hostile.py` measures the real figures.
"""

from __future__ import annotations

import json
import threading
import time
import unicodedata
from collections.abc import Iterator

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from kb.authoring.bounds import HIDDEN, MAX_PROBLEMS
from kb.authoring.identifiers import scan_text
from kb.authoring.validate import VignetteInvalid, check_json, check_text
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor
from kb.writing.keys import Neo4jKeyStore, Role
from tests.conftest import api_client, derive
from tests.vignette_texts import MINIMAL

VOCAB = load_vocabulary()
YAML = {"Content-Type": "application/yaml"}
JSON = {"Content-Type": "application/json"}
STALL = 1.0  # seconds: every body below answered in milliseconds once fixed; before, in 3 s to minutes


def alias_bomb(levels: int = 9) -> str:
    """The 'billion laughs': each level an anchored list of nine aliases of the level below."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def alias_multiplication() -> str:
    """A vignette whose persons share one relation list, whose relations share one evidence list (cubic problems)."""
    quotes = "&q [" + ", ".join(["nowhere in the narrative"] * 30) + "]"
    relation = f"{{type: sibling_of, to: ghost, evidence: {quotes}}}"
    relations = "&r [" + relation + ", " + ", ".join(["{type: sibling_of, to: ghost, evidence: *q}"] * 29) + "]"
    persons = [f"  - {{id: p0, name: Ann, relations: {relations}}}"]
    persons += [f"  - {{id: p{i}, name: Ann, relations: *r}}" for i in range(1, 30)]
    head = MINIMAL.split("persons:")[0]
    return head + "persons:\n" + "\n".join(persons) + "\n"


def with_narrative(prefix: str) -> dict:
    data = yaml.safe_load(MINIMAL)
    data["narrative"] = prefix + "\n" + data["narrative"] + "\nHer brother wrote from mira@example.com.\n"
    return data


HOSTILE = [
    # (what, body, content type, what the answer must name)
    ("alias bomb, 9 levels", alias_bomb(), YAML, "anchors and aliases"),
    ("aliases through persons, relations, evidence", alias_multiplication(), YAML, "anchors and aliases"),
    ("self-referencing alias", "a: &a [*a]\n", YAML, "anchors and aliases"),
    ("JSON nested 10,000 deep", "[" * 10_000 + "]" * 10_000, JSON, "deeper than 16 levels"),
    ("YAML nested 10,000 deep", "[" * 10_000 + "]" * 10_000, YAML, "deeper than 16 levels"),
    ("JSON integer of 5,000 digits", '{"id": ' + "9" * 5000 + "}", JSON, "at most 50"),
    ("YAML integer of 5,000 digits", "id: " + "9" * 5000 + "\n", YAML, "at most 50"),
    ("JSON of 100,000 values", json.dumps([0] * 100_000), JSON, "more than 10,000 values"),
    ("YAML of 100,000 values", "[" + "0," * 100_000 + "]", YAML, "more than 10,000 values"),
    ("narrative of 80,000 letters and an @", json.dumps(with_narrative("a" * 80_000 + "@")), JSON, "email"),
    ("a 40-letter capitalised word and a digit", json.dumps(with_narrative("A" + "a" * 40 + "1")), JSON, "email"),
    ("long run of dotted labels", json.dumps(with_narrative("a." * 40_000 + " .com")), JSON, "email"),
    ("digits and slashes", json.dumps(with_narrative("1/" * 40_000)), JSON, "phone"),
]


@pytest.fixture(scope="module")
def editor(settings: Settings, db: Database) -> Iterator[tuple[TestClient, dict[str, str]]]:
    key = Neo4jKeyStore(db).add("hostile-bodies", Role.editor, Actor.command_line())[1]
    with api_client(create_app(derive(settings, kb_api_anonymous_reads=False))) as client:
        yield client, {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(("what", "body", "headers", "named"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_body_answers_at_once_with_422_naming_the_limit(editor, what, body, headers, named) -> None:
    client, auth = editor
    began = time.monotonic()
    r = client.post("/vignettes", content=body, headers={**auth, **headers})
    took = time.monotonic() - began
    assert r.status_code == 422, (what, r.status_code, r.text[:300])
    assert took < STALL, f"{what}: {took:.2f} s"
    problems = r.json()["error"]["problems"]
    assert any(named in p["message"] for p in problems), problems[:3]
    assert len(problems) <= MAX_PROBLEMS + 1 and len(r.content) < 100_000


def test_health_answers_while_hostile_bodies_are_checked(editor) -> None:
    client, auth = editor
    waits: list[float] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            began = time.monotonic()
            assert client.get("/health").status_code == 200
            waits.append(time.monotonic() - began)

    assert client.get("/health").status_code == 200  # the first one connects
    poller = threading.Thread(target=poll)
    poller.start()
    try:
        for _what, body, headers, _named in HOSTILE:
            assert client.post("/vignettes", content=body, headers={**auth, **headers}).status_code == 422
    finally:
        done.set()
        poller.join()
    assert waits and max(waits) < STALL, f"/health took up to {max(waits):.2f} s"


def test_json_and_yaml_refuse_the_same_things() -> None:
    data = yaml.safe_load(MINIMAL)
    for title in ("Mira\u202e and her brother", "Mira\u200b and her brother", "Mira\x00 and her brother"):
        as_json = json.dumps({**data, "title": title})
        as_yaml = MINIMAL.replace("title: Mira and her brother", f"title: {json.dumps(title)}")
        for check, text in ((check_json, as_json), (check_text, as_yaml)):
            with pytest.raises(VignetteInvalid) as err:
                check(text, "body", VOCAB)
            [problem] = err.value.problems
            assert problem.path == "title" and f"U+{ord(title[4]):04X}" in problem.message
    twice_json = json.dumps(data)[:-1] + ', "title": "Another title"}'
    twice_yaml = MINIMAL + "title: Another title\n"
    for check, text in ((check_json, twice_json), (check_text, twice_yaml)):
        with pytest.raises(VignetteInvalid) as err:
            check(text, "body", VOCAB)
        assert [(p.path, "appears twice" in p.message) for p in err.value.problems] == [("title", True)]
    assert check_json(json.dumps(data), "body", VOCAB).vignette == check_text(MINIMAL, "body", VOCAB).vignette


def test_every_control_and_invisible_character_is_refused() -> None:
    for code in range(0x110000):
        ch = chr(code)
        category = unicodedata.category(ch)
        if category == "Cn":
            continue  # not assigned in this Python's Unicode: the pattern may know a later version's
        hidden = category in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in "\t\n\r"
        assert bool(HIDDEN.fullmatch(ch)) == hidden, f"U+{code:04X}"


def test_problems_are_capped_and_their_messages_short() -> None:
    data = yaml.safe_load(MINIMAL)
    data["persons"] += [
        {"id": f"p{i}", "name": "Ann", "relations": [{"type": "sibling_of", "to": "x"}]} for i in range(600)
    ]
    with pytest.raises(VignetteInvalid) as err:
        check_json(json.dumps(data), "body", VOCAB)
    problems = err.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].path == "(more)" and "500 more problems" in problems[-1].message
    assert "and 592 more" in problems[0].message and len(problems[0].message) < 300


@pytest.mark.parametrize(
    "text",
    ["a" * 80_000 + "@", "A" + "a" * 40 + "1", "a." * 40_000, "A-" * 40_000 + "1", "Ab" + " " * 80_000 + "1 Cd"],
    ids=["local part", "capitalised word", "dotted labels", "hyphenated capitals", "gap between names"],
)
def test_the_identifier_check_is_linear_on_hostile_text(text: str) -> None:
    """Each took 0.5 s to hours before (quadratic, one exponential); bench/identifiers.py covers every pattern."""
    began = time.monotonic()
    scan_text(text, "narrative")
    assert time.monotonic() - began < STALL
