// answers: one page of the vignettes whose title, summary or narrative match a full-text query, best first, optionally also having a fact of every filter's concepts, every family relation of $kin and no fact of the concepts of $without; with the total
// touches: Vignette (full-text index vignette_text), Fact, Concept, Person, HAS_FACT, INSTANCE_OF, HAS_PERSON, RELATED_TO
CALL db.index.fulltext.queryNodes('vignette_text', $q) YIELD node AS v, score
WHERE all(ids IN $filters WHERE EXISTS {
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
WITH v, score ORDER BY score DESC, v.id
WITH collect({v: v, score: score}) AS matching
RETURN size(matching) AS total,
       [m IN matching[$offset..($offset + $limit)] |
        {id: m.v.id, title: m.v.title, summary: m.v.summary, composite: m.v.composite, score: m.score}] AS items
