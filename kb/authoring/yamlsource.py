"""Read YAML keeping the line of every value, so errors can say `file:line: field.path`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

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
    """YAML that cannot be read as a document; at `line`, in the field `path`."""

    code = "invalid_yaml"
    exit_code = 1

    def __init__(self, line: int, path: str, message: str) -> None:
        super().__init__(message)
        self.line, self.path = line, path


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


def _check_duplicate_keys(node: yaml.Node, path: tuple[str | int, ...] = ()) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if name in seen:
                raise YamlProblem(
                    key.start_mark.line + 1,
                    ".".join(map(str, (*path, name))) or "(top)",
                    f"the key {name!r} appears twice in the same mapping",
                )
            seen.add(name)
            _check_duplicate_keys(value, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicate_keys(item, (*path, i))


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; malformed YAML raises YamlProblem with its line."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_duplicate_keys(root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, "(yaml)", f"malformed YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(1, "(yaml)", f"malformed YAML: {exc}") from exc
    finally:
        loader.dispose()
    return YamlDocument(data, root)
