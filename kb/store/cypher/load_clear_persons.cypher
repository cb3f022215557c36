// answers: (write) delete the persons of these vignettes, before they are written anew; returns how many
// touches: Person and its relationships
UNWIND $ids AS id
MATCH (p:Person {vignette_id: id})
DETACH DELETE p
RETURN count(p) AS removed
