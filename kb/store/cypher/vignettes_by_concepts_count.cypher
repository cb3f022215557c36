// answers: how many vignettes have, for EVERY filter, a fact of one of its concepts, every family relation of $kin and no fact of the concepts of $without, counting at most $cap (found from the facts of the first, rarest filter; stops at the cap)
// touches: Concept, Fact, Vignette, Person, INSTANCE_OF, HAS_FACT, HAS_PERSON, RELATED_TO
MATCH (c:Concept) WHERE c.id IN $filters[0]
MATCH (c)<-[:INSTANCE_OF]-(f:Fact)
WITH DISTINCT f.vignette_id AS vid
MATCH (v:Vignette {id: vid})
WHERE all(ids IN $filters[1..] WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
  AND none(ids IN $without WHERE EXISTS {
  MATCH (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(k:Concept) WHERE k.id IN ids })
  AND all(kin IN $kin WHERE EXISTS {
  MATCH (v)-[:HAS_PERSON]->(x:Person)-[r:RELATED_TO]->(y:Person)
  WHERE (r.type IN kin.forward
         AND (kin.a IS NULL OR coalesce(CASE WHEN x.gender <> 'unknown' THEN x.gender END, $implied[r.type]) = kin.a)
         AND (kin.b IS NULL OR y.gender = kin.b))
     OR (r.type IN kin.backward
         AND (kin.a IS NULL OR y.gender = kin.a)
         AND (kin.b IS NULL OR coalesce(CASE WHEN x.gender <> 'unknown' THEN x.gender END, $implied[r.type]) = kin.b)) })
WITH v LIMIT $cap
RETURN count(v) AS total
