"""An export folder's layout, manifest and checksums: written only where the layout says, checked whole on import.

    manifest.json             {"format": "kb-export", "format_version": 2, "sections": {NAME: SECTION, ...}}
    <section folder>/<file>   one file per item, directly in its section's folder

A SECTION is {"folder", "files" (their format), "schema", "count", "sha256": {file name: hex digest}}:
each section lists its own files with a SHA-256 each, so a new section (articles,
teaching cases) plugs in by adding a `Section` to SECTIONS and writing its files
through `ExportWriter.write`. The manifest is written last, atomically.

Writing never follows a symbolic link and never deletes what the export did not
write: a section folder that is a link, or that holds anything the earlier
export (its manifest, or the journal of an export that broke off) did not list,
is refused before a file is written; files are replaced by renaming a new file
over them (a link is replaced, never written through); only files of the
earlier export that this one did not write again are deleted.

Reading checks everything before anything is used: the manifest's shape, that
each section folder holds exactly the files listed (no more, no subfolders, no
links), and each file's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.authoring.bounds import some
from kb.errors import Refused

FORMAT = "kb-export"
FORMAT_VERSION = 2  # 2: per-file SHA-256 in each section
MANIFEST = "manifest.json"
JOURNAL = ".kb-export-partial"  # the files an unfinished export wrote, one name a line; gone once it finishes
_HEX = re.compile(r"^[0-9a-f]{64}$")


class ExchangeError(Refused):
    """An export or import that cannot go ahead; the message says why and what to do."""

    code = "exchange_refused"


@dataclass(frozen=True)
class Section:
    name: str  # its key in the manifest, and its folder
    suffix: str  # of its files: <id><suffix>
    files: str  # their format
    schema: str  # the JSON Schema they follow, relative to the project

    def valid_name(self, name: str) -> bool:
        stem = name.removesuffix(self.suffix)
        return name.endswith(self.suffix) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem) is not None


VIGNETTES = Section("vignettes", ".yaml", "yaml", "schema/vignette.schema.json")
ARTICLES = Section("articles", ".json", "json", "schema/article.schema.json")  # kb.articles.exchange
TEACHING_CASES = Section("teaching-cases", ".json", "json", "schema/teaching-case.schema.json")  # kb.teaching.exchange
SECTIONS = {s.name: s for s in (VIGNETTES, ARTICLES, TEACHING_CASES)}


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def _is_real_dir(path: Path) -> bool:
    st = _lstat(path)
    return st is not None and stat.S_ISDIR(st.st_mode)


def _entries(folder: Path) -> dict[str, os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return {e.name: e for e in it}


def _label(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return f"{entry.name} (a link)"
    return f"{entry.name}/" if entry.is_dir(follow_symlinks=False) else entry.name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- writing


@dataclass
class ExportWriter:
    """Writes one export into `out_dir`; `finish()` removes what the earlier export left over and writes the
    manifest. Create it with `open_export`."""

    out_dir: Path
    earlier: dict[str, set[str]]  # per section, the files an earlier export there wrote (they may be replaced)
    written: dict[str, dict[str, str]] = field(default_factory=dict)  # per section: file name -> sha256
    removed_stale: int = 0

    def write(self, section: Section, name: str, text: str) -> Path:
        """Write one file of `section` (a new file renamed into place), noted in the journal first."""
        if not section.valid_name(name):
            raise ExchangeError(f"{name!r} is not a file name of the {section.name} section")
        folder = self.out_dir / section.name
        if section.name not in self.written:
            if _lstat(folder) is None:
                folder.mkdir()
            self.written[section.name] = {}
        with open(self.out_dir / JOURNAL, "a", encoding="utf-8") as journal:
            journal.write(f"{section.name}/{name}\n")
        data = text.encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kb-export-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, folder / name)
        self.written[section.name][name] = hashlib.sha256(data).hexdigest()
        return folder / name

    def finish(self, included: list[Section]) -> dict[str, Any]:
        """Delete the earlier export's files of the `included` sections not written again, write the manifest
        (which lists the included sections), drop the journal."""
        for name, files in self.earlier.items():
            if name not in {s.name for s in included}:
                continue
            for stale in sorted(files - set(self.written.get(name, {}))):
                path = self.out_dir / name / stale
                if _lstat(path) is not None:
                    path.unlink()  # a file (or a link: the link goes, never what it points to)
                    self.removed_stale += 1
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "sections": {
                s.name: {
                    "folder": s.name,
                    "files": s.files,
                    "schema": s.schema,
                    "count": len(self.written.get(s.name, {})),
                    "sha256": dict(sorted(self.written.get(s.name, {}).items())),
                }
                for s in included
            },
        }
        fd, tmp = tempfile.mkstemp(dir=self.out_dir, prefix=".kb-export-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(manifest, indent=2) + "\n")
        os.replace(tmp, self.out_dir / MANIFEST)
        (self.out_dir / JOURNAL).unlink(missing_ok=True)
        return manifest


def open_export(out_dir: Path, replace: bool) -> ExportWriter:
    """Check that `out_dir` may take an export (new, empty, or an earlier export with `replace`), before any write."""
    if _lstat(out_dir) is not None and not out_dir.is_dir():
        raise ExchangeError(f"{out_dir} is a file; give a folder to export into.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not replace:
        raise ExchangeError(
            f"{out_dir} is not empty; choose an empty or new folder, or replace an earlier export "
            "in it (--force: the files it wrote and manifest.json are rewritten, other files stay)."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for fixed in (MANIFEST, JOURNAL):
        st = _lstat(out_dir / fixed)
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise ExchangeError(f"{out_dir / fixed} is not a plain file (a link or a folder?); move it away first.")
    earlier = _earlier_files(out_dir)
    for section in SECTIONS.values():
        folder = out_dir / section.name
        if _lstat(folder) is None:
            continue
        if not _is_real_dir(folder):
            raise ExchangeError(
                f"{folder} is a link or a file, not a folder: kb export writes only into folders of its own "
                "inside the export folder; move it away first."
            )
        foreign = [_label(e) for n, e in sorted(_entries(folder).items()) if n not in earlier.get(section.name, set())]
        if foreign:
            raise ExchangeError(
                f"{folder} holds files the earlier export did not write ({some(foreign)}); nothing was written. "
                "Move them away, or export into an empty folder."
            )
    return ExportWriter(out_dir, earlier)


def _earlier_files(out_dir: Path) -> dict[str, set[str]]:
    """The files, per section, that an earlier export into `out_dir` wrote: its manifest's, and its journal's."""
    earlier: dict[str, set[str]] = {s: set() for s in SECTIONS}
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        for name, section in manifest["sections"].items():
            if name in SECTIONS and isinstance(section.get("sha256"), dict):
                earlier[name] |= {n for n in section["sha256"] if SECTIONS[name].valid_name(n)}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # no manifest, or none of ours: nothing in the section folders is known to be the export's
    try:
        lines = (out_dir / JOURNAL).read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        name, _, file = line.partition("/")
        if name in SECTIONS and SECTIONS[name].valid_name(file):
            earlier[name].add(file)
    return earlier


# --------------------------------------------------------------------------- reading


def read_manifest(in_dir: Path) -> dict[str, Any]:
    """The folder's manifest, checked whole: an export of this format and version, each section well formed."""
    path = in_dir / MANIFEST
    if not in_dir.is_dir():
        raise ExchangeError(f"{in_dir} is not a folder; give the folder that `kb export` wrote.")
    st = _lstat(path)
    if st is None:
        raise ExchangeError(
            f"{path} is missing: {in_dir} is not a complete `kb export` folder "
            "(an export that broke off has no manifest; export again)."
        )
    if not stat.S_ISREG(st.st_mode):
        raise ExchangeError(f"{path} is not a plain file (a link or a folder): not a manifest kb export wrote.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ExchangeError(f"{path}: not readable JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExchangeError(f'{path}: "format" should be {FORMAT!r}; this is not a `kb export` manifest.')
    version = manifest.get("format_version")
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        raise ExchangeError(
            f"{path}: format_version {version!r} is not one this kb reads (a whole number, {FORMAT_VERSION} at most); "
            "a newer kb wrote it, or the file was edited."
        )
    if version < FORMAT_VERSION:
        raise ExchangeError(
            f"{path}: format_version {version} has no checksums, so its files cannot be checked: export again "
            "with this kb, or load the files as they are with `kb load`."
        )
    sections = manifest.get("sections")
    if not isinstance(sections, dict) or not sections:
        raise ExchangeError(f'{path}: "sections" should be an object with a "vignettes" entry, not {sections!r}.')
    for name, section in sections.items():
        _check_section(path, name, section)
    if VIGNETTES.name not in sections:
        raise ExchangeError(f'{path}: "sections" has no "vignettes" entry.')
    return manifest


def _check_section(path: Path, name: str, section: Any) -> None:
    where = f"{path}: sections.{name}"
    if name not in SECTIONS:
        raise ExchangeError(f"{where}: not a section this kb reads ({', '.join(SECTIONS)}); a newer kb wrote it?")
    if not isinstance(section, dict):
        raise ExchangeError(f"{where} should be an object (folder, count, sha256), not {section!r}.")
    if section.get("folder") != name:
        raise ExchangeError(f"{where}.folder should be {name!r}, not {section.get('folder')!r}.")
    count, sums = section.get("count"), section.get("sha256")
    if type(count) is not int or count < 0:
        raise ExchangeError(f"{where}.count should be the number of files, not {count!r}.")
    if not isinstance(sums, dict):
        raise ExchangeError(f"{where}.sha256 should map each file name to its SHA-256, not {type(sums).__name__}.")
    bad = [
        n for n, h in sums.items() if not SECTIONS[name].valid_name(n) or not isinstance(h, str) or not _HEX.match(h)
    ]
    if bad:
        raise ExchangeError(f"{where}.sha256: not a file name and SHA-256 this kb writes: {some(bad)}.")
    if len(sums) != count:
        raise ExchangeError(f"{where}: count says {count} files but sha256 lists {len(sums)}.")


def verified_files(in_dir: Path, manifest: dict[str, Any], section: Section) -> list[Path]:
    """The section's files, once its folder holds exactly those the manifest lists, each with its SHA-256."""
    listed: dict[str, str] = manifest["sections"].get(section.name, {}).get("sha256", {})
    folder = in_dir / section.name
    if _lstat(folder) is None and not listed:
        return []
    if not _is_real_dir(folder):
        raise ExchangeError(f"{folder} is missing, or a link or a file: not the folder of an export.")
    entries = _entries(folder)
    extra = [_label(e) for n, e in sorted(entries.items()) if n not in listed]
    if extra:
        raise ExchangeError(
            f"{folder} holds what the manifest does not list ({some(extra)}): only the files of the export "
            "are read; move the others away."
        )
    missing = sorted(set(listed) - set(entries))
    if missing:
        raise ExchangeError(
            f"{in_dir / MANIFEST} lists {len(listed)} {section.name} files but {len(missing)} are missing "
            f"({some(missing)}): the folder is incomplete or was changed after the export."
        )
    files = []
    for name in sorted(listed):
        entry = entries[name]
        if not entry.is_file(follow_symlinks=False):
            raise ExchangeError(f"{folder / name} is not a plain file (a link or a folder); it is not read.")
        digest = sha256_of(folder / name)
        if digest != listed[name]:
            raise ExchangeError(
                f"{folder / name} was changed after the export (its SHA-256 is {digest[:12]}..., the manifest "
                f"says {listed[name][:12]}...); nothing was written."
            )
        files.append(folder / name)
    return files
