"""How well articles are tagged and drafted, against hand annotations (tests/articles/annotations/).

    .venv/bin/python -m bench.eval_articles        (make eval-articles)

Tagging: every concept mention the tagger reports (person words aside) is matched with the annotated
mention of the same concept whose span overlaps it. Precision and recall are of AFFIRMED mentions (the
article's own findings), per concept kind; negation accuracy is the share of annotated negated mentions
the tagger marks negated. Drafting: the draft's recall of the annotated persons (by their relation to
the client), roles, patterns, interventions and outcomes (each as a distinct (person, concept) pair),
and for the shared article against vignettes/donna.yaml. Also the time to tag and to draft the shared
article. Writes bench/results/eval-articles.json. Targets: precision >= 0.9, recall >= 0.85, negation
>= 0.9, the Donna draft's persons, roles, interventions and outcomes >= 0.8.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import yaml

from bench.common import ROOT, console, report
from kb.articles.draft import draft_article
from kb.articles.tagging import article_mentions, is_person_word, mentions
from kb.articles.text import guess_format, plain_text
from kb.vocab.vocabulary import Vocabulary, load_vocabulary

ARTICLES = ROOT / "tests" / "articles"
ANNOTATIONS = ARTICLES / "annotations"
DONNA = ROOT / "vignettes" / "donna.yaml"
SHARED = "ambivalence-codependence-mother-daughter.txt"
DRAFT_PARTS = ("persons", "roles", "patterns", "interventions", "outcomes")
KINDS = ("pattern", "role", "behavior", "intervention", "outcome")


class AnnotationError(Exception):
    pass


def article_text(name: str) -> str:
    raw = (ARTICLES / name).read_text(encoding="utf-8")
    return plain_text(raw, guess_format(name, None, raw)).text


def gold_spans(text: str, rows: list[list[Any]], file: str) -> list[dict[str, Any]]:
    """The annotated mentions with their spans: the n-th occurrence (case-insensitive) of the words."""
    low = text.lower()
    out = []
    for row in rows:
        words, concept, status = row[0], row[1], row[2]
        occurrence = row[3] if len(row) > 3 else 1
        at = -1
        for _ in range(occurrence):
            at = low.find(str(words).lower(), at + 1)
            if at < 0:
                raise AnnotationError(f"{file}: {words!r} has no occurrence {occurrence} in the article")
        out.append({"start": at, "end": at + len(str(words)), "concept": concept, "status": status})
    return out


def score_tagging(vocab, text: str, gold: list[dict[str, Any]], tally: dict[str, Counter]) -> list[str]:
    predicted = [m for m in article_mentions(vocab, text) if not is_person_word(m)]
    kinds = {c.id: c.kind.value for c in vocab.concepts.values()}
    used: set[int] = set()
    errors = []
    for m in predicted:
        match = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in used and g["concept"] == m.concept_id and g["start"] < m.end and m.start < g["end"]
            ),
            None,
        )
        g = gold[match] if match is not None else None
        if match is not None:
            used.add(match)
        if m.affirmed:
            if g and g["status"] == "affirmed":
                tally[m.kind]["tp"] += 1
            else:
                tally[m.kind]["fp"] += 1
                errors.append(f"FP {m.text!r} {m.concept_id} (gold: {g['status'] if g else 'none'})")
        if g and g["status"] == "negated":
            tally["negation"]["total"] += 1
            tally["negation"]["correct"] += m.status.value == "negated"
            if m.status.value != "negated":
                errors.append(f"NEG {m.text!r} {m.concept_id} tagged {m.status.value}")
        if g and g["status"] == "affirmed" and not m.affirmed:
            tally[kinds.get(g["concept"], "?")]["fn"] += 1
            errors.append(f"FN {m.text!r} {m.concept_id} tagged {m.status.value} ({m.cue})")
    for i, g in enumerate(gold):
        if i in used:
            continue
        if g["status"] == "affirmed":
            tally[kinds.get(g["concept"], "?")]["fn"] += 1
            errors.append(f"FN {text[g['start'] : g['end']]!r} {g['concept']} (not found)")
        if g["status"] == "negated":
            tally["negation"]["total"] += 1
            errors.append(f"NEG {text[g['start'] : g['end']]!r} {g['concept']} not found")
    return errors


def draft_sets(answer_yaml: str) -> dict[str, set[tuple[str, ...]]]:
    """The draft as comparable sets: persons by relation to the client, facts as (person, concept) pairs."""
    doc = yaml.safe_load(answer_yaml)
    persons = doc.get("persons", [])
    client = persons[0]["id"] if persons else None
    rel = {
        p["id"]: ("client" if p["id"] == client else (p.get("relations") or [{}])[0].get("type", "?")) for p in persons
    }
    return _sets(doc, rel)


def _sets(doc: dict[str, Any], rel: dict[str, str]) -> dict[str, set[tuple[str, ...]]]:
    def who(pid: str | None) -> str:
        return rel.get(pid or "", pid or "?")

    return {
        "persons": {(r,) for r in rel.values()},
        "roles": {(who(r["person"]), r["role"]) for r in doc.get("roles", [])},
        "patterns": {(who((p.get("persons") or [None])[0]), p["pattern"]) for p in doc.get("patterns", [])},
        "interventions": {(who((i.get("for") or [None])[0]), i["intervention"]) for i in doc.get("interventions", [])},
        "outcomes": {(who(o.get("person")), o["outcome"]) for o in doc.get("outcomes", [])},
    }


def gold_sets(ann: dict[str, Any]) -> dict[str, set[tuple[str, ...]]]:
    rel = dict(ann.get("persons", []))
    return {
        "persons": {(r,) for r in rel.values()},
        "roles": {(rel.get(p, p), c) for p, c in ann.get("roles", [])},
        "patterns": {(rel.get(p, p), c) for p, c in ann.get("patterns", [])},
        "interventions": {(rel.get(p, p), c) for c, p in ann.get("interventions", [])},
        "outcomes": {(rel.get(p, p), c) for c, p in ann.get("outcomes", [])},
    }


def donna_sets() -> dict[str, set[tuple[str, ...]]]:
    doc = yaml.safe_load(DONNA.read_text(encoding="utf-8"))
    rel = {"donna": "client"}
    for p in doc["persons"]:
        for r in p.get("relations", []):
            if r["to"] == "donna":
                rel[p["id"]] = r["type"]
    return _sets(doc, rel)


def recall(gold: set, got: set) -> tuple[int, int]:
    return len(gold & got), len(gold)


@dataclass
class Scores:
    """What the annotated set gives: tallies per kind (tp/fp/fn, and negation correct/total), draft hits per part."""

    tally: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    draft_hits: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    rows: list[list[Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def affirmed(self) -> tuple[float, float]:
        """Precision and recall of affirmed mentions, all kinds together."""
        c: Counter[str] = Counter()
        for kind in KINDS:
            c.update(self.tally[kind])
        return c["tp"] / ((c["tp"] + c["fp"]) or 1), c["tp"] / ((c["tp"] + c["fn"]) or 1)

    def negation(self) -> float:
        neg = self.tally["negation"]
        return neg["correct"] / (neg["total"] or 1)


def evaluate(vocab: Vocabulary) -> Scores:
    """Tag and draft every annotated article and score both against the annotations."""
    scores = Scores()
    tally, draft_hits, rows, problems = scores.tally, scores.draft_hits, scores.rows, scores.problems
    for path in sorted(ANNOTATIONS.glob("*.yaml")):
        ann = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = article_text(ann["article"])
        gold = gold_spans(text, ann.get("mentions", []), path.name)
        errors = score_tagging(vocab, text, gold, tally)
        problems += [f"{ann['article']}: {e}" for e in errors]
        answer = draft_article(vocab, text, {"title": ann["article"]})
        got, want = draft_sets(answer.yaml), gold_sets(ann)
        cells = []
        for part in DRAFT_PARTS:
            hit, total = recall(want[part], got[part])
            draft_hits[part]["hit"] += hit
            draft_hits[part]["total"] += total
            cells.append(f"{hit}/{total}")
        rows.append([ann["article"], len(text.split()), len(gold), *cells, "yes" if answer.valid else "NO"])
    return scores


def main() -> None:
    vocab = load_vocabulary()
    scores = evaluate(vocab)
    tally, draft_hits, rows, problems = scores.tally, scores.draft_hits, scores.rows, scores.problems
    report_tagging(tally)
    report(
        "eval-articles-drafts",
        "Draft recall per annotated article (distinct persons by relation, (person, concept) pairs)",
        ["article", "words", "mentions", *DRAFT_PARTS, "valid"],
        rows,
        {part: dict(draft_hits[part]) for part in DRAFT_PARTS},
    )
    donna_report(vocab)
    for p in problems:
        console.print(f"  {p}", highlight=False, markup=False)


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def report_tagging(tally: dict[str, Counter]) -> None:
    rows = []
    total: Counter[str] = Counter()
    for kind in KINDS:
        c = tally[kind]
        total.update(c)
        rows.append(
            [kind, c["tp"], c["fp"], c["fn"], ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])]
        )
    rows.append(["all", total["tp"], total["fp"], total["fn"], ratio(total["tp"], total["tp"] + total["fp"]),
                 ratio(total["tp"], total["tp"] + total["fn"])])  # fmt: skip
    neg = tally["negation"]
    report(
        "eval-articles-tagging",
        f"Tagging of affirmed mentions; negation correct on {neg['correct']}/{neg['total']} "
        f"({ratio(neg['correct'], neg['total'])}) annotated negated mentions",
        ["kind", "tp", "fp", "fn", "precision", "recall"],
        rows,
        {"negation_correct": neg["correct"], "negation_total": neg["total"]},
    )


def donna_draft(vocab: Vocabulary) -> tuple[dict[str, set[tuple[str, ...]]], dict[str, set[tuple[str, ...]]], bool]:
    """The shared article's draft and vignettes/donna.yaml as comparable sets (got, want), and whether it validates."""
    answer = draft_article(vocab, article_text(SHARED), {"id": "ambivalence-codependence-mother-daughter"})
    return draft_sets(answer.yaml), donna_sets(), answer.valid


def donna_report(vocab: Vocabulary) -> None:
    text = article_text(SHARED)
    mentions(vocab, text)  # warm: the matcher is built once per process
    start = time.perf_counter()
    article_mentions(vocab, text)
    tag_s = time.perf_counter() - start
    start = time.perf_counter()
    answer = draft_article(vocab, text, {"id": "ambivalence-codependence-mother-daughter"})
    draft_s = time.perf_counter() - start
    got, want = draft_sets(answer.yaml), donna_sets()
    rows = []
    for part in DRAFT_PARTS:
        hit, total = recall(want[part], got[part])
        missed = ", ".join("/".join(m) for m in sorted(want[part] - got[part])) or "-"
        rows.append([part, f"{hit}/{total}", ratio(hit, total), missed])
    key = [recall(want[p], got[p]) for p in ("persons", "roles", "interventions", "outcomes")]
    hits, totals = sum(h for h, _ in key), sum(t for _, t in key)
    report(
        "eval-articles-donna",
        f"The Donna draft against vignettes/donna.yaml: persons, roles, interventions and outcomes together "
        f"{hits}/{totals} ({ratio(hits, totals)}); tag {tag_s * 1000:.0f} ms, draft {draft_s * 1000:.0f} ms "
        f"(valid: {answer.valid})",
        ["part", "recovered", "recall", "missed"],
        rows,
        {"tag_ms": round(tag_s * 1000, 1), "draft_ms": round(draft_s * 1000, 1), "valid": answer.valid},
    )


if __name__ == "__main__":
    main()
