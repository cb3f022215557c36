"""Concepts by the codes they map to: `GET /concepts?code=Z62.820` and the like.

A code is compared without its dot and in upper case, so `z62820`, `Z62.820` and `Z62820` are the same
code. The codes themselves are checked against the official code sets by kb.vocab.codesets (a development
tool); this module only reads the vocabulary.
"""

from __future__ import annotations

from kb.models import CodeSystem, Mapping
from kb.vocab.vocabulary import Vocabulary


def code_key(code: str) -> str:
    """'z62.820' -> 'Z62820'."""
    return code.replace(".", "").replace(" ", "").upper()


def concepts_with_code(vocab: Vocabulary, code: str, system: CodeSystem | None = None) -> list[str]:
    """Ids of the concepts with a mapping to `code` (in `system`, or in any), in vocabulary order."""
    key = code_key(code)
    return [
        c.id
        for c in vocab.concepts.values()
        if any(code_key(m.code) == key and (system is None or m.system == system) for m in c.mappings)
    ]


def mapped(vocab: Vocabulary, system: CodeSystem) -> list[tuple[str, Mapping]]:
    """(concept id, mapping) for every mapping into `system`."""
    return [(c.id, m) for c in vocab.concepts.values() for m in c.mappings if m.system == system]
