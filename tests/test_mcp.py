"""`kb mcp` as an AI assistant sees it: started over stdio by the MCP SDK's own client, its tools listed and each
called against the real Neo4j (loaded with vignettes/), every answer with the vignette ids and quotes to cite."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters

from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.loader import load_paths
from tests.conftest import CYPHER, ROOT, kb_env

TOOLS = {
    "ask",
    "interventions",
    "intervention_used_for",
    "outcomes_after_intervention",
    "find_vignettes",
    "get_vignette_detail",
    "similar_vignettes",
    "define_concept",
    "profile",
    "compare",
    "search",
}


@pytest.fixture(scope="module")
def loaded(db: Database) -> None:
    db.write(CYPHER["admin_wipe_all"])
    load_paths(db, [ROOT / "vignettes"], load_vocabulary())


def quotes_hold(detail: dict[str, Any], evidence: list[dict[str, Any]]) -> bool:
    return all(detail["narrative"][q["start"] : q["end"]] == q["text"] for q in evidence)


async def session(settings: Any) -> dict[str, Any]:
    """Start `kb mcp`, list the tools and call each one; return what came back."""
    kb = str(Path(sys.executable).parent / "kb")
    params = StdioServerParameters(command=kb, args=["mcp"], env=kb_env(settings), cwd=str(ROOT))
    out: dict[str, Any] = {}
    async with Client(params, read_timeout_seconds=120) as client:
        listed = await client.list_tools()
        out["tools"] = {t.name: t for t in listed.tools}
        calls: dict[str, dict[str, Any]] = {
            "ask": {"question": "what helps a parentified son"},
            "ask_define": {"question": "what is enmeshment"},
            "interventions": {"term": "enmeshment", "limit": 5},
            "intervention_used_for": {"intervention": "family therapy"},
            "outcomes_after_intervention": {"intervention": "boundary setting"},
            "find_vignettes": {"patterns": ["emotional dependence"], "kin": ["father and daughter"]},
            "get_vignette_detail": {"vignette": "The Daughter Who Could Not Leave Home"},
            "similar_vignettes": {"vignette": "donna", "k": 3},
            "define_concept": {"term": "enmeshmnet"},
            "profile": {"pattern": "codependency", "focus": "behaviors"},
            "compare": {"a": "enmeshment", "b": "codependency"},
            "search": {"query": '"switched roles"'},
            "unknown": {"term": "xylophone"},
        }
        for key, args in calls.items():
            name = {"ask_define": "ask", "unknown": "interventions"}.get(key, key)
            out[key] = await client.call_tool(name, args)
    return out


def test_kb_mcp_over_stdio_answers_every_tool_with_citable_evidence(loaded: None, settings: Any, client) -> None:
    got = anyio.run(session, settings)
    tools = got["tools"]
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description and len(tool.description) > 60  # says what it answers
        assert tool.annotations.read_only_hint is True
        assert tool.output_schema  # structured answers
    results = {k: v for k, v in got.items() if k != "tools"}
    for key, r in results.items():
        assert r.is_error is (key == "unknown"), (key, r.content)

    def data(key: str) -> dict[str, Any]:
        return results[key].structured_content

    donna = client.get("/vignettes/donna").json()
    # ask: the same answer as the API, with the reading
    asked = data("ask")
    api = client.get("/ask", params={"q": "what helps a parentified son", "limit": 10}).json()
    assert asked["answer"] == api["answer"] and asked["interpretation"] == api["interpretation"]
    inner = next(i for i in asked["answer"]["items"] if i["intervention"]["id"] == "inner-child-work")
    use = next(u for u in inner["support"] if u["vignette_id"] == "donna")
    assert use["evidence"] and quotes_hold(donna, use["evidence"])
    # a definition through ask carries examples to cite
    define = data("ask_define")
    assert define["interpretation"]["intent"] == "define" and define["examples"]
    assert all(e["vignette_id"] and e["evidence"] for e in define["examples"])
    # the other tools: the endpoints' answers
    wanted = client.get("/interventions", params={"for": "enmeshment", "limit": 5, "support": 3}).json()
    assert data("interventions") == wanted
    assert (
        data("intervention_used_for")
        == client.get("/interventions/family therapy/targets", params={"limit": 10}).json()
    )
    assert data("outcomes_after_intervention") == client.get("/interventions/boundary setting/outcomes").json()
    assert [v["id"] for v in data("find_vignettes")["items"]] == ["mia-and-her-widowed-father"]
    detail = data("get_vignette_detail")
    assert detail["id"] == "donna" and detail["patterns"] and all(f["evidence"] for f in detail["patterns"])
    assert data("similar_vignettes") == client.get("/vignettes/donna/similar", params={"k": 3}).json()
    concept = data("define_concept")
    assert concept["concept"]["id"] == "enmeshment" and concept["examples"]
    for e in concept["examples"]:
        v = client.get(f"/vignettes/{e['vignette_id']}").json()
        assert quotes_hold(v, e["evidence"])
    prof = data("profile")
    assert prof["profile"]["order"][0] == "behaviors" and prof["examples"]
    assert data("compare")["vignettes_with_both"] == 1
    assert [h["id"] for h in data("search")["items"]] == ["donna"]
    # an unknown word: a tool error with the closest concepts, no stack trace
    text = results["unknown"].content[0].text
    assert "unknown_term" in text and "Traceback" not in text
    assert json.loads(text[text.index("{") :])["suggestions"]
