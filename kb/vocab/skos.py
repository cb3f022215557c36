"""The vocabulary as a SKOS concept scheme (rdflib), for thesaurus tools, Protégé, Skosmos and the like.

Every concept is a `skos:Concept` of the scheme `https://w3id.org/casevignette-kb/vocab`, at
`https://w3id.org/casevignette-kb/vocab/<concept id>`, with its label (`skos:prefLabel`), synonyms
(`skos:altLabel`), definition, broader and narrower concepts (both directions written), related concepts
(both directions), and its id as `skos:notation`. Each kind (patterns, roles, ...) is a `skos:Collection`.

Codes are `skos:Concept`s of their own code set's scheme (`.../vocab/code/icd-10-cm/Z62.820` in
`.../vocab/code/icd-10-cm`), with the code as `skos:notation` and its official title as `skos:prefLabel`;
a concept reaches them with `skos:exactMatch`, `closeMatch`, `broadMatch`, `narrowMatch` or
`relatedMatch`, as its mapping's `match` says. A mapping's note becomes a `skos:note` of the concept.
Concept ids hold no `/`, so none can clash with `code/...` or `kind/...`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, Namespace, URIRef

from kb.models import CodeSystem, ConceptKind, Match
from kb.vocab.vocabulary import Vocabulary

NAMESPACE = Namespace("https://w3id.org/casevignette-kb/vocab/")
SCHEME = URIRef("https://w3id.org/casevignette-kb/vocab")
LANG = "en"

_MATCH = {
    Match.exact: SKOS.exactMatch,
    Match.close: SKOS.closeMatch,
    Match.broad: SKOS.broadMatch,
    Match.narrow: SKOS.narrowMatch,
    Match.related: SKOS.relatedMatch,
}
_CODE_SET_TITLES = {
    CodeSystem.icd10cm: "ICD-10-CM (International Classification of Diseases, Tenth Revision, Clinical Modification)",
    CodeSystem.icd10: "ICD-10 (International Classification of Diseases, Tenth Revision, WHO)",
    CodeSystem.icd11: "ICD-11 MMS (International Classification of Diseases, Eleventh Revision, WHO)",
}
_KIND_TITLES = {
    ConceptKind.pattern: "Patterns",
    ConceptKind.role: "Roles",
    ConceptKind.behavior: "Behaviors",
    ConceptKind.intervention: "Interventions",
    ConceptKind.outcome: "Outcomes",
}


class RdfFormat(StrEnum):
    ttl = "ttl"
    jsonld = "jsonld"


MEDIA_TYPES = {RdfFormat.ttl: "text/turtle", RdfFormat.jsonld: "application/ld+json"}


def concept_iri(concept_id: str) -> URIRef:
    return NAMESPACE[concept_id]


def code_scheme_iri(system: CodeSystem) -> URIRef:
    return NAMESPACE[f"code/{system.value.lower()}"]


def code_iri(system: CodeSystem, code: str) -> URIRef:
    return NAMESPACE[f"code/{system.value.lower()}/{code}"]


def vocabulary_graph(vocab: Vocabulary) -> Graph:
    """The whole vocabulary as an RDF graph of SKOS statements."""
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dct", DCTERMS)
    g.bind("kbv", NAMESPACE)
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, DCTERMS.title, Literal("Case-vignette knowledge base: clinical vocabulary", lang=LANG)))
    g.add(
        (
            SCHEME,
            DCTERMS.description,
            Literal(
                "Patterns, roles, behaviors, interventions and outcomes of family and relational psychotherapy, "
                "with definitions in the project's own words and mappings to ICD-10-CM, ICD-10 and ICD-11.",
                lang=LANG,
            ),
        )
    )
    for kind, title in _KIND_TITLES.items():
        collection = NAMESPACE[f"kind/{kind.value}"]
        g.add((collection, RDF.type, SKOS.Collection))
        g.add((collection, SKOS.prefLabel, Literal(title, lang=LANG)))
    for c in vocab.concepts.values():
        _add_concept(g, vocab, c.id)
    return g


def _add_concept(g: Graph, vocab: Vocabulary, cid: str) -> None:
    c = vocab.concepts[cid]
    node = concept_iri(cid)
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, SCHEME))
    g.add((NAMESPACE[f"kind/{c.kind.value}"], SKOS.member, node))
    g.add((node, SKOS.prefLabel, Literal(c.label, lang=LANG)))
    g.add((node, SKOS.notation, Literal(c.id)))
    for s in c.synonyms:
        g.add((node, SKOS.altLabel, Literal(s, lang=LANG)))
    g.add((node, SKOS.definition, Literal(c.definition, lang=LANG)))
    if not c.broader:
        g.add((node, SKOS.topConceptOf, SCHEME))
        g.add((SCHEME, SKOS.hasTopConcept, node))
    for b in c.broader:
        g.add((node, SKOS.broader, concept_iri(b)))
        g.add((concept_iri(b), SKOS.narrower, node))
    for r in c.related:
        g.add((node, SKOS.related, concept_iri(r)))
        g.add((concept_iri(r), SKOS.related, node))
    for m in c.mappings:
        target = code_iri(m.system, m.code)
        g.add((node, _MATCH[m.match], target))
        g.add((target, RDF.type, SKOS.Concept))
        g.add((target, SKOS.notation, Literal(m.code)))
        g.add((target, SKOS.prefLabel, Literal(m.label, lang=LANG)))
        g.add((target, SKOS.inScheme, code_scheme_iri(m.system)))
        g.add((code_scheme_iri(m.system), RDF.type, SKOS.ConceptScheme))
        g.add((code_scheme_iri(m.system), DCTERMS.title, Literal(_CODE_SET_TITLES[m.system], lang=LANG)))
        if m.note:
            g.add((node, SKOS.note, Literal(f"{m.system.value} {m.code}: {m.note}", lang=LANG)))


@lru_cache(maxsize=4)
def serialize(vocab: Vocabulary, fmt: RdfFormat) -> str:
    """The vocabulary in Turtle or JSON-LD, made once per vocabulary and format."""
    g = vocabulary_graph(vocab)
    if fmt is RdfFormat.jsonld:
        context = {"skos": str(SKOS), "dct": str(DCTERMS), "kbv": str(NAMESPACE)}
        return g.serialize(format="json-ld", context=context, indent=2, sort_keys=True)
    return g.serialize(format="turtle")
