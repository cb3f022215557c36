"""`kb new vignette ID`: a commented skeleton of a vignette file, to fill in.

Every `<...>` is a place to write; until they are all filled, `kb validate` says which remain (a quote that is
not in the narrative, a concept that is not in the vocabulary). The comments say what each field takes.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from kb.errors import Conflict, InvalidInput
from kb.models import Slug

_SLUG: TypeAdapter[str] = TypeAdapter(Slug)

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new vignette. Fill in every <...>, delete what you do not need (fields marked "optional"), then run
#   kb validate {file}
# How to write one: vignettes/README.md. Concepts (roles, behaviors, patterns, interventions, outcomes)
# are ids, labels or synonyms from kb/vocab/vocabulary.yaml.

id: {id}                         # required; the file is named <id>.yaml
title: "<A short title, e.g. The Son Who Kept the Peace>"     # required
summary: >-                      # required: two to four sentences (who, which pattern, what happened)
  <First sentence>. <Second sentence>.
composite: true                  # required: true for a composite or fictional vignette
phases: [childhood, adulthood, therapy, follow-up]   # optional: short slugs, in story order

narrative: |                     # required: the story in prose; every evidence quote below is taken from it
  <Write the story here, in the past tense, as a clinician's case write-up.>

persons:                         # required: at least one
  - id: client                   # an id used only inside this file (letters, digits, '-' and '_')
    name: "<A pseudonym, e.g. Ravi>"   # required
    gender: unknown              # female | male | nonbinary | unknown
    age_band: adult              # child | adolescent | young-adult | adult | older-adult | unknown (at presentation)
    relations:                   # optional; written once, from either person: "<this person> is <type> <to>"
      - type: child_of           # mother_of, father_of, parent_of, son_of, daughter_of, sibling_of, ... (README)
        to: parent
        evidence: "<a quote from the narrative>"   # optional
  - id: parent
    name: "<A descriptor, e.g. Ravi's mother>"
  - id: therapist
    name: The therapist

roles:                           # optional list; each: person (required), role (required)
  - person: client               # its id is role-1 unless you give one (id: r-caretaker)
    role: "<a role, e.g. parentified child>"
    phase: childhood             # optional: one of `phases`
    evidence: "<a quote from the narrative>"   # a quote, or a list of quotes ["...", "..."]

behaviors:                       # optional list; each: person, behavior (required)
  - person: client               # id behavior-1
    behavior: "<a behavior, e.g. caretaking>"
    description: "<the vignette's own words, short>"   # optional
    phase: adulthood
    evidence: "<a quote from the narrative>"

patterns:                        # optional list; each: pattern (required)
  - pattern: "<a pattern, e.g. parentification>"      # id pattern-1
    persons: [client, parent]    # who is caught in it (one id, or a list)
    shown_by: [role-1, behavior-1]   # ids of the roles and behaviors that show it
    evidence: "<a quote from the narrative>"

interventions:                   # optional list; each: intervention (required)
  - intervention: "<an intervention, e.g. family therapy>"   # id intervention-1
    by: therapist                # optional: who provided it
    for: client                  # one id, or a list [client, parent]
    targets: [pattern-1]         # ids of the patterns, behaviors or roles it aimed at
    phase: therapy
    evidence: "<a quote from the narrative>"

outcomes:                        # optional list; each: outcome and result (required)
  - outcome: "<an outcome, e.g. healthier boundaries>"   # id outcome-1
    person: client
    after: [intervention-1]      # ids of the interventions it followed
    result: improved             # improved | mixed | unchanged | worse
    phase: follow-up
    evidence: "<a quote from the narrative>"
"""


def skeleton(vignette_id: str, schema: str) -> str:
    """The skeleton text for `vignette_id`, whose `$schema` line points at `schema` (relative to the file)."""
    return TEMPLATE.format(id=vignette_id, schema=schema, file=f"{vignette_id}.yaml")


def write_skeleton(vignette_id: str, folder: Path, schema_file: Path) -> Path:
    """Write `<folder>/<vignette_id>.yaml`; never over an existing file."""
    try:
        _SLUG.validate_python(vignette_id)
    except ValidationError:
        raise InvalidInput(
            f"{vignette_id!r} is not a vignette id: a slug of lower-case letters, digits and hyphens, "
            "such as ravi-and-his-father"
        ) from None
    path = folder / f"{vignette_id}.yaml"
    if path.exists():
        raise Conflict(f"{path} already exists; choose another id, or edit that file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        schema = Path(os.path.relpath(schema_file.resolve(), folder.resolve())).as_posix()
        path.write_text(skeleton(vignette_id, schema), encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from None
    return path
