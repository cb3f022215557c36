"""User text to a safe Lucene query for Neo4j's full-text indexes, and highlighted snippets.

What a search understands (and nothing else of Lucene's syntax, which is escaped):

- words: any may match, best first; a word of 5 letters or more also matches its small typos
  (one edit, two from 8 letters: "parentifed" finds "parentified"), an exact match weighing more;
  texts with the words side by side (up to 6 words, one other word between allowed) come first;
- "a quoted phrase": only texts with those words in that order ("switched roles"); several phrases must
  all be there, beside any other words.

At most 32 words and 5 phrases are used; the typo search is Lucene's fuzzy query, bounded by its expansions.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import OSA

from kb.errors import InvalidInput

_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
_WORD = re.compile(r"[\w']+")
_PHRASE = re.compile(r'"([^"]*)"')
_STOP = frozenset("a an and are as at be by for from has have in is it of on or that the to was were with".split())
MAX_WORDS, MAX_PHRASES, FUZZY_FROM, FUZZY_TWO_FROM = 32, 5, 5, 8
MAX_NEAR, NEAR_BOOST = 6, 8  # up to 6 loose words are also looked for side by side, weighing 8 times more


class BadQuery(InvalidInput):
    """Search text that cannot be searched; the parameter is `q`."""

    def details(self) -> dict[str, Any]:
        return {"parameter": "q"}


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if (len(w) > 1 or w.isdigit()) and w not in _STOP]


def phrases(text: str) -> list[list[str]]:
    """The quoted phrases of the text, as their words (all of them: a phrase keeps its small words)."""
    out = [_WORD.findall(p.lower()) for p in _PHRASE.findall(text)]
    return [p for p in out if p][:MAX_PHRASES]


def _escape(word: str) -> str:
    return _SPECIAL.sub(r"\\\1", word)


def _term(word: str) -> str:
    """A word, with its small typos when it is long enough: 'parentifed^2 parentifed~1'."""
    w = _escape(word)
    if len(word) < FUZZY_FROM or not word.isalpha():
        return w
    return f"{w}^2 {w}~{2 if len(word) >= FUZZY_TWO_FROM else 1}"


def lucene_query(text: str) -> str:
    """The user's words as a Lucene query: quoted phrases required, other words any, with small typos."""
    quoted = phrases(text)
    loose = words(_PHRASE.sub(" ", text))
    if not quoted and not loose:
        raise BadQuery("the search text has no words to look for")
    parts = ['+"' + " ".join(_escape(w) for w in p) + '"' for p in quoted]
    parts += [_term(w) for w in loose[:MAX_WORDS]]
    if 2 <= len(loose) <= MAX_NEAR:  # the words side by side rank first: "switched roles" finds Donna first
        parts.append('"' + " ".join(_escape(w) for w in loose) + f'"~1^{NEAR_BOOST}')
    return " ".join(parts)


def title_phrase(text: str) -> str | None:
    """A phrase query on the title field of the vignette index ('title:"daughter who could not leave home"')."""
    found = _WORD.findall(text.lower())[:MAX_WORDS]
    return 'title:"' + " ".join(_escape(w) for w in found) + '"' if found else None


def snippet(text: str, query: str, width: int = 220) -> str:
    """The passage around the first match of `query` in `text`, matches (phrases, words, near-misses of a
    misspelt word) wrapped in [[ ]]."""
    quoted = [" ".join(p) for p in phrases(query)]
    loose = sorted(set(words(_PHRASE.sub(" ", query))), key=len, reverse=True)
    if not quoted and not loose:
        return text[:width]
    near = _near_misses(text, loose)
    alternatives = [r"\s+".join(re.escape(w) for w in p.split()) for p in quoted]
    alternatives += [re.escape(t) + r"\w*" for t in loose]
    alternatives += [re.escape(t) for t in near]
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(text), start + width)
    passage = " ".join(text[start:end].split())
    marked = pattern.sub(lambda m: f"[[{m.group(0)}]]", passage)
    return ("\u2026" if start > 0 else "") + marked + ("\u2026" if end < len(text) else "")


def _near_misses(text: str, terms: list[str]) -> list[str]:
    """Words of the text within the typo distance of a long query word that the text lacks ('parentified')."""
    long = [t for t in terms if len(t) >= FUZZY_FROM and t.isalpha() and t not in text.lower()]
    if not long:
        return []
    found = set()
    for word in set(_WORD.findall(text[:200_000].lower())):
        for t in long:
            limit = 2 if len(t) >= FUZZY_TWO_FROM else 1
            if abs(len(word) - len(t)) <= limit and OSA.distance(word, t, score_cutoff=limit) <= limit:
                found.add(word)
    return sorted(found, key=len, reverse=True)
