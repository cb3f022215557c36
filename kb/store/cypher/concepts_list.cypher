// answers: one page of the concepts, optionally of one kind or among given ids, in label order, with how many vignettes use each; with the total
// touches: Concept, Fact, INSTANCE_OF
MATCH (c:Concept)
WHERE ($kind IS NULL OR c.kind = $kind) AND ($ids IS NULL OR c.id IN $ids)
WITH c ORDER BY toLower(c.label), c.id
WITH collect(c) AS matching
RETURN size(matching) AS total,
       [c IN matching[$offset..($offset + $limit)] | {id: c.id, label: c.label, kind: c.kind,
        vignettes: size(COLLECT { MATCH (c)<-[:INSTANCE_OF]-(f:Fact) RETURN DISTINCT f.vignette_id })}] AS items
