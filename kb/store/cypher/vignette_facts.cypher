// answers: every fact of one vignette: kind, concept, phase, description, result, evidence with offsets, the persons and the facts it links to (each in the order the vignette's file gives them)
// touches: Vignette, Fact, Concept, Person, HAS_FACT, INSTANCE_OF, ABOUT, INVOLVES, FOR, BY, SHOWN_BY, TARGETS, AFTER
MATCH (:Vignette {id: $id})-[:HAS_FACT]->(f:Fact)-[:INSTANCE_OF]->(c:Concept)
WITH f, c,
     COLLECT {
       MATCH (f)-[pl:ABOUT|INVOLVES|FOR|BY]->(p:Person)
       WITH pl, p ORDER BY type(pl), pl.position, p.position
       RETURN {type: type(pl), person: p.local_id}
     } AS persons,
     COLLECT {
       MATCH (f)-[fl:SHOWN_BY|TARGETS|AFTER]->(g:Fact)
       WITH fl, g ORDER BY type(fl), fl.position, g.kind, g.position
       RETURN {type: type(fl), fact: g.local_id}
     } AS links
RETURN f.local_id AS id, f.kind AS kind, c.id AS concept, c.label AS label, f.phase AS phase,
       f.description AS description, f.result AS result,
       f.evidence AS evidence, f.evidence_start AS evidence_start, f.evidence_end AS evidence_end,
       persons, links
ORDER BY f.kind, f.position
