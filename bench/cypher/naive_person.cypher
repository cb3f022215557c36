// answers: (benchmark baseline, naive) write one person and its HAS_PERSON link with MERGEs
// touches: Vignette, Person, HAS_PERSON
MATCH (v:Vignette {id: $row.vignette_id})
MERGE (p:Person {key: $row.key})
SET p += $row
MERGE (v)-[:HAS_PERSON]->(p)
