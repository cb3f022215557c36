// answers: (write) remove one vignette with its persons and facts; returns how many nodes went
// touches: Vignette, Person, Fact and their relationships
MATCH (v:Vignette {id: $id})
OPTIONAL MATCH (v)-[:HAS_PERSON|HAS_FACT]->(n)
WITH v, collect(n) AS parts
FOREACH (n IN parts | DETACH DELETE n)
DETACH DELETE v
RETURN size(parts) + 1 AS removed
