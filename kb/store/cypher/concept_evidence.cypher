// answers: where do these concepts (a concept with its narrower ones) appear, with the words that support them: among the first $scan facts found (bounded at any size), those of the first $n vignettes by id, one fact each, with its vignette, title and quotes
// touches: Concept, Fact, Vignette, INSTANCE_OF
MATCH (c:Concept) WHERE c.id IN $concept_ids
MATCH (c)<-[:INSTANCE_OF]-(f:Fact)
WITH f LIMIT $scan
WITH f ORDER BY f.vignette_id, f.position
WITH f.vignette_id AS vid, collect(f)[0] AS f
ORDER BY vid LIMIT $n
MATCH (v:Vignette {id: vid})
RETURN vid AS vignette_id, v.title AS vignette_title, f.local_id AS fact_id, f.concept_id AS concept,
       f.evidence AS evidence, f.evidence_start AS evidence_start, f.evidence_end AS evidence_end
