"""`kb export` / `kb import`: every vignette out in the authoring format and back in, byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.authoring.generate import generate
from kb.authoring.validate import VignetteInvalid, check_files
from kb.authoring.yamlsource import dump_yaml, parse_yaml
from kb.settings import Settings
from kb.store.db import Database
from kb.vocab.vocabulary import load_vocabulary
from kb.writing.audit import Actor, list_audit
from kb.writing.exchange import ExchangeError, export_all, import_dir, wipe
from kb.writing.exportfolder import sha256_of
from kb.writing.loader import load_paths, remove_vignette
from kb.writing.rows import vignette_rows
from tests.conftest import ROOT, kb_env, run_kb
from tests.vignette_texts import MINIMAL

VIGNETTES = ROOT / "vignettes"
VOCAB = load_vocabulary()
ALL = len(list(VIGNETTES.glob("*.yaml"))) + 3  # the repository's vignettes, test-mira and two synthetic ones


def counts(db: Database) -> dict[str, int]:
    return db.read("graph_counts")[0]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def content_hashes(*paths: Path) -> dict[str, str]:
    """What the loader would write for each vignette, as its content hash (covers every fact, quote and order)."""
    hashes = {}
    for path, checked, problems in check_files(list(paths), VOCAB):
        assert checked is not None, (path, problems)
        hashes[checked.vignette.id] = vignette_rows(checked).vignette["content_hash"]
    return hashes


@pytest.fixture()
def sources(tmp_path: Path) -> list[Path]:
    """The real vignettes, one with a multi-line narrative, and two synthetic ones."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "test-mira.yaml").write_text(MINIMAL)
    for doc in generate(VOCAB, 2, seed=7):
        (extra / f"{doc['id']}.yaml").write_text(dump_yaml(doc))
    return [VIGNETTES, extra]


@pytest.fixture()
def loaded(clean_db: Database, sources: list[Path]) -> Database:
    load_paths(clean_db, sources, VOCAB)
    return clean_db


def test_export_wipe_import_export_gives_the_same_bytes(loaded: Database, sources: list[Path], tmp_path: Path) -> None:
    before = counts(loaded)
    first = export_all(loaded, VOCAB, tmp_path / "one")
    assert first.vignettes == before["vignettes"] == ALL and not first.problems
    assert len(list((tmp_path / "one" / "vignettes").glob("*.yaml"))) == ALL
    manifest = json.loads((tmp_path / "one" / "manifest.json").read_text())
    assert manifest["format_version"] == 2 and manifest["sections"]["vignettes"]["count"] == ALL
    sums = manifest["sections"]["vignettes"]["sha256"]
    assert len(sums) == ALL and sums["donna.yaml"] == sha256_of(tmp_path / "one" / "vignettes" / "donna.yaml")

    assert wipe(loaded) > 0
    empty = counts(loaded)
    assert (empty["vignettes"], empty["persons"], empty["facts"]) == (0, 0, 0)
    assert empty["concepts"] == len(VOCAB)  # the vocabulary stays

    summary = import_dir(loaded, VOCAB, tmp_path / "one", actor=Actor.command_line())
    assert len(summary.load.created) == ALL
    assert counts(loaded) == before
    audited = list_audit(loaded).total
    assert audited == ALL

    second = export_all(loaded, VOCAB, tmp_path / "two")
    assert second.vignettes == ALL
    assert tree(tmp_path / "one") == tree(tmp_path / "two")

    # a wipe keeps the audit trail; import --wipe gives the same graph again
    again = import_dir(loaded, VOCAB, tmp_path / "two", wipe_first=True)
    assert again.wiped > 0 and len(again.load.created) == ALL
    assert list_audit(loaded).total == audited
    assert counts(loaded) == before


def test_export_loses_nothing_of_the_source_files(loaded: Database, sources: list[Path], tmp_path: Path) -> None:
    """Each exported file loads to exactly what its source file loads to: facts, quotes, links and their order."""
    export_all(loaded, VOCAB, tmp_path / "out")
    assert content_hashes(tmp_path / "out" / "vignettes") == content_hashes(*sources)
    donna = (tmp_path / "out" / "vignettes" / "donna.yaml").read_text()
    assert donna.startswith("id: donna\ntitle: ") and donna.endswith("\n")
    assert "article_id: ambivalence-codependence-mother-daughter" in donna
    synthetic = list((tmp_path / "out" / "vignettes").glob("syn-*.yaml"))
    assert len(synthetic) == 2 and all("\nsynthetic: true\n" in p.read_text() for p in synthetic)
    result = run_kb("validate", str(tmp_path / "out" / "vignettes"), env=kb_env(loaded.settings))
    assert result.returncode == 0, result.stderr
    assert f"{ALL} vignettes valid" in result.stdout


def test_export_refuses_a_folder_in_use_and_replaces_an_earlier_export(loaded: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_all(loaded, VOCAB, out)
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ExchangeError, match="not empty"):
        export_all(loaded, VOCAB, out)
    remove_vignette(loaded, "donna")
    summary = export_all(loaded, VOCAB, out, replace=True)
    assert summary.vignettes == ALL - 1 and summary.removed_stale == 1
    assert not (out / "vignettes" / "donna.yaml").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "manifest.json").read_text())["sections"]["vignettes"]["count"] == ALL - 1


def edit(out: Path, name: str, old: str, new: str, *, manifest_too: bool) -> None:
    """Change a file of an export; with `manifest_too`, its checksum in the manifest as well."""
    path = out / "vignettes" / name
    path.write_text(path.read_text().replace(old, new, 1))
    if manifest_too:
        manifest = json.loads((out / "manifest.json").read_text())
        manifest["sections"]["vignettes"]["sha256"][name] = sha256_of(path)
        (out / "manifest.json").write_text(json.dumps(manifest))


def test_an_invalid_folder_writes_and_wipes_nothing(loaded: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_all(loaded, VOCAB, out)
    edit(out, "leo-in-the-middle.yaml", "composite: true", "composite: maybe", manifest_too=True)
    remove_vignette(loaded, "donna")  # an import would bring it back
    before = counts(loaded)
    for wipe_first in (False, True):
        with pytest.raises(VignetteInvalid) as err:
            import_dir(loaded, VOCAB, out, wipe_first=wipe_first)
        assert [p.path for p in err.value.problems] == ["composite"]
        assert err.value.problems[0].file.endswith("leo-in-the-middle.yaml")
        assert counts(loaded) == before


def test_import_refuses_what_is_not_a_whole_export(loaded: Database, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match=r"manifest\.json is missing"):
        import_dir(loaded, VOCAB, VIGNETTES.parent)
    out = tmp_path / "out"
    export_all(loaded, VOCAB, out)
    (out / "vignettes" / "donna.yaml").unlink()
    with pytest.raises(ExchangeError, match=rf"lists {ALL} vignettes files but 1 are missing \(donna.yaml\)"):
        import_dir(loaded, VOCAB, out)
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "format_version": 99}))
    with pytest.raises(ExchangeError, match="format_version 99"):
        import_dir(loaded, VOCAB, out)


def test_commands(loaded: Database, settings: Settings, tmp_path: Path) -> None:
    env = kb_env(settings)
    out = tmp_path / "out"
    exported = run_kb("export", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    assert "vignettes" in exported.stdout and str(ALL) in exported.stdout
    refused = run_kb("export", str(out), env=env)
    assert refused.returncode == 1 and "not empty" in refused.stderr and "Traceback" not in refused.stderr
    assert run_kb("export", str(out), "--force", env=env).returncode == 0

    imported = run_kb("import", str(out), "--wipe", env=env)
    assert imported.returncode == 0, imported.stderr
    assert f"Imported {ALL} vignettes" in imported.stdout
    assert counts(loaded)["vignettes"] == ALL
    [wiped] = list_audit(loaded, action="wipe").items
    assert wiped.key_id.startswith("cli:") and wiped.change["nodes_deleted"] > 0

    missing = run_kb("import", str(tmp_path), env=env)
    assert missing.returncode == 1 and "manifest.json is missing" in missing.stderr

    edit(out, "donna.yaml", "role: parentified-child", "role: parentified-kid", manifest_too=False)
    changed = run_kb("import", str(out), "--wipe", env=env)
    assert changed.returncode == 1 and "Traceback" not in changed.stderr
    assert "donna.yaml was changed after the export" in changed.stderr
    assert counts(loaded)["vignettes"] == ALL
    edit(out, "donna.yaml", "x", "x", manifest_too=True)  # the manifest now vouches for the edited file
    invalid = run_kb("import", str(out), "--wipe", env=env)
    assert invalid.returncode == 1
    assert "donna.yaml:" in invalid.stderr and "parentified-kid" in invalid.stderr
    assert "Nothing was written or wiped" in invalid.stderr and "Traceback" not in invalid.stderr
    assert counts(loaded)["vignettes"] == ALL


@pytest.mark.parametrize(
    "text",
    [
        "one line",
        "two\nlines\n",
        "no final newline\nx",
        "  indented first line\nx",
        "blank lines\n\n\nkept\n\n",
        "trailing space \nx",
        "tab\there\nx",
        "windows\r\nline",
        "# not a comment\n- not a list",
    ],
)
def test_exported_strings_read_back_exactly(text: str) -> None:
    dumped = dump_yaml({"narrative": text})
    assert parse_yaml(dumped).data == {"narrative": text}
    if text == "two\nlines\n":
        assert dumped == "narrative: |\n  two\n  lines\n"  # a multi-line narrative stays a readable block


# --------------------------------------------------------------------------- staying inside the folder


def outside_tree(root: Path) -> Path:
    """A folder outside any export, with files an export must never touch (a nested .yml among them)."""
    root.mkdir()
    (root / "keep.yaml").write_text("mine")
    (root / "deep").mkdir()
    (root / "deep" / "nested.yml").write_text("mine too")
    return root


def test_export_never_writes_or_deletes_through_a_link(loaded: Database, tmp_path: Path) -> None:
    """Before: with DIR/vignettes a link, --force wrote into its target and deleted the .yaml/.yml files there."""
    outside = outside_tree(tmp_path / "outside")
    before = tree(outside)
    out = tmp_path / "out"
    out.mkdir()
    (out / "vignettes").symlink_to(outside)
    with pytest.raises(ExchangeError, match="is a link or a file, not a folder"):
        export_all(loaded, VOCAB, out, replace=True)
    assert tree(outside) == before

    # a file of an earlier export turned into a link: the export replaces the link, never what it points to
    (out / "vignettes").unlink()
    export_all(loaded, VOCAB, out)
    (out / "vignettes" / "donna.yaml").unlink()
    (out / "vignettes" / "donna.yaml").symlink_to(outside / "keep.yaml")
    (out / "vignettes" / "leo-in-the-middle.yaml").unlink()
    (out / "vignettes" / "leo-in-the-middle.yaml").symlink_to(outside / "deep" / "nested.yml")
    remove_vignette(loaded, "leo-in-the-middle")  # its file is stale: the link goes, its target stays
    summary = export_all(loaded, VOCAB, out, replace=True)
    assert summary.removed_stale == 1 and not (out / "vignettes" / "leo-in-the-middle.yaml").exists()
    assert not (out / "vignettes" / "donna.yaml").is_symlink()
    assert tree(outside) == before


def test_export_deletes_only_what_an_export_wrote(loaded: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_all(loaded, VOCAB, out)
    (out / "vignettes" / "my-notes.yaml").write_text("notes: mine")
    (out / "vignettes" / "drafts").mkdir()
    (out / "vignettes" / "drafts" / "x.yml").write_text("draft")
    before = tree(out)
    with pytest.raises(ExchangeError, match=r"holds files the earlier export did not write \(drafts/, my-notes.yaml\)"):
        export_all(loaded, VOCAB, out, replace=True)
    assert tree(out) == before

    # an export that broke off left files and no new manifest: its journal says they are its own
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "vignettes").mkdir()
    (fresh / "vignettes" / "donna.yaml").write_text("half written")
    (fresh / ".kb-export-partial").write_text("vignettes/donna.yaml\n")
    summary = export_all(loaded, VOCAB, fresh, replace=True)
    assert summary.vignettes == ALL and not (fresh / ".kb-export-partial").exists()
    assert len(tree(fresh)) == ALL + 1  # the files and the manifest
    assert tree(fresh)["vignettes/donna.yaml"] == tree(out)["vignettes/donna.yaml"]


def test_import_checks_every_file_against_the_manifest(loaded: Database, tmp_path: Path) -> None:
    """Before: an edited file was imported silently, a deleted one (count lowered) was wiped away with --wipe,
    files in subfolders were read."""
    out = tmp_path / "out"
    export_all(loaded, VOCAB, out)
    before = counts(loaded)
    pristine = tree(out)

    def refused(match: str, wipe_first: bool = True) -> None:
        with pytest.raises(ExchangeError, match=match):
            import_dir(loaded, VOCAB, out, wipe_first=wipe_first)
        assert counts(loaded) == before

    edit(out, "donna.yaml", "Donna", "Dona", manifest_too=False)
    refused(r"donna.yaml was changed after the export")
    (out / "vignettes" / "donna.yaml").write_bytes(pristine["vignettes/donna.yaml"])

    manifest = json.loads((out / "manifest.json").read_text())
    (out / "vignettes" / "donna.yaml").unlink()
    (out / "manifest.json").write_text(json.dumps({**manifest, "sections": {"vignettes": {
        **manifest["sections"]["vignettes"], "count": ALL - 1}}}))  # fmt: skip
    refused(rf"count says {ALL - 1} files but sha256 lists {ALL}")
    (out / "vignettes" / "donna.yaml").write_bytes(pristine["vignettes/donna.yaml"])
    (out / "manifest.json").write_bytes(pristine["manifest.json"])

    (out / "vignettes" / "more").mkdir()
    (out / "vignettes" / "more" / "syn-x.yaml").write_text("id: x")
    refused(r"holds what the manifest does not list \(more/\)")
    (out / "vignettes" / "more" / "syn-x.yaml").unlink()
    (out / "vignettes" / "more").rmdir()

    outside = outside_tree(tmp_path / "outside")
    (outside / "donna.yaml").write_bytes(pristine["vignettes/donna.yaml"])
    (out / "vignettes" / "donna.yaml").unlink()
    (out / "vignettes" / "donna.yaml").symlink_to(outside / "donna.yaml")
    refused(r"donna.yaml is not a plain file")
    (out / "vignettes" / "donna.yaml").unlink()
    (out / "vignettes" / "donna.yaml").write_bytes(pristine["vignettes/donna.yaml"])

    assert import_dir(loaded, VOCAB, out, wipe_first=True).load.total == ALL  # whole again: it imports


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sections": []}, '"sections" should be an object'),
        ({"sections": {"vignettes": []}}, "sections.vignettes should be an object"),
        ({"format_version": True}, "format_version True is not one this kb reads"),
        ({"format_version": "2"}, "format_version '2' is not one this kb reads"),
        ({"format_version": 1}, "format_version 1 has no checksums"),
        ({"format": "zip"}, '"format" should be'),
        ({"sections": {"vignettes": {"folder": "../elsewhere"}}}, "sections.vignettes.folder should be 'vignettes'"),
        ({"sections": {"slides": {}, "vignettes": {}}}, "sections.slides: not a section this kb reads"),
    ],
)
def test_a_malformed_manifest_gets_a_clear_error(loaded: Database, tmp_path: Path, change: dict, message: str) -> None:
    """Before: "sections": [] was an AttributeError traceback, format_version true was accepted."""
    out = tmp_path / "out"
    export_all(loaded, VOCAB, out)
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, **change}))
    with pytest.raises(ExchangeError, match=re.escape(message)):
        import_dir(loaded, VOCAB, out)
    if change == {"sections": []}:  # the command says it too, without a traceback
        result = run_kb("import", str(out), env=kb_env(loaded.settings))
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
