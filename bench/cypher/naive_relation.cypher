// answers: (benchmark baseline, naive) write one relation between two persons with one MERGE
// touches: Person, RELATED_TO
MATCH (a:Person {key: $row.from})
MATCH (b:Person {key: $row.to})
MERGE (a)-[r:RELATED_TO {type: $row.type}]->(b)
SET r.phase = $row.phase, r.evidence = $row.evidence, r.evidence_start = $row.evidence_start, r.evidence_end = $row.evidence_end
