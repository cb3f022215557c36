"""Read a vignette sent as JSON within the same bounds as YAML (kb.authoring.bounds).

The standard library's parser does the reading (in C, linear in the text);
hooks refuse numbers too long to convert and note keys given twice; one
walk without recursion then checks depth, size, duplicate keys and hidden
characters, and stops at the first limit passed. JSON has no lines worth
naming in a one-line body: problems name the field path.
"""

from __future__ import annotations

import json
from typing import Any

from kb.authoring.bounds import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_PROBLEMS,
    MAX_TEXT_CHARS,
    hidden_character,
    number_too_long,
    too_deep,
    too_long,
    too_many_nodes,
)
from kb.authoring.yamlsource import YamlDocument, YamlProblem


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    twice: list[str]


class _NumberTooLong(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    obj.twice = []
    if len(obj) < len(pairs):
        seen: set[str] = set()
        obj.twice = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    return obj


def _number(convert: type) -> Any:
    def parse(literal: str) -> Any:
        if message := number_too_long(literal):
            raise _NumberTooLong(message)
        return convert(literal)

    return parse


def _constant(name: str) -> Any:
    raise _NumberTooLong(f"{name} is not a number JSON allows")


def _problem(path: tuple[str | int, ...], message: str) -> YamlProblem:
    return YamlProblem(1, ".".join(map(str, path)) or "(top)", message)


def parse_json(text: str) -> YamlDocument:
    """Parse a JSON document within the bounds; YamlProblem (listing what was found) otherwise."""
    if len(text) > MAX_TEXT_CHARS:
        raise _problem((), too_long("the body", len(text)))
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise YamlProblem(
            exc.lineno, "(body)", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # the C parser nests past the interpreter's limit (about 1,000 levels)
        raise _problem((), too_deep("the body")) from None
    except _NumberTooLong as exc:
        raise _problem((), exc.message) from None
    problems = _walk(data)
    if problems:
        raise YamlProblem(problems[0].line, problems[0].path, problems[0].message, problems[1:])
    return YamlDocument(data, None)


def _walk(data: Any) -> list[YamlProblem]:
    """Depth and size (raised at once), keys given twice and hidden characters (collected, at most MAX_PROBLEMS)."""
    problems: list[YamlProblem] = []

    def note(path: tuple[str | int, ...], message: str) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(_problem(path, message))

    todo: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    nodes = 0
    while todo:
        value, path = todo.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _problem(path, too_many_nodes("the body"))
        if isinstance(value, str):
            if message := hidden_character(value):
                note(path, message)
            continue
        if isinstance(value, dict | list):
            if len(path) >= MAX_DEPTH:
                raise _problem(path, too_deep("the body"))
            if nodes + len(value) > MAX_NODES:
                raise _problem(path, too_many_nodes("the body"))
        if isinstance(value, dict):
            for key in getattr(value, "twice", ()):
                note((*path, key), f"the key {key!r} appears twice in the same object")
            for key, item in value.items():
                nodes += 1
                if message := hidden_character(key):
                    note((*path, key), f"in this key: {message}")
                todo.append((item, (*path, key)))
        elif isinstance(value, list):
            todo.extend((item, (*path, i)) for i, item in enumerate(value))
    problems.sort(key=lambda p: p.path)
    return problems
