// answers: (write) delete the facts of these vignettes, before they are written anew; returns how many
// touches: Fact and its relationships
UNWIND $ids AS id
MATCH (f:Fact {vignette_id: id})
DETACH DELETE f
RETURN count(f) AS removed
