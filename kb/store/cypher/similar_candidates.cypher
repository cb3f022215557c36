// answers: which vignettes share the most of these (kind, concept) pairs, and what patterns, roles and behaviors does each have? (the candidate pool of case-based retrieval; the pairs come rarest first, at most $per_concept facts are read per pair and $budget in all, so the work is bounded at any size)
// touches: Concept, Fact, Vignette, INSTANCE_OF, HAS_FACT
UNWIND $concepts AS q
CALL (q) {
  MATCH (:Concept {id: q.id})<-[:INSTANCE_OF]-(f:Fact)
  WHERE f.kind = q.kind AND ($exclude IS NULL OR f.vignette_id <> $exclude)
  RETURN f.vignette_id AS vid
  LIMIT $per_concept
}
WITH q, vid LIMIT $budget
WITH vid, count(DISTINCT q.id) AS hits
ORDER BY hits DESC, vid
LIMIT $pool
MATCH (v:Vignette {id: vid})-[:HAS_FACT]->(g:Fact)
WHERE g.kind IN $kinds
RETURN v.id AS id, v.title AS title, v.summary AS summary, v.composite AS composite,
       collect(DISTINCT [g.kind, g.concept_id]) AS concepts
