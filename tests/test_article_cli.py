"""`kb article ...` and articles in `kb export` / `kb import`, run as a user runs them, against the real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from kb.authoring.validate import check_text
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.exportfolder import sha256_of
from kb.writing.loader import load_paths
from tests.conftest import ROOT, kb_env, run_kb

ARTICLES = ROOT / "tests" / "articles"
SHARED = ARTICLES / "ambivalence-codependence-mother-daughter.txt"
VOCAB = load_vocabulary()


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_tags_and_draft_work_without_a_database(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NEO4J_URI": "bolt://127.0.0.1:1"}  # no database there
    tags = run_kb("article", "tags", str(SHARED), "--json", env=env)
    assert tags.returncode == 0, tags.stderr
    answer = json.loads(tags.stdout)
    counted = {t["concept"]["id"]: t["affirmed"] for t in answer["concepts"]}
    assert counted["parentified-child"] == 1 and counted["parent"] == 0
    out = tmp_path / "donna-draft.yaml"
    drafted = run_kb("article", "draft", str(SHARED), "-o", str(out), env=env)
    assert drafted.returncode == 0, drafted.stderr
    text = out.read_text()
    checked = check_text(text, str(out), VOCAB)  # `kb validate` accepts it as it is
    assert checked.vignette.id == "donna-draft"
    assert "# Not placed (for the author):" in text
    again = run_kb("article", "draft", str(SHARED), "-o", str(out), env=env)
    assert again.returncode == 2 and "exists" in again.stderr
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x00" * 100)
    refused = run_kb("article", "tags", str(binary), env=env)
    assert refused.returncode == 2 and "binary data" in refused.stderr and "Traceback" not in refused.stderr
    empty = tmp_path / "empty.md"
    empty.write_text("\n\n")
    assert "no text" in run_kb("article", "draft", str(empty), "-o", str(tmp_path / "x.yaml"), env=env).stderr


def test_every_test_article_drafts_into_a_valid_vignette() -> None:
    from kb.articles.draft import draft_article
    from kb.articles.text import guess_format, plain_text

    for path in sorted(ARTICLES.glob("*")):
        if path.suffix not in (".txt", ".md", ".html"):
            continue
        raw = path.read_text()
        answer = draft_article(VOCAB, plain_text(raw, guess_format(path.name, None, raw)).text, {"title": path.stem})
        assert answer.valid, (path.name, answer.problems)
        doc = yaml.safe_load(answer.yaml)
        assert doc["persons"][0]["id"] != "client", path.name  # the client's pseudonym was found


def test_add_list_show_link_remove_and_the_round_trip(settings: Settings, clean_db: Database, tmp_path: Path) -> None:
    load_paths(clean_db, [ROOT / "vignettes"], VOCAB)
    env = kb_env(settings)
    added = run_kb("article", "add", str(ARTICLES / "the-peacemaker-child.md"), "--author", "A. Writer", env=env)
    assert added.returncode == 0, added.stderr
    assert "the-peacemaker-child-when-a-daughter-holds-her-parents-marriage-together" in added.stdout
    aid = "the-peacemaker-child-when-a-daughter-holds-her-parents-marriage-together"
    shared = run_kb(
        "article", "add", str(SHARED), "--title", "Ambivalence and Codependency", "--id",
        "ambivalence-codependence-mother-daughter", env=env,
    )  # fmt: skip
    assert shared.returncode == 0, shared.stderr
    twice = run_kb("article", "add", str(ARTICLES / "the-peacemaker-child.md"), env=env)
    assert twice.returncode == 1 and "already exists" in twice.stderr
    listed = json.loads(run_kb("article", "list", "--json", env=env).stdout)
    assert {a["id"] for a in listed["items"]} == {aid, "ambivalence-codependence-mother-daughter"}
    linked = run_kb("article", "link", aid, "--vignette", "donna", "--type", "cites", env=env)
    assert linked.returncode == 0, linked.stderr
    assert run_kb("article", "link", aid, "--concept", "triangling", env=env).returncode == 0
    dup = run_kb("article", "link", aid, "--vignette", "donna", "--type", "cites", env=env)
    assert dup.returncode == 1 and "already cites" in dup.stderr
    unknown = run_kb("article", "link", aid, "--vignette", "nobody", env=env)
    assert unknown.returncode == 2 and "no vignette 'nobody'" in unknown.stderr
    shown = json.loads(run_kb("article", "show", aid, "--json", env=env).stdout)
    assert [(x["type"], x["id"]) for x in shown["links"]] == [("about", "triangulation"), ("cites", "donna")]
    suggested = json.loads(run_kb("article", "suggest", aid, "--json", env=env).stdout)
    assert suggested["items"] and "peacemaker" in {c["id"] for c in suggested["query"]}

    out = tmp_path / "export"
    assert run_kb("export", str(out), env=env).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sections"]["articles"]["count"] == 2
    article_file = json.loads((out / "articles" / f"{aid}.json").read_text())
    assert article_file["links"] == [
        {"type": "cites", "vignette": "donna"},
        {"type": "about", "concept": "triangulation"},
    ]
    first = tree(out)
    imported = run_kb("import", str(out), "--wipe", env=env)
    assert imported.returncode == 0, imported.stderr
    again = tmp_path / "again"
    assert run_kb("export", str(again), env=env).returncode == 0
    assert tree(again) == first  # the same bytes after a wipe and an import

    broken = json.loads((out / "articles" / f"{aid}.json").read_text())
    broken["links"].append({"type": "cites", "vignette": "no-such-vignette"})
    (out / "articles" / f"{aid}.json").write_text(json.dumps(broken))
    tampered = run_kb("import", str(out), "--wipe", env=env)
    assert tampered.returncode == 1 and "changed after the export" in tampered.stderr  # the checksum catches it
    manifest["sections"]["articles"]["sha256"][f"{aid}.json"] = sha256_of(out / "articles" / f"{aid}.json")
    (out / "manifest.json").write_text(json.dumps(manifest))  # as if the export itself had held the bad link
    refused = run_kb("import", str(out), "--wipe", env=env)
    assert refused.returncode == 1 and "no vignette 'no-such-vignette'" in refused.stderr
    assert json.loads(run_kb("article", "list", "--json", env=env).stdout)["total"] == 2  # nothing wiped

    removed = run_kb("article", "remove", aid, env=env)
    assert removed.returncode == 0 and json.loads(run_kb("article", "list", "--json", env=env).stdout)["total"] == 1
    assert run_kb("article", "remove", aid, env=env).returncode == 1
