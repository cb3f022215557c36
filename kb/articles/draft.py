"""A vignette drafted from an article: the case story found in it, its persons, phases and facts, as a
vignette file that `kb validate` accepts, with what could not be placed as comments for the author.

Deterministic and rule-based (kb.articles.passage, cast, facts and cues.yaml over the vocabulary's
matcher); no model. The draft's id ends in "-draft", so that loading it can never replace a vignette of
the base; the author renames it once it is done. What the identifier check would flag in the story (a
name, a place, a date) is replaced by "[removed]" and listed for the author.
"""

from __future__ import annotations

from typing import Any

from kb.articles.cast import Cast, find_cast
from kb.articles.facts import PHASES, THERAPIST_DELIVERED, Fact, collect
from kb.articles.models import DraftAnswer
from kb.articles.passage import find_passage
from kb.articles.text import slug
from kb.authoring.identifiers import scan_text, vocabulary_words
from kb.authoring.validate import VignetteInvalid, check_text
from kb.authoring.yamlsource import dump_yaml
from kb.models import FACT_LISTS, Source
from kb.vocab.matcher import Mention, matcher_for
from kb.vocab.resolve import concept_ref
from kb.vocab.vocabulary import Vocabulary

PREFIX = {"role": "r", "behavior": "b", "pattern": "p", "intervention": "i", "outcome": "o"}
MAX_REPAIRS = 20
REMOVED = "[removed]"


def draft_article(vocab: Vocabulary, text: str, fields: dict[str, Any] | None = None) -> DraftAnswer:
    """The draft of the vignette in `text` (an article's plain text); `fields` are the stored article's
    id, title, author and url, cited as the draft's source."""
    fields = fields or {}
    matcher = matcher_for(vocab)
    whole = matcher.parse(text)
    passage = find_passage(whole, vocab)
    unplaced: list[str] = []
    narrative = text[passage.start : passage.end].strip()
    if not narrative:
        narrative, passage_start = text.strip(), 0
    start_offset = text.find(narrative)
    doc = matcher.parse(narrative)
    cast = find_cast(doc, passage.client)
    narrative = _redact(narrative, cast, vocab, unplaced)
    if narrative != doc.text:
        doc = matcher.parse(narrative)
        cast = find_cast(doc, passage.client)
    found = matcher.mentions(narrative)
    facts = collect(doc, cast, found, vocab)
    unplaced += _not_placed(vocab, text, passage.start, passage.end, found, cast, passage.names)
    vignette = _document(vocab, cast, facts, narrative, fields)
    yaml_text, problems = _validated(vocab, vignette, unplaced)
    passage_start = max(0, start_offset)
    return DraftAnswer(
        article_id=fields.get("id"),
        vignette_id=vignette["id"],
        yaml=yaml_text,
        valid=not problems,
        problems=problems,
        unplaced=unplaced,
        passage_start=passage_start,
        passage_end=passage_start + len(text[passage.start : passage.end].strip()),
        counts={"persons": len(vignette["persons"]), **{name: len(vignette.get(name, [])) for name in FACT_LISTS}},
    )


def _redact(narrative: str, cast: Cast, vocab: Vocabulary, unplaced: list[str]) -> str:
    """The narrative with what the identifier check would flag replaced by REMOVED (listed for the author)."""
    names = [p.name for p in cast.persons]
    common = vocabulary_words(t for c in vocab.concepts.values() for t in (c.label, *c.synonyms))
    findings = scan_text(narrative, "narrative", names, common_words=common)
    for f in reversed(findings):
        unplaced.append(f"removed from the story: a possible identifier ({f.kind}), {f.excerpt!r}")
        narrative = narrative[: f.start] + REMOVED + narrative[f.end :]
    unplaced.reverse()
    return narrative


def _not_placed(
    vocab: Vocabulary,
    text: str,
    start: int,
    end: int,
    found: list[Mention],
    cast: Cast,
    names: tuple[str, ...],
) -> list[str]:
    out = []
    for m in found:
        if not m.affirmed and m.kind != "role":
            out.append(f"{m.status.value} in the story, not drafted: {m.text!r} ({m.concept_id}; cue {m.cue!r})")
    outside: dict[str, str] = {}
    for m in matcher_for(vocab).mentions(text[:start] + " " * (end - start) + text[end:]):
        if m.affirmed and m.concept_id not in {"parent", "therapist", "client"}:
            outside.setdefault(m.concept_id, m.text)
    if outside:
        labels = ", ".join(concept_ref(vocab, c).label.lower() for c in sorted(outside))
        out.append(f"mentioned in the commentary around the story (not drafted): {labels}")
    named = {p.name.lower() for p in cast.persons}
    for other in names[1:]:
        if other not in named:
            out.append(f"a name the story uses that is not placed as a person: {other!r}; add it if it is one")
    if cast.client is None:
        out.append("no client's pseudonym found: the client is missing; add the person the story is about")
    return out


def _fact_ids(facts: list[Fact]) -> None:
    seen: dict[str, int] = {}
    for f in facts:
        base = f"{PREFIX[f.kind]}-{f.concept}"
        seen[base] = seen.get(base, 0) + 1
        f.id = base if seen[base] == 1 else f"{base}-{f.person}"


def _document(vocab: Vocabulary, cast: Cast, facts: list[Fact], narrative: str, fields: dict[str, Any]) -> dict:
    _fact_ids(facts)
    client = cast.client
    phases = [p for p in PHASES if any(f.phase == p for f in facts)]
    name = client.name if client else "The client"
    ident = f"{slug(client.name if client else fields.get('id') or 'vignette', 60)}-draft"
    patterns = [f for f in facts if f.kind == "pattern"]
    labels = ", ".join(concept_ref(vocab, f.concept).label.lower() for f in patterns[:4]) or "none found yet"
    others = ", ".join(p.name for p in cast.persons[1:4]) or "no one else named"
    doc: dict[str, Any] = {
        "id": ident,
        "title": f"{name}: a vignette drafted from an article",
        "summary": (
            f"A draft: {name}, with {others}. Patterns the story states: {labels}. "
            "Rewrite this summary in two to four sentences of your own."
        ),
        "composite": True,
    }
    source = _source(fields)
    if source:
        doc["source"] = source
    doc["phases"] = phases
    doc["narrative"] = narrative
    doc["persons"] = [
        {
            "id": p.id,
            "name": p.name,
            "gender": p.gender,
            "age_band": p.age_band,
            **(
                {
                    "relations": [
                        {"type": p.relation, "to": client.id, **({"evidence": p.evidence} if p.evidence else {})}
                    ]
                }
                if client and p.relation and p is not client
                else {}
            ),
        }
        for p in cast.persons
    ] or [{"id": "client", "name": "The client", "gender": "unknown", "age_band": "unknown"}]
    by_kind: dict[str, list[Fact]] = {k: [f for f in facts if f.kind == k] for k in PREFIX}
    doc["roles"] = [_common(f, {"person": f.person, "role": f.concept}) for f in by_kind["role"]]
    doc["behaviors"] = [_common(f, {"person": f.person, "behavior": f.concept}) for f in by_kind["behavior"]]
    doc["patterns"] = [
        _common(f, {"pattern": f.concept, "persons": f.persons, "shown_by": _shown_by(vocab, f, facts)})
        for f in by_kind["pattern"]
    ]
    doc["interventions"] = [_intervention(vocab, cast, f, facts) for f in by_kind["intervention"]]
    doc["outcomes"] = [
        _common(
            f,
            {
                "outcome": f.concept,
                "person": f.person,
                "after": [i.id for i in by_kind["intervention"] if i.start <= f.start][-4:],
                "result": f.result or "improved",
            },
        )
        for f in by_kind["outcome"]
    ]
    return {k: v for k, v in doc.items() if v != []}


def _source(fields: dict[str, Any]) -> dict[str, Any] | None:
    try:
        source = Source.model_validate(
            {
                k: fields.get(f)
                for k, f in (("article_id", "id"), ("title", "title"), ("author", "author"), ("url", "url"))
            }
        )
    except ValueError:
        return None
    out = source.model_dump(exclude_none=True)
    return out or None


def _common(f: Fact, body: dict[str, Any]) -> dict[str, Any]:
    out = {"id": f.id, **{k: v for k, v in body.items() if v not in (None, [])}}
    if f.phase:
        out["phase"] = f.phase
    out["evidence"] = f.evidence[0] if len(f.evidence) == 1 else f.evidence
    return out


def _shown_by(vocab: Vocabulary, pattern: Fact, facts: list[Fact]) -> list[str]:
    """The roles and behaviors of the pattern's persons that the vocabulary relates to the pattern."""
    related = set(vocab.concepts[pattern.concept].related) if pattern.concept in vocab.concepts else set()
    return [
        f.id
        for f in facts
        if f.kind in ("role", "behavior")
        and f.person in pattern.persons
        and (f.concept in related or pattern.concept in getattr(vocab.concepts.get(f.concept), "related", []))
    ]


def _intervention(vocab: Vocabulary, cast: Cast, f: Fact, facts: list[Fact]) -> dict[str, Any]:
    delivered = (
        f.concept == "psychotherapy"
        or "psychotherapy" in vocab.ancestors(f.concept)
        or f.concept in THERAPIST_DELIVERED
    )
    by = None
    if delivered and cast.therapist:
        by = cast.therapist.id
    elif f.concept == "school-counseling" and cast.get("counselor"):
        by = "counselor"
    targets = [p.id for p in facts if p.kind == "pattern" and f.person in p.persons and p.start < f.start][-4:]
    return _common(f, {"intervention": f.concept, "by": by, "for": [f.person], "targets": targets})


def _validated(vocab: Vocabulary, vignette: dict[str, Any], unplaced: list[str]) -> tuple[str, list[str]]:
    """The YAML of the draft, checked as `kb validate` checks a file; a fact it refuses is taken out and listed,
    so that the draft an author gets is always one `kb validate` accepts (or says why not)."""
    problems: list[str] = []
    for _ in range(MAX_REPAIRS):
        text = _with_comments(dump_yaml(vignette), vignette, unplaced)
        try:
            check_text(text, "draft.yaml", vocab)
            return text, []
        except VignetteInvalid as exc:
            problems = [f"{p.path}: {p.message}" for p in exc.problems]
            dropped = _drop_first_bad_fact(vignette, [p.path for p in exc.problems], unplaced)
            if not dropped:
                break
    return _with_comments(dump_yaml(vignette), vignette, unplaced), problems


def _drop_first_bad_fact(vignette: dict[str, Any], paths: list[str], unplaced: list[str]) -> bool:
    for path in paths:
        parts = path.split(".")
        if len(parts) >= 2 and parts[0] in FACT_LISTS and parts[1].isdigit() and parts[0] in vignette:
            fact = vignette[parts[0]].pop(int(parts[1]))
            unplaced.append(f"dropped {parts[0][:-1]} {fact.get('id')!r}: `kb validate` refused it ({path})")
            gone = fact.get("id")
            for name in ("patterns", "interventions", "outcomes"):
                for other in vignette.get(name, []):
                    for key in ("shown_by", "targets", "after"):
                        if gone in other.get(key, []):
                            other[key].remove(gone)
                            if not other[key]:
                                del other[key]
            if not vignette[parts[0]]:
                del vignette[parts[0]]
            return True
    return False


def _with_comments(body: str, vignette: dict[str, Any], unplaced: list[str]) -> str:
    header = [
        "# yaml-language-server: $schema=../schema/vignette.schema.json",
        "# A DRAFT, made by `kb article draft` from an article by rules and the vocabulary (no model).",
        "# Check every fact against the story: keep what it says, delete the rest, add what is missing,",
        "# write the title and summary, and rename the id (it ends in -draft so that loading the draft",
        "# never replaces a vignette of the base).",
    ]
    footer = ["", "# Not placed (for the author):"] + [f"#  - {_one_line(u)}" for u in unplaced] if unplaced else []
    return "\n".join(header) + "\n" + body + ("\n".join(footer) + "\n" if footer else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
