"""Find what could identify a real person in a vignette's free text, before it is stored.

Composite vignettes must carry no real names, contact details, addresses, exact
dates, ages over 89 or record numbers. This module only reads text (no database):
`scan_vignette` looks at every free-text field of a vignette and returns one
`Finding` per suspicious span, with the field's path and the span's offsets inside
that field's text. kb.authoring.validate turns findings into problems for composite vignettes.

The kinds, in the order they claim text (a later kind never reports a span that
overlaps an earlier finding, so "2019-03-03" is a date and not also a phone):

- email, url (any address but the vignette's own source URL and its host),
- exact_date (a day-level date; a bare year, "March 2019" or "in her forties" pass),
- street_address (a house number and a street word, German "...straße 12", a PO box),
- age_over_89 ("92-year-old", "aged 93", "in his nineties"),
- id_number (a labelled record, MRN, SSN, NHS, case or file number, an SSN shape),
- phone (Google's libphonenumber, via `phonenumbers`, for US, GB and DE numbers),
- id_number again for any other run of six or more digits,
- full_name: two or more capitalised, name-like words ("Maria Gonzalez", a
  pseudonym with a surname added, "New York"), or a title with a name ("Dr. Smith").

Names are found by a careful heuristic, not a statistical model (spaCy's English
models are not published on PyPI by their makers): a run of capitalised words,
split at function words, that holds a word that is neither a declared person name,
nor a common capitalised word (months, weekdays, therapy and institution words,
the vocabulary's terms). Titles are written in title case, so there only the
"Dr. Smith" form counts. A surname that is also an English word is caught after a
declared pseudonym ("Mira Brown") or a title, not alone.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers

from kb.models import FACT_LISTS, Vignette

PHONE_REGIONS = ("US", "GB", "DE")
PHONE_BUDGET = 2_000  # characters libphonenumber reads per vignette (about 0.1 s); 80 numbers with context
EXCERPT_WIDTH = 40


@dataclass(frozen=True)
class Finding:
    kind: str
    path: str  # the field, e.g. "narrative" or "persons.2.name"
    start: int  # character span inside that field's text
    end: int
    excerpt: str  # the matched text, shortened

    def describe(self) -> str:
        return f"possible identifier ({self.kind}): {self.excerpt!r} at characters {self.start}-{self.end}"


# --------------------------------------------------------------------------- patterns

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_AGE = r"(?:9\d|1[01]\d)"
_NINETY = r"ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"

# Every pattern runs in time linear in the text (bench/identifiers.py pumps hostile texts through each):
# a match may start only where a run of the characters it scans starts (a lookbehind), so no stretch of
# text is scanned again from each of its positions; where a quantified part is followed by more pattern,
# it is possessive or atomic, so a failure gives nothing back to try again.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]++"
    r"|(?<![a-z0-9.-])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|info|io|co|uk|de|us|ca|au|fr|nl|me)\b"
    r"(?:/[^\s<>\"'()\[\]]*+)?",
    re.IGNORECASE,
)
_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"),  # March 3, 2019 / March 3rd
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?(?![\w])"),  # 3 March 2019 / 3rd of March
    re.compile(r"\b" + _YEAR + r"-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b"),  # 2019-03-03
    re.compile(r"\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](?:\d{4}|\d{2})\b"),  # 03/03/2019
]
_STREET_WORDS = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Court|Ct\.?"
    r"|Place|Pl\.?|Way|Terrace|Close|Crescent|Square|Sq\.?|Highway|Hwy\.?|Parkway|Pkwy\.?|Row|Gardens"
)
_ADDRESSES = [
    re.compile(rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{_STREET_WORDS})(?![\w])"),
    re.compile(
        r"\b[A-ZÄÖÜ][\wäöüß]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)"
        r"\s++\d{1,4}[a-z]?\b"
    ),
    re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+", re.IGNORECASE),
]
_AGES_IN_DIGITS = [
    re.compile(rf"\b{_AGE}[- ]?(?:years?|yrs?)[- ]old\b", re.IGNORECASE),
    re.compile(rf"\b{_AGE}-year\b", re.IGNORECASE),
    re.compile(rf"\b(?:aged?|at the age of|ages)\s+(?:of\s+)?{_AGE}\b", re.IGNORECASE),
    re.compile(r"\bin (?:her|his|their|my|your|our) (?:early |mid-?|late )?90s\b", re.IGNORECASE),
]
_AGES_IN_WORDS = [
    re.compile(rf"\b{_NINETY}[- ](?:years?[- ]old|year\b)", re.IGNORECASE),
    re.compile(rf"\b(?:aged?|at the age of)\s+{_NINETY}\b", re.IGNORECASE),
    re.compile(r"\bin (?:her|his|their|my|your|our) (?:early |mid-?|late )?(?:nineties|hundreds)\b", re.IGNORECASE),
    re.compile(r"\b(?:nonagenarian|centenarian)s?\b", re.IGNORECASE),
]
_ID_LABEL = (
    r"MRN|SSN|NHS|NINO|DOB|medical record|record|case|file|patient|chart|ID|account|policy|member"
    r"|reference|ref|claim|licen[cs]e|passport|insurance|social security|national insurance|client"
)
_LABELLED_ID = re.compile(
    rf"\b(?:{_ID_LABEL})\b\.?\s*+(?:(?:number|no\.?|num\.?|#|nr\.?)\s*+)?(?:[:#]\s*+)?"
    r"(?P<value>[A-Z0-9][A-Z0-9/-]*(?:\s\d{2,})*)(?![\w-])",
    re.IGNORECASE,
)
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_AGE_WORD_HINT = re.compile(r"ninet|hundreds|centenar", re.IGNORECASE)
_URL_HINT = re.compile(r"://|www\.|\.(?:com|org|net|edu|gov|info|io|co|uk|de|us|ca|au|fr|nl|me)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"(?<![\d,.])\d{6,}(?![\d,.]?\d)")
_PHONE_CANDIDATE = re.compile(r"[+(]?\d[\d \t().\-/]{4,}\d")
_NANP_SHAPE = re.compile(r"^(?:\(?\d{3}\)?[-.\s]?)?\d{3}[-.\s]\d{4}$")  # 555-0142, (212) 555-0142

# names ----------------------------------------------------------------------

# a capitalised word, with inner capitals, apostrophes and hyphens ("O'Brien", "Mary-Jane", "Donna's"): each
# part is atomic, so a word that fails at its end gives back whole parts only (the old form was exponential)
_TOKEN = re.compile(r"(?<![\w'’-])[A-Z][a-zà-öø-ÿ]*+(?>['’-]?[A-Z]?[a-zà-öø-ÿ]+)*(?![\w-])")
_RUN_GAP = re.compile(r"[ \t]*+(?:\n[ \t]*+)?(?:[A-Z]\.[ \t]++)?")  # a space, a line break, a middle initial
_HONORIFIC = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Doctor|Judge|Rev|Reverend|Officer|Nurse)\b\.?"
    r"[ \t]++(?=[A-Z])"
)
_ADVERB_ENDINGS = ("ally", "ually", "ately", "ently", "antly", "ously", "ively", "ingly", "edly", "fully")

_STOPWORDS = frozenset(
    """
a an the this that these those some any each every all both either neither no none another other such
i me my mine we us our you your he him his she her hers it its they them their theirs who whom whose which what
whatever whoever when where why how whenever wherever while whilst if unless until till because since though
although as than then so yet but and or nor not also only even just still too very quite rather almost
of in on at by to for from with without within into onto upon about above below under over after before
between among around through during against toward towards across behind beyond near off out up down
is am are was were be been being have has had do does did will would shall should can could may might must
one two three four five six seven eight nine ten eleven twelve first second third last next once twice
here there now today tonight yesterday tomorrow later soon afterwards afterward eventually finally meanwhile
again instead sometimes often always never ever perhaps maybe yes no oh okay ok please thank thanks dear
mom mum mother father dad daddy mommy mummy mama papa grandma grandpa granny grandmother grandfather
aunt auntie uncle sister brother son daughter cousin baby sir madam ma'am
everyone everybody someone somebody anyone anybody nobody nothing something anything everything
let lets let's like well most many few several much more less
""".split()
)

_COMMON = frozenset(_MONTHS) | frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays
saturdays sundays spring summer autumn fall winter christmas easter thanksgiving hanukkah ramadan passover
eid diwali halloween valentine valentine's eve day days night year years new holiday holidays birthday
god lord jesus bible church mass heaven
inner child children adult adults family families system systems internal therapy therapies therapist
group groups individual cognitive behavioral behavioural behavior behaviour dialectical emotionally emotion
emotions focused schema narrative exposure solution brief strategic structural motivational interviewing
acceptance commitment mindfulness based stress reduction anonymous alcoholics narcotics gamblers overeaters
codependents co-dependents debtors step steps program programme programs center centre clinic hospital
school schools high middle elementary primary secondary college university campus services service
protective social court department health mental care unit emergency room ward team treatment recovery
rehab rehabilitation counseling counselling counselor counsellor support parenting parent parents workshop
class course meeting meetings attachment trauma trauma-focused informed gestalt psychodynamic
psychoanalytic person-centered person-centred humanistic existential compassion compassion-focused
interpersonal couples couple marriage marital emdr desensitization reprocessing movement eye
skills skill training adverse childhood experience experiences
""".split()
)

_THINGS = frozenset(
    """
method model approach technique protocol theory therapy exercise program programme scale index inventory
test questionnaire checklist interview assessment syndrome disorder effect complex triangle triad cycle wheel
principle rule law
""".split()
)  # a run holding one of these names a thing after a person: "Beck Depression Inventory", "Gottman Method"


_POSSESSIVE = ("'s", "’s")


def _bare(word: str) -> str:
    """The word without a possessive 's."""
    return word[:-2] if word.endswith(_POSSESSIVE) else word


def _norm(word: str) -> str:
    return _bare(word).lower()


@lru_cache(maxsize=64)
def _name_words(names: tuple[str, ...]) -> frozenset[str]:
    """The capitalised words of the declared person names ("Donna's mother" -> {'donna'})."""
    return frozenset(_norm(t.group()) for n in names for t in _TOKEN.finditer(n) if _norm(t.group()) not in _STOPWORDS)


def vocabulary_words(terms: Iterable[str]) -> frozenset[str]:
    """The words of vocabulary terms, which are never names ("Inner Child Work", "Al-Anon")."""
    return frozenset(w.lower() for term in terms for w in re.findall(r"[A-Za-z][\w'’-]*", term))


# --------------------------------------------------------------------------- scanning


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_WIDTH else text[: EXCERPT_WIDTH - 1] + "\u2026"


def _host(url: str) -> str:
    parsed = urlsplit(url if "://" in url else f"http://{url}")
    host = (parsed.hostname or "").lower()
    return host.removeprefix("www.")


def _emails(text: str) -> Iterator[tuple[int, int]]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end()


def _urls(text: str, source_host: str | None) -> Iterator[tuple[int, int]]:
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?")
        if source_host and _host(url) == source_host:
            continue
        yield m.start(), m.start() + len(url)


def _spans(patterns: list[re.Pattern[str]], text: str) -> Iterator[tuple[int, int]]:
    for pattern in patterns:
        for m in pattern.finditer(text):
            yield m.start(), m.end()


def _dates(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _spans(_DATES, text):
        if re.fullmatch(r"[\d/.-]+", text[start:end]) and not _plausible_numeric_date(text[start:end]):
            continue
        yield start, end


def _plausible_numeric_date(s: str) -> bool:
    """'03/03/2019' or '2019-03-03' yes; '3.5.2' or version-like '1.2.33' not day-level."""
    parts = re.split(r"[/.-]", s)
    if len(parts[0]) == 4:
        return True
    first, second = int(parts[0]), int(parts[1])
    return (first <= 12 or second <= 12) and (len(parts[2]) in (2, 4))


def _phones(text: str, budget: PhoneBudget) -> Iterator[tuple[int, int]]:
    """Numbers valid in one of PHONE_REGIONS, or of the fictional-but-typical NANP shape (555-0142).

    libphonenumber's matcher runs only on the stretches that hold six or more digits
    (with a little context), which keeps prose without such numbers fast; a long
    stretch is read in overlapping windows. The matcher is slow (about 50 µs a
    character), so it reads at most PHONE_BUDGET characters of a vignette: past that,
    every further such stretch counts as a possible phone number, unread.
    """
    seen: set[tuple[int, int]] = set()
    for cand in _PHONE_CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in cand.group()) < 6 or cand.group().isdigit():
            continue  # too few digits; or one bare run of them, an id_number (see `plain` below)
        if budget.left <= 0:
            yield cand.start(), cand.end()
            continue
        for offset, window, inner in _phone_windows(text, max(0, cand.start() - 3), cand.end() + 3):
            if budget.left <= 0:
                yield max(offset, cand.start()), cand.end()  # the rest of the stretch, unread
                break
            budget.left -= len(window)
            for match in _matches(window):
                span = (offset + match.start, offset + match.end)
                if not (inner[0] <= span[0] and span[1] <= inner[1]):
                    continue  # too near where the window cuts the stretch: a later or earlier window has it whole
                groups = re.findall(r"\d+", re.sub(r"^\+\d{1,3}", "", match.raw_string))
                plain = len(groups) == 1 and match.raw_string[0].isdigit()
                if span in seen or plain or sum(map(len, groups)) < 6 or min(map(len, groups)) < 2:
                    continue  # short numbers, bare digit runs (id_number), shapes like '3-000001' no phone has
                if phonenumbers.is_valid_number(match.number) or _NANP_SHAPE.match(match.raw_string):
                    seen.add(span)
                    yield span


@dataclass
class PhoneBudget:
    """What is left of PHONE_BUDGET: one for all the fields of a vignette."""

    left: int = PHONE_BUDGET


_PHONE_WINDOW, _PHONE_STEP, _PHONE_MARGIN = 96, 48, 4  # whole in some window: any number of up to 40 characters


def _phone_windows(text: str, lo: int, hi: int) -> Iterator[tuple[int, str, tuple[int, int]]]:
    """Windows over text[lo:hi]: (offset, text, the span a match must lie in: away from the cuts)."""
    hi = min(hi, len(text))
    start = lo
    while True:
        end = min(hi, start + _PHONE_WINDOW)
        inner = (start if start == lo else start + _PHONE_MARGIN, end if end == hi else end - _PHONE_MARGIN)
        yield start, text[start:end], inner
        if end == hi:
            return
        start += _PHONE_STEP


def _matches(window: str) -> Iterator[phonenumbers.PhoneNumberMatch]:
    for region in PHONE_REGIONS:
        yield from phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.POSSIBLE)


def _labelled_ids(text: str) -> Iterator[tuple[int, int]]:
    """'MRN 00482913', 'case no. 2019-4471', 'NHS number 943 476 5919', an SSN; not 'case 12' or 'policy 2019'."""
    for m in _LABELLED_ID.finditer(text):
        value = m.group("value")
        digits = sum(c.isdigit() for c in value)
        if digits and len(value.replace(" ", "")) >= 4 and not re.fullmatch(_YEAR + "s?", value):
            yield m.start(), m.end()
    yield from _spans([_SSN], text)


def _digit_runs(text: str) -> Iterator[tuple[int, int]]:
    for m in _DIGIT_RUN.finditer(text):
        yield m.start(), m.end()


def _is_sentence_start(text: str, pos: int) -> bool:
    """Whether `pos` starts the text, a sentence, a quote or a paragraph."""
    before = text[max(0, pos - 200) : pos]
    stripped = before.rstrip()
    return not stripped or stripped[-1] in '.!?:;"“”([' or "\n\n" in before[len(stripped) :].replace(" ", "")


def _name_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words joined only by spaces (a middle initial allowed), split at function words."""
    run: list[re.Match[str]] = []
    for tok in _TOKEN.finditer(text):
        word = _norm(tok.group())
        joined = (
            bool(run)
            and _RUN_GAP.fullmatch(text, run[-1].end(), tok.start()) is not None
            and not run[-1].group().endswith(_POSSESSIVE)
        )
        if not joined:
            yield run
            run = []
        if word in _STOPWORDS or len(word) < 2:
            yield run
            run = []
            continue
        run.append(tok)
    yield run


def _names(text: str, allowed: frozenset[str], common: frozenset[str], title_case: bool) -> Iterator[tuple[int, int]]:
    for m in _HONORIFIC.finditer(text):
        tok = _TOKEN.match(text, m.end())
        if tok and _norm(tok.group()) not in allowed and _norm(tok.group()) not in _STOPWORDS:
            yield m.start(), tok.start() + len(_bare(tok.group()))
    if title_case:
        return
    for run in _name_runs(text):
        if (
            run
            and _is_sentence_start(text, run[0].start())
            and (run[0].group().endswith(_ADVERB_ENDINGS) or run[0].group().endswith("ing"))
        ):
            run = run[1:]  # "Gradually Julian", "Using Maria's..." : a sentence-initial adverb or gerund
        if len(run) < 2:
            continue
        words = [_norm(t.group()) for t in run]
        if _THINGS.intersection(words):
            continue
        after_pseudonym = any(w in allowed and nxt not in allowed for w, nxt in itertools.pairwise(words))
        unknown = [w for w in words if w not in allowed and w not in common and not w.endswith(_ADVERB_ENDINGS)]
        if unknown or after_pseudonym:
            yield run[0].start(), run[-1].start() + len(_bare(run[-1].group()))


def scan_text(
    text: str,
    path: str,
    allowed_names: Iterable[str] = (),
    *,
    source_url: str | None = None,
    common_words: frozenset[str] = frozenset(),
    title_case: bool = False,
    phone_budget: PhoneBudget | None = None,
) -> list[Finding]:
    """Every possible identifier in one field's text, in text order.

    `allowed_names` are the vignette's declared person names (their words are never a
    finding); `source_url` and its host may appear; `common_words` are words never
    taken for names (the vocabulary's); `title_case` text (a title) is checked for
    names only in the "Dr. Smith" form. `phone_budget` may be shared by the fields of one vignette.
    """
    allowed = _name_words(tuple(allowed_names))
    source_host = _host(source_url) if source_url else None
    has_digits = _DIGIT.search(text) is not None  # most kinds need a digit: skip their patterns without one
    detectors: list[tuple[str, Iterable[tuple[int, int]]]] = [
        ("email", _emails(text) if "@" in text else ()),
        ("url", _urls(text, source_host) if _URL_HINT.search(text) else ()),
        ("exact_date", _dates(text) if has_digits else ()),
        ("street_address", _spans(_ADDRESSES, text) if has_digits else ()),
        ("age_over_89", _spans(_AGES_IN_DIGITS, text) if has_digits else ()),
        ("age_over_89", _spans(_AGES_IN_WORDS, text) if _AGE_WORD_HINT.search(text) else ()),
        ("id_number", _labelled_ids(text) if has_digits else ()),
        ("phone", _phones(text, phone_budget or PhoneBudget()) if has_digits else ()),
        ("id_number", _digit_runs(text) if has_digits else ()),
        ("full_name", _names(text, allowed, _common(common_words), title_case)),
    ]
    starts: list[int] = []  # the spans taken so far, disjoint, so sorted by start and by end alike
    ends: list[int] = []
    kept: list[Finding] = []
    for kind, spans in detectors:
        for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):  # the longest at each start
            at = bisect.bisect_left(starts, end)  # the spans before `at` start before this one ends
            if at and ends[at - 1] > start:
                continue  # the last of them (which ends last) overlaps it
            starts.insert(at, start)
            ends.insert(at, end)
            kept.append(Finding(kind, path, start, end, _short(text[start:end])))
    return sorted(kept, key=lambda f: (f.start, f.end))


@lru_cache(maxsize=8)
def _common(common_words: frozenset[str]) -> frozenset[str]:
    return _COMMON | common_words


def _fields(v: Vignette) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, text) of every free-text field: title, summary, narrative, names, descriptions, evidence.

    The source (an article's title, author and address) is a citation, not the case, and is not scanned.
    """
    yield ("title",), v.title
    yield ("summary",), v.summary
    yield ("narrative",), v.narrative

    def evidence(loc: tuple[str | int, ...], quotes: list[str]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        for j, q in enumerate(quotes):
            yield ((*loc, "evidence", j) if len(quotes) > 1 else (*loc, "evidence")), q

    for i, p in enumerate(v.persons):
        yield ("persons", i, "name"), p.name
        for j, r in enumerate(p.relations):
            yield from evidence(("persons", i, "relations", j), r.evidence)
    for list_name in FACT_LISTS:
        for i, fact in enumerate(getattr(v, list_name)):
            description = getattr(fact, "description", None)
            if description:
                yield (list_name, i, "description"), description
            yield from evidence((list_name, i), fact.evidence)


def scan_vignette(v: Vignette, common_words: frozenset[str] = frozenset()) -> list[Finding]:
    """Every possible identifier in the vignette's free text, field by field."""
    names = [p.name for p in v.persons]
    source_url = v.source.url if v.source else None
    budget = PhoneBudget()
    return [
        f
        for loc, text in _fields(v)
        for f in scan_text(
            text,
            ".".join(map(str, loc)),
            names,
            source_url=source_url,
            common_words=common_words,
            title_case=loc == ("title",),
            phone_budget=budget,
        )
    ]
