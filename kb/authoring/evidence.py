"""Find an evidence quote in a narrative, tolerant of case, whitespace and the spacing around punctuation.

Both texts are compared with every whitespace character removed, lower-cased,
and typographic quotes and dashes made plain, so "donna's mother" matches the
tokenized "donna 's mother" and "didn't" matches "did n't". The offsets returned
are those of the original narrative.
"""

from __future__ import annotations

from dataclasses import dataclass

_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class Narrative:
    """A narrative prepared once for many quote look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        self._offsets: list[int] = []
        for i, ch in enumerate(text.translate(_PLAIN).lower()):
            if not ch.isspace():
                chars.append(ch)
                self._offsets.append(i)
        self._flat = "".join(chars)

    def locate(self, quote: str) -> Span | None:
        """The span of the first occurrence of `quote`, or None."""
        needle = "".join(quote.translate(_PLAIN).lower().split())
        if not needle:
            return None
        at = self._flat.find(needle)
        if at < 0:
            return None
        return Span(self._offsets[at], self._offsets[at + len(needle) - 1] + 1)
