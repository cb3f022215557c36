"""User text to a safe Lucene query for Neo4j's full-text indexes, and highlighted snippets."""

from __future__ import annotations

import re
from typing import Any

from kb.errors import InvalidInput

_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
_WORD = re.compile(r"[\w']+")
_STOP = frozenset("a an and are as at be by for from has have in is it of on or that the to was were with".split())


class BadQuery(InvalidInput):
    """Search text that cannot be searched; the parameter is `q`."""

    def details(self) -> dict[str, Any]:
        return {"parameter": "q"}


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if (len(w) > 1 or w.isdigit()) and w not in _STOP]


def lucene_query(text: str) -> str:
    """Every word of `text` as a plain term (Lucene syntax escaped, operators disarmed), any may match."""
    terms = words(text)
    if not terms:
        raise BadQuery("the search text has no words to look for")
    return " ".join(_SPECIAL.sub(r"\\\1", t) for t in terms[:32])


def snippet(text: str, query: str, width: int = 220) -> str:
    """The passage around the first word of `query` found in `text`, matches wrapped in [[ ]]."""
    terms = sorted(set(words(query)), key=len, reverse=True)
    if not terms:
        return text[:width]
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(text), start + width)
    passage = " ".join(text[start:end].split())
    marked = pattern.sub(lambda m: f"[[{m.group(0)}]]", passage)
    return ("\u2026" if start > 0 else "") + marked + ("\u2026" if end < len(text) else "")
