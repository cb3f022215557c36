// answers: one concept as stored: label, kind, definition, synonyms, mappings, its broader, narrower and related concepts
// touches: Concept, BROADER, RELATED
MATCH (c:Concept {id: $id})
RETURN c.id AS id, c.label AS label, c.kind AS kind, c.definition AS definition, c.synonyms AS synonyms,
       c.mappings AS mappings,
       COLLECT { MATCH (c)-[:BROADER]->(b:Concept) RETURN b.id ORDER BY b.id } AS broader,
       COLLECT { MATCH (c)<-[:BROADER]-(n:Concept) RETURN n.id ORDER BY n.id } AS narrower,
       COLLECT { MATCH (c)-[:RELATED]-(r:Concept) RETURN DISTINCT r.id ORDER BY r.id } AS related
