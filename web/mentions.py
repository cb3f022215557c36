"""An article's text cut into runs: plain words, and the words of each concept mention (kb.articles.tagging)."""

from __future__ import annotations

from dataclasses import dataclass

from kb.articles.models import MentionOut


@dataclass(frozen=True)
class Run:
    text: str
    mention: MentionOut | None  # the mention these words are, or None for plain words


def runs(text: str, mentions: list[MentionOut]) -> list[Run]:
    """The text as consecutive runs; mentions out of range or overlapping an earlier one are left unmarked
    (the matcher gives neither: each token belongs to one mention at most)."""
    out: list[Run] = []
    at = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < at or not (0 <= m.start < m.end <= len(text)):
            continue
        if m.start > at:
            out.append(Run(text[at : m.start], None))
        out.append(Run(text[m.start : m.end], m))
        at = m.end
    if at < len(text):
        out.append(Run(text[at:], None))
    return out
