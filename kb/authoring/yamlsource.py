"""Read YAML keeping the line of every value, so errors can say `file:line: field.path`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

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
from kb.errors import InvalidInput

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same results, faster


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line strings as literal blocks (`|`), as authors write narratives; the emitter
    falls back to a quoted style where a block could not hold the string exactly."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any) -> str:
    """YAML text in the authoring format's key order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class YamlProblem(InvalidInput):
    """YAML that cannot be read as a document; at `line`, in the field `path` (`also`: more problems found)."""

    code = "invalid_yaml"
    exit_code = 1

    def __init__(self, line: int, path: str, message: str, also: list[YamlProblem] | None = None) -> None:
        super().__init__(message)
        self.line, self.path, self.also = line, path, also or []

    def all(self) -> list[YamlProblem]:
        return [self, *self.also]


@dataclass
class YamlDocument:
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The 1-based line of the value at `loc`, or of the deepest part of it that exists."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def line_in(self, loc: Sequence[str | int], text: str, offset: int) -> int:
        """The line of character `offset` of the string `text` found at `loc`.

        Exact in a literal block (`|`), whose lines are kept; elsewhere (folded or
        flow text, or a value that is not `text`) the line where the value starts.
        """
        node = self.root
        for part in loc:
            node = _child(node, part)
            if node is None:
                return self.line_of(loc)
        if isinstance(node, yaml.ScalarNode) and node.style == "|" and node.value.rstrip() == text.rstrip():
            return node.start_mark.line + 2 + text.count("\n", 0, offset)  # the text starts below the '|'
        return self.line_of(loc)


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


_INT, _FLOAT, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("int", "float", "merge"))


def _name(path: tuple[str | int, ...]) -> str:
    return ".".join(map(str, path)) or "(top)"


@dataclass
class _Open:
    """A sequence or mapping being read: its node, its path, and (a mapping) the key waiting for its value."""

    node: yaml.SequenceNode | yaml.MappingNode
    path: tuple[str | int, ...]
    key: yaml.Node | None = None
    seen: set[str] | None = None


class _Composer:
    """Build the node tree from the parser's events, one event at a time (no recursion, no alias expansion).

    Limits (kb.authoring.bounds) are checked as the events come, so a hostile document costs the
    work of reading it up to the limit; duplicate keys and hidden characters are collected.
    """

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.stack: list[_Open] = []
        self.nodes = 0
        self.problems: list[YamlProblem] = []
        self.root: yaml.Node | None = None

    def compose(self) -> yaml.Node | None:
        get, stack = self.loader.get_event, self.stack
        get()  # stream start
        if self.loader.check_event(yaml.StreamEndEvent):
            return None
        get()  # document start
        while (kind := type(event := get())) is not yaml.DocumentEndEvent:
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                done = stack.pop()
                done.node.end_mark = event.end_mark
                self._attach(done.node)
                continue
            if kind is yaml.AliasEvent or event.anchor is not None:
                raise self._refusal(
                    event,
                    "YAML anchors and aliases (&name, *name) are not accepted in a vignette: write each value out",
                )
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise self._refusal(event, too_many_nodes("the document"))
            if kind is yaml.ScalarEvent:
                self._attach(self._scalar(event))
                continue
            node_kind = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
            if len(stack) >= MAX_DEPTH:
                raise self._refusal(event, too_deep("the document"))
            tag = event.tag if event.tag not in (None, "!") else self.loader.resolve(node_kind, None, event.implicit)
            node = node_kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
            stack.append(_Open(node, self._path(), seen=set() if node_kind is yaml.MappingNode else None))
        if not self.loader.check_event(yaml.StreamEndEvent):
            raise YamlProblem(_line(get()), "(yaml)", "a vignette is one YAML document; a second one starts here")
        return self.root

    def _scalar(self, event: yaml.ScalarEvent) -> yaml.ScalarNode:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag in (_INT, _FLOAT) and (message := number_too_long(event.value)):
            raise self._refusal(event, message)
        if tag == _MERGE:
            self._problem(
                event, self._path(), "the YAML merge key '<<' is not accepted in a vignette: write the fields out"
            )
        elif message := hidden_character(event.value):
            self._problem(event, self._path(), message)
        start: Any = event.start_mark  # libyaml's marks have the fields of yaml.Mark
        end: Any = event.end_mark
        return yaml.ScalarNode(tag, event.value, start, end, style=event.style)

    def _refusal(self, event: yaml.Event, message: str) -> YamlProblem:
        return YamlProblem(_line(event), _name(self._path()), message)

    def _path(self) -> tuple[str | int, ...]:
        """The path of the next node: an index in a sequence; in a mapping, the key's name for its value."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.node, yaml.SequenceNode):
            return (*top.path, len(top.node.value))
        if top.key is None:
            return top.path
        return (*top.path, top.key.value if isinstance(top.key, yaml.ScalarNode) else "(key)")

    def _attach(self, node: yaml.Node) -> None:
        if not self.stack:
            self.root = node
            return
        top = self.stack[-1]
        if isinstance(top.node, yaml.SequenceNode):
            top.node.value.append(node)
        elif top.key is None:
            top.key = node
            if isinstance(node, yaml.ScalarNode) and top.seen is not None:
                if node.value in top.seen:
                    self._problem(
                        node, (*top.path, node.value), f"the key {node.value!r} appears twice in the same mapping"
                    )
                top.seen.add(node.value)
        else:
            top.node.value.append((top.key, node))
            top.key = None

    def _problem(self, at: yaml.Node | yaml.Event, path: tuple[str | int, ...], message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(YamlProblem(_line(at), _name(path), message))


def _line(at: yaml.Node | yaml.Event) -> int:
    return at.start_mark.line + 1 if at.start_mark else 1


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document within the bounds of kb.authoring.bounds; YamlProblem (with its line) otherwise."""
    if len(text) > MAX_TEXT_CHARS:
        raise YamlProblem(1, "(yaml)", too_long("the document", len(text)))
    loader = _Loader(text)
    try:
        composer = _Composer(loader)
        root = composer.compose()
        if composer.problems:
            first, *rest = composer.problems
            raise YamlProblem(first.line, first.path, first.message, rest)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = str(exc.problem or exc.context)
        if "nesting depth" in problem:  # libyaml's own bound (1,000 levels), met while it reads ahead
            raise YamlProblem(line, "(yaml)", too_deep("the document")) from exc
        raise YamlProblem(line, "(yaml)", f"malformed YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(1, "(yaml)", f"malformed YAML: {exc}") from exc
    finally:
        loader.dispose()
    return YamlDocument(data, root)
