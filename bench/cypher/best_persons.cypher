// answers: (benchmark yardstick, hand-written best case) create a batch of persons with their HAS_PERSON links
// touches: Vignette, Person, HAS_PERSON
UNWIND $rows AS row
MATCH (v:Vignette {id: row.vignette_id})
CREATE (v)-[:HAS_PERSON]->(p:Person)
SET p = row
