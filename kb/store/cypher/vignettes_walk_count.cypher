// answers: how many of the first $examine vignettes (in id order) have, for EVERY filter, a fact of one of its concepts, every family relation of $kin and no fact of the concepts of $without, counting at most $cap; and how many were examined (the total of a listing with no concept filter to start from)
// touches: Vignette, Fact, Concept, Person, HAS_FACT, INSTANCE_OF, HAS_PERSON, RELATED_TO
MATCH (v:Vignette) WHERE v.id IS NOT NULL
WITH v ORDER BY v.id LIMIT $examine
WITH collect(v) AS examined
UNWIND examined AS v
WITH examined, v WHERE all(ids IN $filters WHERE EXISTS {
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
WITH examined, v LIMIT $cap
RETURN count(v) AS total, size(examined) AS examined
