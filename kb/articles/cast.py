"""The persons of a case story: its client, the relatives and helpers named by their tie to the client
("her mother", "donna 's father", "one of his teachers", "her college counselor"), and the therapist
(named so, or the narrator: "came to see me", "we began"). Each with a gender, an age band, the relation
to the client and the words that show it.

A kinship word counts when the client owns it: "her"/"his" (of the client's gender), the client's name
with "'s", or "the"; at most two words may stand between ("her younger brother", "her college
counselor"). "My mother" is the narrator's, "your mother" the reader's: neither is a person of the story.
Every place a person is named is kept (`refs`), so that the facts can be given to the right person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kb.articles.passage import english_words

# word -> (person id, relation "<person> is <type> <client>", gender, label)
KIN: dict[str, tuple[str, str, str, str]] = {
    "mother": ("mother", "mother_of", "female", "mother"),
    "mom": ("mother", "mother_of", "female", "mother"),
    "mum": ("mother", "mother_of", "female", "mother"),
    "mommy": ("mother", "mother_of", "female", "mother"),
    "father": ("father", "father_of", "male", "father"),
    "dad": ("father", "father_of", "male", "father"),
    "daddy": ("father", "father_of", "male", "father"),
    "stepmother": ("stepmother", "stepparent_of", "female", "stepmother"),
    "stepfather": ("stepfather", "stepparent_of", "male", "stepfather"),
    "sister": ("sister", "sibling_of", "female", "sister"),
    "brother": ("brother", "sibling_of", "male", "brother"),
    "husband": ("husband", "spouse_of", "male", "husband"),
    "wife": ("wife", "spouse_of", "female", "wife"),
    "boyfriend": ("boyfriend", "partner_of", "male", "boyfriend"),
    "girlfriend": ("girlfriend", "partner_of", "female", "girlfriend"),
    "partner": ("partner", "partner_of", "unknown", "partner"),
    "fiance": ("fiance", "partner_of", "male", "fiancé"),
    "fiancé": ("fiance", "partner_of", "male", "fiancé"),
    "fiancee": ("fiancee", "partner_of", "female", "fiancée"),
    "son": ("son", "son_of", "male", "son"),
    "daughter": ("daughter", "daughter_of", "female", "daughter"),
    "grandmother": ("grandmother", "grandparent_of", "female", "grandmother"),
    "grandma": ("grandmother", "grandparent_of", "female", "grandmother"),
    "grandfather": ("grandfather", "grandparent_of", "male", "grandfather"),
    "grandpa": ("grandfather", "grandparent_of", "male", "grandfather"),
    "aunt": ("aunt", "relative_of", "female", "aunt"),
    "uncle": ("uncle", "relative_of", "male", "uncle"),
    "teacher": ("teacher", "teacher_of", "unknown", "teacher"),
    "counselor": ("counselor", "counselor_of", "unknown", "counselor"),
    "counsellor": ("counselor", "counselor_of", "unknown", "counselor"),
    "therapist": ("therapist", "therapist_of", "unknown", "therapist"),
    "psychotherapist": ("therapist", "therapist_of", "unknown", "therapist"),
    "sponsor": ("sponsor", "sponsor_of", "unknown", "sponsor"),
    "coach": ("coach", "mentor_of", "unknown", "coach"),
    "mentor": ("mentor", "mentor_of", "unknown", "mentor"),
    "friend": ("friend", "friend_of", "unknown", "friend"),
}
PLURAL = {
    "teachers": "teacher",
    "counselors": "counselor",
    "friends": "friend",
    "sisters": "sister",
    "brothers": "brother",
}
PARENTS = {"mother", "father", "stepmother", "stepfather"}
FEMALE = {"she", "her", "hers", "herself"}
MALE = {"he", "him", "his", "himself"}
NARRATOR = (
    re.compile(r"\b(?:came|come|comes|coming) to (?:see|me)\b"),
    re.compile(r"\b(?:to see me|referred to me|in my office|my office|with me in therapy|in our sessions?)\b"),
    re.compile(r"\b(?:we began|we started|we worked|in our work|i suggested|i asked her|i asked him|i noticed)\b"),
)
OLDER = {"mother", "father", "stepmother", "stepfather", "grandmother", "grandfather", "aunt", "uncle"}


@dataclass
class Person:
    id: str
    name: str
    gender: str
    age_band: str
    relation: str | None = None  # "<this person> is <relation> <client>"
    evidence: str | None = None
    refs: list[tuple[int, int]] = field(default_factory=list)  # token spans that name this person
    is_parent: bool = False


@dataclass
class Cast:
    client: Person | None
    persons: list[Person]
    ref_at: dict[int, str] = field(default_factory=dict)  # token index (head of a reference) -> person id

    def get(self, pid: str) -> Person | None:
        return next((p for p in self.persons if p.id == pid), None)

    @property
    def parents(self) -> list[Person]:
        return [p for p in self.persons if p.is_parent]

    @property
    def therapist(self) -> Person | None:
        return self.get("therapist")


def _gender(doc: Doc) -> str:
    counts = Counter("female" if t.lower_ in FEMALE else "male" for t in doc if t.lower_ in FEMALE | MALE)
    if not counts:
        return "unknown"
    (top, n), *rest = counts.most_common()
    return top if not rest or n >= 1.5 * rest[0][1] else "unknown"


def _age_band(doc: Doc) -> str:
    head = doc[: min(len(doc), 120)].text.lower()
    ages = [int(a) for a in re.findall(r"\b(\d{1,2})[- ]year[- ]old\b", head)]
    if ages:
        a = ages[0]
        return (
            "child"
            if a < 13
            else "adolescent"
            if a < 18
            else "young-adult"
            if a < 26
            else "adult"
            if a < 65
            else "older-adult"
        )
    if re.search(r"\b(teenager|adolescent|high school|teen)\b", head):
        return "adolescent"
    if re.search(r"\b(college student|university student|freshman|in (?:her|his) (?:early )?twenties)\b", head):
        return "young-adult"
    if re.search(r"\b(?:in (?:her|his) (?:sixties|seventies|eighties)|retired)\b", head):
        return "older-adult"
    return "adult"


def _quote(doc: Doc, start: int, end: int, reach: int = 6) -> str:
    """The words around tokens [start, end), within their sentence: a short evidence quote."""
    sent = doc[start].sent
    lo, hi = max(sent.start, start - reach), min(sent.end, end + reach)
    span: Span = doc[lo:hi]
    return span.text.strip()


def find_cast(doc: Doc, client_name: str | None) -> Cast:
    """The persons of a story (its narrative parsed), the client first."""
    gender = _gender(doc)
    own = {"her"} if gender == "female" else {"his"} if gender == "male" else {"her", "his"}
    persons: dict[str, Person] = {}
    ref_at: dict[int, str] = {}
    client = None
    if client_name:
        display = client_name if client_name[0].isupper() else client_name.capitalize()
        client = Person(_slug(client_name), display, gender, _age_band(doc))
        persons[client.id] = client
        for t in doc:
            if t.lower_ == client_name.lower():
                client.refs.append((t.i, t.i + 1))
                ref_at[t.i] = client.id
    for t in doc:
        word = PLURAL.get(t.lower_, t.lower_)
        if word not in KIN or (t.lower_ in PLURAL and not _one_of(doc, t.i)):
            continue
        owner = _owner(doc, t.i, own, client_name)
        if owner is None:
            continue
        lo = owner
        if doc[t.i + 1 : t.i + 2].text in {"'s", "’s"} and t.i + 2 < len(doc) and doc[t.i + 2].lower_ in KIN:
            continue  # "her mother 's boyfriend": the first is the client's; the second is not
        pid, relation, kin_gender, label = KIN[word]
        if pid == "therapist" and client is None:
            continue
        person = persons.get(pid)
        if person is None:
            owner_name = client.name if client else "the client"
            person = Person(
                pid,
                f"{owner_name}'s {label}",
                kin_gender,
                "older-adult"
                if pid.startswith("grand")
                else "adult"
                if pid in OLDER or pid in {"teacher", "counselor", "therapist", "coach", "mentor", "sponsor"}
                else "unknown",
                relation,
                _quote(doc, lo, t.i + 1, 4),
                is_parent=pid in PARENTS,
            )
            persons[pid] = person
        person.refs.append((lo, t.i + 1))
        ref_at[t.i] = pid
    if client and "therapist" not in persons:
        narrator = _narrator(doc)
        if narrator:
            persons["therapist"] = Person(
                "therapist", f"{client.name}'s therapist", "unknown", "adult", "therapist_of", narrator
            )
    ordered = ([client] if client else []) + [p for pid, p in persons.items() if not client or pid != client.id]
    return Cast(client, ordered, ref_at)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "client"


def _one_of(doc: Doc, i: int) -> bool:
    """'one of her teachers': a plural kin word names one person only after 'one of'."""
    return "one of" in doc[max(0, i - 5) : i].text.lower()


def _owner(doc: Doc, i: int, own: set[str], client_name: str | None) -> int | None:
    """The token where the client's ownership of the kin word at i starts ("her", "donna 's", "the"), or None."""
    for back in range(1, 4):  # the owner, then at most two words between
        j = i - back
        if j < 0:
            return None
        word = doc[j].lower_
        if word in own or (word == "the" and back == 1 and doc[i].lower_ in PARENTS):
            return j  # "the father remarried"; but "the best daughter" is no one's daughter in particular
        if word in {"'s", "’s"} and j > 0 and client_name and doc[j - 1].lower_ == client_name.lower():
            return j - 1
        if word in {"my", "your", "our", "their", "a", "an", "his", "her", "its"} or word in KIN or not doc[j].is_alpha:
            return None
        if word not in english_words():
            return None  # another name between: "mark 's mother"
    return None


def _narrator(doc: Doc) -> str | None:
    """The words that show the narrator is the client's therapist, if any."""
    text = doc.text
    lowered = text.lower()
    for pattern in NARRATOR:
        m = pattern.search(lowered)
        if m:
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                return _quote(doc, span.start, span.end, 5)
    return None
