"""Shape problems (what pydantic finds) in the author's words, and a relaxed copy of the data to go on with.

So that one run of `kb validate` reports every problem of a file, a vignette whose shape is wrong is not the
end of the check: `relax` makes a copy in which each wrong value is dropped (a field with a default) or
replaced by a stand-in (a required field, an item of a list), and says which places and which values it
replaced. The validator checks concepts, references and evidence on that copy, and stays silent about the
places already reported and about references to values that were not valid ids.
"""

from __future__ import annotations

import copy
import difflib
import re
import types
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kb.models import Vignette

Loc = tuple[str | int, ...]

# required fields and the stand-in that lets the rest of the file be checked
_STAND_INS: dict[str, object] = {
    "id": "invalid",
    "title": "(invalid)",
    "summary": "(invalid)",
    "name": "(invalid)",
    "composite": True,
    "narrative": "(invalid)",
    "type": "relative_of",
    "to": "invalid",
    "person": "invalid",
    "role": "invalid",
    "behavior": "invalid",
    "pattern": "invalid",
    "intervention": "invalid",
    "outcome": "invalid",
    "result": "unchanged",
}
_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass
class Relaxed:
    """A vignette built from the relaxed data, with what was dropped or stood in for."""

    model: Vignette
    silenced: set[Loc] = field(default_factory=set)  # places already reported: say nothing more there
    invalid_values: set[str] = field(default_factory=set)  # ids and phases that were not valid: no "unknown x"
    narrative_replaced: bool = False


def slugify(text: str) -> str:
    """'Young Adulthood' -> 'young-adulthood'."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def message(err: ErrorDetails) -> str:
    """A shape problem said so that an author knows what to write."""
    loc, kind, got = tuple(err["loc"]), err["type"], err.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        known = _field_names(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.7)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown field{hint} (see vignettes/README.md for the fields a vignette has)"
    if kind == "string_pattern_mismatch" and isinstance(got, str):
        if name == "phases":
            return f"phases are short slugs such as young-adulthood; got {got!r} (write {slugify(got) or 'a slug'})"
        if loc in {("id",), ("source", "article_id")}:
            return (
                "an id is a slug: lower-case letters, digits and hyphens, such as ravi-and-his-father; "
                f"got {got!r} (write {slugify(got) or 'a slug'})"
            )
        if name == "url":
            return f"a web address starting with http:// or https://; got {got!r}"
        return f"an id is letters, digits, '-' and '_', starting with a letter or digit; got {got!r}"
    if kind == "enum":
        close = difflib.get_close_matches(str(got), _enum_values(loc), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{err['msg']}; got {got!r}{hint}"
    return err["msg"]


def relax(data: dict[str, Any], errors: list[ErrorDetails]) -> Relaxed | None:
    """The data with every wrong value dropped or stood in for, validated; None where that cannot be done
    (a whole list item of the wrong kind, say): then only the shape problems are reported."""
    data = copy.deepcopy(data)
    silenced: set[Loc] = set()
    invalid: set[str] = set()
    narrative_replaced = False
    for _ in range(3):  # a stand-in may reveal a problem hidden behind the first one
        for err in errors:
            loc = tuple(err["loc"])
            if not _fix(data, loc, err["type"], invalid):
                return None
            silenced.add(loc)
            if len(loc) >= 2 and loc[-2] == "evidence":  # a single quote is reported at `...evidence`
                silenced.add(loc[:-1])
            narrative_replaced |= loc == ("narrative",)
        try:
            return Relaxed(Vignette.model_validate(data), silenced, invalid, narrative_replaced)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None


def _fix(data: Any, loc: Loc, kind: str, invalid: set[str]) -> bool:
    """Drop or stand in for the wrong value at `loc`; False when nothing sensible can be done."""
    parent = _at(data, loc[:-1])
    key = loc[-1] if loc else None
    if isinstance(parent, dict) and isinstance(key, str):
        value = parent.get(key)
        if key in ("id", "to", "person", "by") and isinstance(value, str):
            invalid.add(value)
        if kind == "extra_forbidden" or _has_default(loc):
            parent.pop(key, None)
            return True
        if key in _STAND_INS:
            parent[key] = _STAND_INS[key]
            return True
        return False
    # an item of a list of strings: a phase, a quote, an id in `for`, `persons`, `shown_by`, `targets`, `after`
    is_item = isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent)
    if not is_item or not isinstance(parent[key], str) or (len(loc) <= 2 and loc[0] != "phases"):
        return False
    invalid.add(parent[key])
    if loc[0] == "phases":
        parent[key] = f"invalid-phase-{key}"
    elif loc[-2] == "evidence":
        parent[key] = "(invalid quote)"
    else:
        parent[key] = f"invalid-{key}"
    return True


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class whose fields the mapping at `loc` holds (Vignette at the top)."""
    model: Any = Vignette
    for part in loc:
        if isinstance(part, int):
            continue
        info = _field(model, part)
        if info is None:
            return None
        model = _inner(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _field(model: Any, name: str) -> Any:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    for fname, info in model.model_fields.items():
        if name in (fname, info.alias):
            return info
    return None


def _inner(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X, as many times as needed."""
    while True:
        origin = get_origin(annotation)
        if origin in (list, Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
            continue
        return annotation


def _enum_values(loc: Loc) -> list[str]:
    model = _model_at(loc[:-1])
    info = _field(model, str(loc[-1])) if model else None
    enum = _inner(info.annotation) if info is not None else None
    return [str(m.value) for m in enum] if isinstance(enum, type) and issubclass(enum, Enum) else []


def _has_default(loc: Loc) -> bool:
    model = _model_at(loc[:-1])
    info = _field(model, str(loc[-1])) if model else None
    return bool(info is not None and not info.is_required())


def _field_names(loc: Loc) -> list[str]:
    model = _model_at(loc)
    return [info.alias or name for name, info in model.model_fields.items()] if model else []


def count_word(n: int) -> str:
    return _NUMBERS.get(n, str(n))
