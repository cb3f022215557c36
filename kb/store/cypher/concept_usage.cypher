// answers: how many vignettes have a fact of each of these concepts?
// touches: Concept, Fact, INSTANCE_OF
UNWIND $ids AS cid
MATCH (c:Concept {id: cid})
RETURN c.id AS id, COUNT { (c)<-[:INSTANCE_OF]-(:Fact) } AS facts,
       size(COLLECT { MATCH (c)<-[:INSTANCE_OF]-(f:Fact) RETURN DISTINCT f.vignette_id }) AS vignettes
