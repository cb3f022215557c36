// answers: one page of the vignettes that have, for EVERY filter, a fact of one of its concepts (a filter is a concept with its narrower concepts), found from the facts of the first (rarest) filter; with the exact total
// touches: Concept, Fact, Vignette, INSTANCE_OF, HAS_FACT
MATCH (c:Concept) WHERE c.id IN $filters[0]
MATCH (c)<-[:INSTANCE_OF]-(f:Fact)
WITH DISTINCT f.vignette_id AS vid
MATCH (v:Vignette {id: vid})
WHERE all(ids IN $filters[1..] WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
WITH v ORDER BY v.id
WITH collect(v) AS matching
RETURN size(matching) AS total, false AS capped,
       [v IN matching[$offset..($offset + $limit)] | v {.id, .title, .summary, .composite, score: NULL}] AS items
