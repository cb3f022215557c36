// answers: which patterns, roles and behaviors (concept ids) does one vignette have?
// touches: Vignette, Fact, HAS_FACT
MATCH (:Vignette {id: $id})-[:HAS_FACT]->(f:Fact)
WHERE f.kind IN $kinds
RETURN DISTINCT f.kind AS kind, f.concept_id AS concept
