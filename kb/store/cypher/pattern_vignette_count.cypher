// answers: in how many vignettes does a pattern (or a narrower one) occur?
// touches: Concept, PatternFact, INSTANCE_OF
MATCH (c:Concept) WHERE c.id IN $concept_ids
MATCH (c)<-[:INSTANCE_OF]-(p:PatternFact)
RETURN count(DISTINCT p.vignette_id) AS vignettes
