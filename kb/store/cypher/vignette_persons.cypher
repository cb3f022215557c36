// answers: the persons of one vignette and their relations (type, other person, phase, evidence), in the order of the vignette's file
// touches: Vignette, Person, HAS_PERSON, RELATED_TO
MATCH (:Vignette {id: $id})-[:HAS_PERSON]->(p:Person)
WITH p, COLLECT {
  MATCH (p)-[r:RELATED_TO]->(q:Person)
  WITH r, q ORDER BY r.position, q.position, r.type
  RETURN {type: r.type, to: q.local_id, phase: r.phase, evidence: r.evidence}
} AS relations
RETURN p.local_id AS id, p.name AS name, p.gender AS gender, p.age_band AS age_band, relations
ORDER BY p.position
