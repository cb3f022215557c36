// answers: (write) create the persons of vignettes, each scoped to its vignette
// touches: Vignette, Person, HAS_PERSON
UNWIND $rows AS row
MATCH (v:Vignette {id: row.vignette_id})
CREATE (p:Person)
SET p = row
CREATE (v)-[:HAS_PERSON]->(p)
