// answers: (write) create the relations between persons (mother_of, therapist_of, ...), with evidence and their place in the person's list
// touches: Person, RELATED_TO
UNWIND $rows AS row
MATCH (a:Person {key: row.from})
MATCH (b:Person {key: row.to})
CREATE (a)-[r:RELATED_TO]->(b)
SET r.type = row.type, r.phase = row.phase, r.position = row.position, r.evidence = row.evidence,
    r.evidence_start = row.evidence_start, r.evidence_end = row.evidence_end
