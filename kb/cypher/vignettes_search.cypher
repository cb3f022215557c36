// answers: one page of the vignettes whose title, summary or narrative match a full-text query, best first, optionally also having a fact of every filter's concepts; with the total
// touches: Vignette (full-text index vignette_text), Fact, Concept, HAS_FACT, INSTANCE_OF
CALL db.index.fulltext.queryNodes('vignette_text', $q) YIELD node AS v, score
WHERE all(ids IN $filters WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
WITH v, score ORDER BY score DESC, v.id
WITH collect({id: v.id, title: v.title, summary: v.summary, composite: v.composite, score: score}) AS matching
RETURN size(matching) AS total, matching[$offset..($offset + $limit)] AS items
