// answers: which vignettes share the most of these (kind, concept) pairs, and what patterns, roles and behaviors does each have? (the candidate pool of case-based retrieval)
// touches: Concept, Fact, Vignette, INSTANCE_OF, HAS_FACT
UNWIND $concepts AS q
MATCH (:Concept {id: q.id})<-[:INSTANCE_OF]-(f:Fact)
WHERE f.kind = q.kind AND ($exclude IS NULL OR f.vignette_id <> $exclude)
WITH f.vignette_id AS vid, count(DISTINCT q.id) AS hits
ORDER BY hits DESC, vid
LIMIT $pool
MATCH (v:Vignette {id: vid})-[:HAS_FACT]->(g:Fact)
WHERE g.kind IN $kinds
RETURN v.id AS id, v.title AS title, v.summary AS summary, v.composite AS composite,
       collect(DISTINCT [g.kind, g.concept_id]) AS concepts
