"""What a vignette document may hold, checked while it is read and before anything walks it.

A request body or a file is read with a bounded amount of work: a YAML or JSON
document nested deeper than MAX_DEPTH, holding more than MAX_NODES values, a
number longer than MAX_NUMBER_CHARS or more than MAX_TEXT_CHARS characters in
all is refused with a message that names the limit, and YAML anchors and
aliases are refused outright (a vignette never needs them, and a few hundred
bytes of nested aliases stand for billions of values). YAML and JSON read the
same documents: a key given twice in one mapping is refused in both, and so is
any control or invisible character (NUL, the bidirectional overrides that can
make text read other than it is stored, zero-width spaces and joiners, soft
hyphens) in any text. A checked document lists at most MAX_PROBLEMS problems.
"""

from __future__ import annotations

import re
import unicodedata

from kb.errors import InvalidInput

MAX_DEPTH = 16  # a vignette nests 6 levels deep (relations' evidence lists)
MAX_NODES = 10_000  # values and keys; the largest vignette of vignettes/ has under 1,000
MAX_NUMBER_CHARS = 50  # a vignette holds no number at all; Python refuses ints past 4,300 digits
MAX_TEXT_CHARS = 2_000_000  # the API's body limit (1 MB) is lower; a narrative has at most 200,000
MAX_PROBLEMS = 100  # listed per document; the rest are counted

# Unicode's control (Cc) and format (Cf) characters, surrogates, and the line and paragraph
# separators, but tab, line feed and carriage return (a test checks this against unicodedata).
HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


class TooLarge(InvalidInput):
    """A document past one of the limits above; the message names the limit and where it was reached."""

    code = "document_too_large"


def hidden_character(text: str) -> str | None:
    """A message for the first control or invisible character of `text`, or None if it has none."""
    m = HIDDEN.search(text)
    if m is None:
        return None
    ch = m.group()
    name = unicodedata.name(ch, "a control character")
    return (
        f"character U+{ord(ch):04X} ({name}) at position {m.start()} is not accepted: control and invisible "
        "characters can hide or reorder text; remove it"
    )


def number_too_long(literal: str) -> str | None:
    """A message for a number written with more than MAX_NUMBER_CHARS characters, or None."""
    if len(literal) <= MAX_NUMBER_CHARS:
        return None
    return (
        f"a number of {len(literal)} characters; at most {MAX_NUMBER_CHARS} are accepted "
        "(put text in quotes if it is text)"
    )


def too_deep(where: str) -> str:
    return f"{where} nests deeper than {MAX_DEPTH} levels, the most a vignette may (a vignette needs 6)"


def too_many_nodes(where: str) -> str:
    return f"{where} holds more than {MAX_NODES:,} values and keys, the most a vignette may"


def too_long(where: str, chars: int) -> str:
    return f"{where} has {chars:,} characters; at most {MAX_TEXT_CHARS:,} are accepted"


_NAME_LIMIT = 10


def some(names: list[str]) -> str:
    """At most a few names joined for a message ("a, b, c and 12 more"): messages stay short whatever the input."""
    if len(names) <= _NAME_LIMIT:
        return ", ".join(names)
    return f"{', '.join(names[:_NAME_LIMIT])} and {len(names) - _NAME_LIMIT:,} more"
