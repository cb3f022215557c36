"""Teaching cases in `kb export` / `kb import`: `teaching-cases/<id>.json`, each the stored document as it is.

A case is exported with what it was cut from (its passages and the vignettes' snapshots), and imported the
same way, so the round trip gives the same bytes, and a case that was stale stays flagged stale. Only the
current version travels; the version history and the audit trail stay with the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.authoring.validate import Problem
from kb.store.db import Database
from kb.teaching.checking import CaseInvalid, parse_case
from kb.teaching.store import import_case
from kb.vocab.vocabulary import Vocabulary
from kb.writing.audit import Actor
from kb.writing.exportfolder import TEACHING_CASES, Section

PAGE = 200


@dataclass
class TeachingCases:
    """The teaching cases' records in an export (kb.writing.exchange.Records)."""

    vocab: Vocabulary
    layout: Section = TEACHING_CASES

    def export(self, db: Database) -> Iterator[tuple[str, str]]:
        after = ""
        while rows := db.read("teaching_cases_export", after=after, limit=PAGE):
            for row in rows:
                yield f"{row['id']}.json", row["doc"]
            after = rows[-1]["id"]

    def check(self, db: Database, files: list[Path], vignettes: set[str], wipe: bool) -> list[Problem]:
        problems: list[Problem] = []
        for path in files:
            try:
                case = parse_case(path.read_text(encoding="utf-8"), str(path), "json")
            except CaseInvalid as exc:
                problems += exc.problems
                continue
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(str(path), 1, "(file)", f"cannot be read: {exc}"))
                continue
            if path.stem != case.id:
                problems.append(Problem(str(path), 1, "id", f"the case's id {case.id!r} differs from the file name"))
        return problems

    def wipe(self, db: Database) -> int:
        return db.write("teaching_cases_wipe")[0]["deleted"]

    def load(self, db: Database, files: list[Path], actor: Actor | None) -> int:
        count = 0
        for path in files:
            case = parse_case(path.read_text(encoding="utf-8"), str(path), "json")
            import_case(db, self.vocab, case, actor, str(path))
            count += 1
        return count
