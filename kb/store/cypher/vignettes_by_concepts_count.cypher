// answers: how many vignettes have, for EVERY filter, a fact of one of its concepts, counting at most $cap (found from the facts of the first, rarest filter; stops at the cap)
// touches: Concept, Fact, Vignette, INSTANCE_OF, HAS_FACT
MATCH (c:Concept) WHERE c.id IN $filters[0]
MATCH (c)<-[:INSTANCE_OF]-(f:Fact)
WITH DISTINCT f.vignette_id AS vid
MATCH (v:Vignette {id: vid})
WHERE all(ids IN $filters[1..] WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
WITH v LIMIT $cap
RETURN count(v) AS total
