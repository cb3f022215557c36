// answers: how many facts instantiate each of these concepts? (a degree lookup, constant time per concept: selectivity and rarity)
// touches: Concept, INSTANCE_OF (relationship counts)
UNWIND $ids AS cid
MATCH (c:Concept {id: cid})
RETURN c.id AS id, COUNT { (c)<-[:INSTANCE_OF]-() } AS facts
