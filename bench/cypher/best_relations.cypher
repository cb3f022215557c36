// answers: (benchmark yardstick, hand-written best case) create a batch of relations between persons
// touches: Person, RELATED_TO
UNWIND $rows AS row
MATCH (a:Person {key: row.from})
MATCH (b:Person {key: row.to})
CREATE (a)-[r:RELATED_TO]->(b)
SET r.type = row.type, r.phase = row.phase, r.evidence = row.evidence,
    r.evidence_start = row.evidence_start, r.evidence_end = row.evidence_end
