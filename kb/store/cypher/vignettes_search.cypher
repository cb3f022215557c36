// answers: one page of the vignettes whose title, summary or narrative match a full-text query, best first, optionally also having a fact of every filter's concepts; with the total
// touches: Vignette (full-text index vignette_text), Fact, Concept, HAS_FACT, INSTANCE_OF
CALL db.index.fulltext.queryNodes('vignette_text', $q) YIELD node AS v, score
WHERE all(ids IN $filters WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
WITH v, score ORDER BY score DESC, v.id
WITH collect({v: v, score: score}) AS matching
RETURN size(matching) AS total,
       [m IN matching[$offset..($offset + $limit)] |
        {id: m.v.id, title: m.v.title, summary: m.v.summary, composite: m.v.composite, score: m.score}] AS items
