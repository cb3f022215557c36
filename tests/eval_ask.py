"""The question set of /ask (tests/ask/questions.yaml), scored: accuracy per intent, and the questions missed.

    .venv/bin/python -m tests.eval_ask [--all]

A question counts as right when its reading has the intent and the concepts (in order) the set asks for, and
the focus, family relations, exclusions and vignette named, where the set gives them. No database is needed:
this scores the reading; tests/test_ask_eval.py also checks each answer against its endpoint's.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.errors import KbError
from kb.queries.ask_parse import ParsedQuestion, parse_question
from kb.vocab.vocabulary import Vocabulary, load_vocabulary

QUESTIONS = Path(__file__).resolve().parent / "ask" / "questions.yaml"
MISSES = Path(__file__).resolve().parent / "ask" / "misses.yaml"  # known misses, with why: listed, not scored


@dataclass
class Scored:
    case: dict[str, Any]
    parsed: ParsedQuestion | None
    got: dict[str, Any]
    right: bool


def questions() -> list[dict[str, Any]]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))


def reading(p: ParsedQuestion) -> dict[str, Any]:
    return {
        "intent": p.intent.value,
        "concepts": [t.concept_id for t in p.terms],
        "focus": p.focus,
        "kin": p.kin,
        "without": [t.concept_id for t in p.without],
        "ref": p.vignette_ref,
    }


def score(case: dict[str, Any], vocab: Vocabulary) -> Scored:
    try:
        p: ParsedQuestion | None = parse_question(case["q"], vocab)
    except KbError as exc:
        return Scored(case, None, {"error": f"{type(exc).__name__}: {exc}"}, False)
    assert p is not None
    got = reading(p)
    want = {"intent": case["intent"], "concepts": case.get("concepts", [])}
    want |= {k: case[k] for k in ("focus", "kin", "without", "ref") if k in case}
    right = all(got[k] == v for k, v in want.items())
    if "focus" not in case and case["intent"] == "profile":
        right = right and got["focus"] is None
    return Scored(case, p, got, right)


def evaluate(vocab: Vocabulary | None = None) -> list[Scored]:
    vocab = vocab or load_vocabulary()
    return [score(c, vocab) for c in questions()]


def per_intent(results: list[Scored]) -> dict[str, tuple[int, int]]:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for r in results:
        total[r.case["intent"]] += 1
        right[r.case["intent"]] += r.right
    return {k: (right[k], total[k]) for k in sorted(total)}


KIND_PARAM = {"pattern": "pattern", "role": "role", "behavior": "behavior", "intervention": "intervention"}


def endpoint_for(p: dict[str, Any], vignette_id: str | None = None, limit: int = 20) -> tuple[str, dict[str, Any]]:
    """The API request (path relative to /api/v1, query parameters) whose answer /ask must give for a reading
    (`p`: the interpretation as JSON); a 'cases like' reading needs the id of the vignette it named."""
    intent, terms = p["intent"], p["terms"]
    first = terms[0]["query"] if terms else ""
    if intent == "interventions":
        return "/interventions", {"for": first, "limit": limit}
    if intent == "used_for":
        return f"/interventions/{first}/targets", {"limit": limit}
    if intent == "outcomes_after":
        return f"/interventions/{first}/outcomes", {}
    if intent == "profile":
        return f"/patterns/{first}/profile", {"focus": p["focus"]} if p["focus"] else {}
    if intent == "define":
        return f"/concepts/{first}", {}
    if intent == "compare":
        return "/compare", {"a": terms[0]["query"], "b": terms[1]["query"]}
    if intent == "similar":
        return f"/vignettes/{vignette_id}/similar", {"k": min(limit, 10)}
    params: dict[str, Any] = {"limit": limit}
    for t in terms:
        params.setdefault(KIND_PARAM.get(t["kind"], t["kind"]), []).append(t["query"])
    if p["kin"]:
        params["kin"] = p["kin"]
    if p["without"]:
        params["without"] = [t["query"] for t in p["without"]]
    return "/vignettes", params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="print every question with its reading")
    args = parser.parse_args()
    results = evaluate()
    for r in results:
        if args.all or not r.right:
            mark = "ok  " if r.right else "MISS"
            extra = {k: r.case[k] for k in ("focus", "kin", "without", "ref") if k in r.case}
            want = f"{r.case['intent']} {r.case.get('concepts', [])}" + (f" {extra}" if extra else "")
            print(f"{mark} {r.case['q']!r}\n       want {want}\n       got  {r.got}")
    print()
    print(f"{'intent':16} {'right':>5} {'of':>4} {'accuracy':>9}")
    for intent, (right, total) in per_intent(results).items():
        print(f"{intent:16} {right:5} {total:4} {right / total:9.1%}")
    right = sum(r.right for r in results)
    print(f"{'all':16} {right:5} {len(results):4} {right / len(results):9.1%}")
    misses = yaml.safe_load(MISSES.read_text(encoding="utf-8"))
    print(f"\nKnown misses (tests/ask/misses.yaml, not scored): {len(misses)}")
    vocab = load_vocabulary()
    for m in misses:
        r = score({"q": m["q"], **m["want"]}, vocab)
        print(f"  {'NOW RIGHT' if r.right else 'still missed'}: {m['q']!r}\n      {m['why']}")


if __name__ == "__main__":
    main()
