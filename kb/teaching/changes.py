"""What changed in the vignettes a stale case was cut from, and what refreshing the case would do.

A case keeps what it was cut from: each vignette's snapshot (version, title, phases, facts with their quotes)
and each stage's passages. When a vignette changes, a trainer deciding whether to refresh needs to know which
facts were added, removed or changed (and which answers cite them), which stages' text a refresh would change
(a refresh cuts every stage again, so a trimmed passage comes back whole), and whether a refresh can be done at
all (a removed vignette, or an answer citing a fact that is gone, must be dealt with first). Reads only.
"""

from __future__ import annotations

from kb.errors import UnknownVignette
from kb.models import Passage, Section, SnapshotFact, TeachingCase, VignetteSnapshot
from kb.queries.vignettes import get_vignette
from kb.store.db import Database
from kb.teaching.answers import FactChange, RefreshPreview, SectionChange, StoredCase, VignetteChanges
from kb.teaching.checking import CaseInvalid, Mode, prepare, snapshot
from kb.teaching.render import STAGE_NAMES
from kb.teaching.store import without_snapshots
from kb.vocab.vocabulary import Vocabulary


def refresh_preview(db: Database, vocab: Vocabulary, stored: StoredCase) -> RefreshPreview:
    """The changes behind each stale flag of `stored`, and the stages a refresh would re-cut differently."""
    case = stored.case
    changes = []
    for flag in stored.stale:
        before = next((cv.snapshot for cv in case.vignettes if cv.id == flag.vignette), None)
        if before is None:
            continue
        now = None
        if flag.reason == "changed":
            try:
                now = snapshot(get_vignette(db, vocab, flag.vignette))
            except UnknownVignette:  # removed since the flag was read
                now = None
        changes.append(_compare(flag.vignette, before, now, case))
    try:
        refreshed = prepare(db, vocab, without_snapshots(case), "refresh", Mode(carried=case, refresh=True))
    except CaseInvalid as exc:
        return RefreshPreview(vignettes=changes, sections=[], blocked=[f"{p.path}: {p.message}" for p in exc.problems])
    sections = [
        _section_change(i, old, new)
        for i, (old, new) in enumerate(zip(case.sections, refreshed.sections, strict=True))
        if _texts(old.passages) != _texts(new.passages)
    ]
    return RefreshPreview(vignettes=changes, sections=sections)


def _compare(vid: str, before: VignetteSnapshot, now: VignetteSnapshot | None, case: TeachingCase) -> VignetteChanges:
    cited = _citations(vid, case)
    if now is None:
        return VignetteChanges(
            vignette=vid,
            reason="removed",
            title=before.title,
            facts=[_fact(f, "removed", cited) for f in before.facts if f.id in cited],
        )
    old = {f.id: f for f in before.facts}
    new = {f.id: f for f in now.facts}
    facts = [_fact(f, "removed", cited) for fid, f in old.items() if fid not in new]
    facts += [_fact(f, "changed", cited, _differences(old[fid], f)) for fid, f in new.items() if fid in old]
    facts = [f for f in facts if f.change != "changed" or f.what]
    facts += [_fact(f, "added", cited) for fid, f in new.items() if fid not in old]
    return VignetteChanges(
        vignette=vid,
        reason="changed",
        title=before.title,
        new_title=now.title if now.title != before.title else None,
        phases_added=[p for p in now.phases if p not in before.phases],
        phases_removed=[p for p in before.phases if p not in now.phases],
        facts=facts,
    )


def _fact(f: SnapshotFact, change: str, cited: dict[str, list[str]], what: list[str] | None = None) -> FactChange:
    return FactChange(
        fact=f.id, label=f.label, kind=f.kind.value, change=change, what=what or [], cited_by=cited.get(f.id, [])
    )


def _differences(a: SnapshotFact, b: SnapshotFact) -> list[str]:
    what = []
    if a.concept != b.concept:
        what.append(f"concept: {a.label} → {b.label}")
    if a.phase != b.phase:
        what.append(f"phase: {a.phase or 'none'} → {b.phase or 'none'}")
    if a.persons != b.persons:
        what.append("the persons it is about")
    if [q.text for q in a.evidence] != [q.text for q in b.evidence]:
        what.append("its evidence quotes")
    if a.description != b.description:
        what.append("its description")
    if a.result != b.result:
        what.append(f"result: {a.result.value if a.result else 'none'} → {b.result.value if b.result else 'none'}")
    return what


def _citations(vid: str, case: TeachingCase) -> dict[str, list[str]]:
    """fact id -> the questions (numbered as printed: stage.question) whose answers cite it."""
    out: dict[str, list[str]] = {}
    for n, s in enumerate(case.sections, start=1):
        for m, q in enumerate(s.questions, start=1):
            for ref in q.answer.facts if q.answer else []:
                if ref.vignette == vid and f"{n}.{m}" not in out.setdefault(ref.fact, []):
                    out[ref.fact].append(f"{n}.{m}")
    return out


def _texts(passages: list[Passage]) -> list[tuple[str, str]]:
    return [(p.vignette, p.text) for p in passages]


def _words(passages: list[Passage]) -> int:
    return sum(len(p.text.split()) for p in passages)


def _section_change(i: int, old: Section, new: Section) -> SectionChange:
    return SectionChange(
        section=i,
        title=old.title or STAGE_NAMES[old.kind],
        passages_before=len(old.passages),
        passages_after=len(new.passages),
        words_before=_words(old.passages),
        words_after=_words(new.passages),
    )
