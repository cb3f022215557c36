"""One stored vignette as the YAML file an editor starts from, with the version a save must name.

The text is what `kb export` writes for it (so saving it unchanged changes nothing), and the
version is read in the same query, so an edit is always based on the text it was read with.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.authoring.yamlsource import dump_yaml
from kb.errors import UnknownVignette
from kb.store.db import Database
from kb.writing.exchange import vignette_doc


@dataclass(frozen=True)
class VignetteSource:
    id: str
    version: str
    text: str


def vignette_source(db: Database, vignette_id: str) -> VignetteSource:
    rows = db.read("vignette_export", id=vignette_id)
    if not rows:
        raise UnknownVignette(vignette_id)
    return VignetteSource(id=rows[0]["id"], version=rows[0]["version"], text=dump_yaml(vignette_doc(rows[0])))
