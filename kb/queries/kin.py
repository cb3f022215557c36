"""Family words as vignette filters: "a son", "their mom", "father and daughter" filter on RELATED_TO and genders.

A filter is one family word ("son": someone's son) or two joined by "and"
("father and daughter": a father and his daughter, in one relation). It becomes
the relation types that may hold between the two persons (in either direction:
a vignette may state "Adam father_of Mia", "Mia daughter_of Adam" or both) and the
gender each side must have; a person whose gender is unknown counts for the
gender its relation type implies (the from-person of mother_of is a woman).
"""

from __future__ import annotations

import re
from typing import Any

from kb.answers import KinFilter
from kb.errors import InvalidInput
from kb.queries.ask_words import KIN_WORDS, LAY_WORDS, Kin

MAX_KIN = 5  # family filters per listing

# relation -> (types from side a to side b, types from side b to side a)
RELATION_TYPES: dict[str, tuple[list[str], list[str]]] = {
    "parent-child": (["mother_of", "father_of", "parent_of"], ["daughter_of", "son_of", "child_of"]),
    "sibling": (["sibling_of", "half_sibling_of"], ["sibling_of", "half_sibling_of"]),
    "partner": (["spouse_of", "partner_of"], ["spouse_of", "partner_of"]),
    "grandparent-grandchild": (["grandparent_of"], ["grandchild_of"]),
}
IMPLIED_GENDER = {"mother_of": "female", "father_of": "male", "daughter_of": "female", "son_of": "male"}
CANONICAL = {  # (relation, side, gender) -> the word shown
    ("parent-child", "a", "female"): "mother",
    ("parent-child", "a", "male"): "father",
    ("parent-child", "a", None): "parent",
    ("parent-child", "b", "male"): "son",
    ("parent-child", "b", "female"): "daughter",
    ("parent-child", "b", None): "child",
    ("sibling", "a", "male"): "brother",
    ("sibling", "a", "female"): "sister",
    ("sibling", "a", None): "sibling",
    ("partner", "a", "male"): "husband",
    ("partner", "a", "female"): "wife",
    ("partner", "a", None): "partner",
    ("grandparent-grandchild", "a", "female"): "grandmother",
    ("grandparent-grandchild", "a", "male"): "grandfather",
    ("grandparent-grandchild", "a", None): "grandparent",
    ("grandparent-grandchild", "b", "male"): "grandson",
    ("grandparent-grandchild", "b", "female"): "granddaughter",
    ("grandparent-grandchild", "b", None): "grandchild",
}
_JOIN = re.compile(r"\s*(?:\band\b|&|\+|:|/)\s*")


def kin_word(word: str) -> Kin | None:
    """The family word `word` is ('mother', "mother's", 'moms', 'kids'), or None."""
    w = word.lower().strip().removesuffix("'s").removesuffix("'")
    return KIN_WORDS.get(LAY_WORDS.get(w, w))


def canonical(k: Kin) -> str:
    return CANONICAL[(k.relation, k.side, k.gender)]


def pair_words(kins: list[Kin]) -> list[str]:
    """Family words in question order, as filters: a parent word and a child word (or two siblings, two partners,
    a grandparent and a grandchild) make one pair; a plural sibling or partner word is a pair by itself."""
    out: list[str] = []
    left = list(kins)
    while left:
        k = left.pop(0)
        mate = next(
            (m for m in left if m.relation == k.relation and (k.relation in _SYMMETRIC or m.side != k.side)), None
        )
        if mate is not None:
            left.remove(mate)
            a, b = (k, mate) if k.side == "a" or k.relation in _SYMMETRIC else (mate, k)
            out.append(f"{canonical(a)} and {canonical(b)}")
        elif k.plural and k.relation in _SYMMETRIC:
            out.append(f"{canonical(k)} and {canonical(k)}")
        else:
            out.append(canonical(k))
    return list(dict.fromkeys(out))


_SYMMETRIC = {"sibling", "partner"}


def parse_kin(words: str) -> KinFilter:
    """'father and daughter', 'son', 'their mom' -> a KinFilter; raises InvalidInput naming the parameter `kin`."""
    raw = " ".join(words.lower().split())
    raw = re.sub(r"\b(?:a|an|the|his|her|their|its|my|our|your|one's)\b\s*", "", raw).strip()
    parts = [p for p in _JOIN.split(raw) if p]
    kins = [kin_word(p) for p in parts]
    if not parts or len(parts) > 2 or any(k is None for k in kins):
        known = ", ".join(sorted({canonical(k) for k in KIN_WORDS.values()}))
        raise KinError(f"kin: {words!r} is not one family word or two joined by 'and'; family words: {known}")
    found = [k for k in kins if k is not None]
    if len(found) == 2:
        a, b = found
        if a.relation != b.relation or (a.relation not in _SYMMETRIC and a.side == b.side):
            raise KinError(f"kin: {words!r}: a {canonical(a)} and a {canonical(b)} are not two sides of one relation")
        if a.side == "b" and a.relation not in _SYMMETRIC:
            a, b = b, a
        return KinFilter(words=f"{canonical(a)} and {canonical(b)}", relation=a.relation, a=a.gender, b=b.gender)
    k = found[0]
    if k.plural and k.relation in _SYMMETRIC:
        return KinFilter(words=f"{canonical(k)} and {canonical(k)}", relation=k.relation, a=k.gender, b=k.gender)
    gender_a, gender_b = (k.gender, None) if k.side == "a" else (None, k.gender)
    return KinFilter(words=canonical(k), relation=k.relation, a=gender_a, b=gender_b)


def kin_params(filters: list[KinFilter]) -> list[dict[str, Any]]:
    """The filters as the catalogue's queries take them: relation types each way and the genders of the sides."""
    out = []
    for f in filters:
        forward, backward = RELATION_TYPES[f.relation]
        out.append({"forward": forward, "backward": backward, "a": f.a, "b": f.b})
    return out


class KinError(InvalidInput):
    def details(self) -> dict[str, Any]:
        return {"parameter": "kin"}
