// answers: (benchmark baseline, naive) write one fact, its kind label, and its HAS_FACT and INSTANCE_OF links with MERGEs
// touches: Vignette, Concept, Fact, HAS_FACT, INSTANCE_OF
MATCH (v:Vignette {id: $row.props.vignette_id})
MATCH (c:Concept {id: $row.concept_id})
MERGE (f:Fact {key: $row.key})
SET f += $row.props
SET f:$($row.label)
MERGE (v)-[:HAS_FACT]->(f)
MERGE (f)-[:INSTANCE_OF]->(c)
