"""The vocabulary as SKOS: what `kb vocab export` writes and /vocabulary.ttl serves parses back with rdflib
and keeps SKOS's integrity conditions."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kb.models import CodeSystem
from kb.vocab.skos import NAMESPACE, SCHEME, RdfFormat, code_iri, concept_iri, serialize
from kb.vocab.vocabulary import Vocabulary, load_vocabulary
from tests.conftest import KB, ROOT


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The Turtle file that `kb vocab export -o` writes, parsed back."""
    out = tmp_path_factory.mktemp("skos") / "vocabulary.ttl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    done = subprocess.run(
        [KB, "vocab", "export", "-f", "ttl", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stdout
    return Graph().parse(out, format="turtle")


def _ours(g: Graph) -> set[URIRef]:
    """The vocabulary's own concepts (not the codes they map to)."""
    return {s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef) and "/code/" not in str(s)}


def test_every_concept_is_in_the_scheme(graph: Graph, vocab: Vocabulary) -> None:
    ours = _ours(graph)
    assert ours == {concept_iri(cid) for cid in vocab.concepts}
    assert all((c, SKOS.inScheme, SCHEME) in graph for c in ours)
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    for c in graph.subjects(RDF.type, SKOS.Concept):  # codes too: each in its code set's scheme
        schemes = list(graph.objects(c, SKOS.inScheme))
        assert schemes and all((s, RDF.type, SKOS.ConceptScheme) in graph for s in schemes), c


def test_one_pref_label_per_language_and_no_label_twice(graph: Graph) -> None:
    for c in graph.subjects(RDF.type, SKOS.Concept):
        prefs = list(graph.objects(c, SKOS.prefLabel))
        per_language = Counter(p.language for p in prefs if isinstance(p, Literal))
        assert per_language == Counter({"en": 1}), (c, prefs)
        alts = set(graph.objects(c, SKOS.altLabel))
        assert not alts & set(prefs), c  # SKOS S13: prefLabel and altLabel are disjoint


def test_every_broader_has_its_narrower(graph: Graph) -> None:
    broader = set(graph.subject_objects(SKOS.broader))
    narrower = {(n, b) for b, n in graph.subject_objects(SKOS.narrower)}
    assert broader and broader == narrower
    related = set(graph.subject_objects(SKOS.related))
    assert related == {(b, a) for a, b in related}  # skos:related is symmetric


def _ancestors(g: Graph, c: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    stack = [o for o in g.objects(c, SKOS.broader) if isinstance(o, URIRef)]
    while stack:
        b = stack.pop()
        if b not in seen:
            seen.add(b)
            stack.extend(o for o in g.objects(b, SKOS.broader) if isinstance(o, URIRef))
    return seen


def test_no_concept_is_its_own_ancestor_nor_related_to_one(graph: Graph) -> None:
    for c in _ours(graph):
        ancestors = _ancestors(graph, c)
        assert c not in ancestors, c
        # SKOS S27: skos:related is disjoint with skos:broaderTransitive
        assert not ancestors & set(graph.objects(c, SKOS.related)), c


def test_top_concepts_are_those_without_broader(graph: Graph) -> None:
    tops = set(graph.objects(SCHEME, SKOS.hasTopConcept))
    assert tops == set(graph.subjects(SKOS.topConceptOf, SCHEME))
    assert tops == {c for c in _ours(graph) if not list(graph.objects(c, SKOS.broader))}


def test_codes_are_matches_with_their_notation_and_official_title(graph: Graph) -> None:
    divorce = concept_iri("divorce-and-separation")
    z635 = code_iri(CodeSystem.icd10cm, "Z63.5")
    assert (divorce, SKOS.exactMatch, z635) in graph
    assert (z635, SKOS.notation, Literal("Z63.5")) in graph
    assert (z635, SKOS.prefLabel, Literal("Disruption of family by separation and divorce", lang="en")) in graph
    assert (concept_iri("parental-death"), SKOS.broadMatch, code_iri(CodeSystem.icd11, "QE61")) in graph
    assert (concept_iri("sibling-rivalry"), SKOS.narrowMatch, code_iri(CodeSystem.icd10, "F93.3")) in graph
    assert (concept_iri("grief"), SKOS.relatedMatch, code_iri(CodeSystem.icd10cm, "Z63.4")) in graph
    assert (concept_iri("codependency"), None, None) in graph
    assert not list(graph.objects(concept_iri("codependency"), SKOS.closeMatch))


def test_jsonld_holds_the_same_graph(graph: Graph, vocab: Vocabulary) -> None:
    jsonld = Graph().parse(data=serialize(vocab, RdfFormat.jsonld), format="json-ld")
    assert isomorphic(jsonld, graph)
    assert str(NAMESPACE) == "https://w3id.org/casevignette-kb/vocab/"


def test_the_api_serves_turtle_and_jsonld(client: TestClient, graph: Graph) -> None:
    ttl = client.get("/vocabulary.ttl")
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=ttl.text, format="turtle"), graph)
    jsonld = client.get("/vocabulary.jsonld")
    assert jsonld.status_code == 200 and jsonld.headers["content-type"].startswith("application/ld+json")
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), graph)


def test_export_to_a_folder_that_does_not_exist_fails_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_"))}
    done = subprocess.run(
        [KB, "vocab", "export", "-o", str(tmp_path / "no" / "v.ttl")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"error: cannot write {tmp_path / 'no' / 'v.ttl'}: No such file or directory" in done.stderr
