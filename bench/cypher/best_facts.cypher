// answers: (benchmark yardstick, hand-written best case) create a batch of facts with their kind labels, HAS_FACT and INSTANCE_OF links
// touches: Vignette, Concept, Fact, HAS_FACT, INSTANCE_OF
UNWIND $rows AS row
MATCH (v:Vignette {id: row.props.vignette_id})
MATCH (c:Concept {id: row.concept_id})
CREATE (v)-[:HAS_FACT]->(f:Fact:$(row.label))-[:INSTANCE_OF]->(c)
SET f = row.props
