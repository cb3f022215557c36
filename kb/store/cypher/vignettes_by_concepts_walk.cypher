// answers: one page of the vignettes that have, for EVERY filter, a fact of one of its concepts, found by walking all vignettes in id order and stopping at the page's end (for filters that most vignettes pass)
// touches: Vignette, Fact, Concept, HAS_FACT, INSTANCE_OF
MATCH (v:Vignette) WHERE v.id IS NOT NULL
WITH v ORDER BY v.id
WHERE all(ids IN $filters WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
SKIP $offset LIMIT $limit
RETURN v.id AS id, v.title AS title, v.summary AS summary, v.composite AS composite, NULL AS score
