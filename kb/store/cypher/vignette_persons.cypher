// answers: the persons of one vignette and their relations (type, other person, phase, evidence)
// touches: Vignette, Person, HAS_PERSON, RELATED_TO
MATCH (:Vignette {id: $id})-[:HAS_PERSON]->(p:Person)
OPTIONAL MATCH (p)-[r:RELATED_TO]->(q:Person)
WITH p, collect(CASE WHEN q IS NULL THEN NULL ELSE {type: r.type, to: q.local_id, phase: r.phase, evidence: r.evidence} END) AS relations
RETURN p.local_id AS id, p.name AS name, p.gender AS gender, p.age_band AS age_band, relations
ORDER BY p.position
