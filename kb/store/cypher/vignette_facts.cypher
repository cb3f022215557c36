// answers: every fact of one vignette: kind, concept, phase, description, result, evidence with offsets, the persons and the facts it links to
// touches: Vignette, Fact, Concept, Person, HAS_FACT, INSTANCE_OF, ABOUT, INVOLVES, FOR, BY, SHOWN_BY, TARGETS, AFTER
MATCH (:Vignette {id: $id})-[:HAS_FACT]->(f:Fact)-[:INSTANCE_OF]->(c:Concept)
OPTIONAL MATCH (f)-[pl:ABOUT|INVOLVES|FOR|BY]->(p:Person)
WITH f, c, collect(CASE WHEN p IS NULL THEN NULL ELSE {type: type(pl), person: p.local_id} END) AS persons
OPTIONAL MATCH (f)-[fl:SHOWN_BY|TARGETS|AFTER]->(g:Fact)
WITH f, c, persons, collect(CASE WHEN g IS NULL THEN NULL ELSE {type: type(fl), fact: g.local_id} END) AS links
RETURN f.local_id AS id, f.kind AS kind, c.id AS concept, c.label AS label, f.phase AS phase,
       f.description AS description, f.result AS result,
       f.evidence AS evidence, f.evidence_start AS evidence_start, f.evidence_end AS evidence_end,
       persons, links
ORDER BY f.kind, f.position
