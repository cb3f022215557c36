// answers: one page of the vignettes that have, for EVERY filter, a fact of one of its concepts, every family relation of $kin and no fact of the concepts of $without, found by walking the vignettes in id order (at most $examine of them) and stopping at the page's end (for filters that most vignettes pass, or no concept filter at all)
// touches: Vignette, Fact, Concept, Person, HAS_FACT, INSTANCE_OF, HAS_PERSON, RELATED_TO
MATCH (v:Vignette) WHERE v.id IS NOT NULL
WITH v ORDER BY v.id LIMIT $examine
WITH v WHERE all(ids IN $filters WHERE EXISTS {
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
WITH v ORDER BY v.id
SKIP $offset LIMIT $limit
RETURN v.id AS id, v.title AS title, v.summary AS summary, v.composite AS composite, NULL AS score
