// answers: (write) create the facts of vignettes, each one hop from its vignette and from the concept it instantiates
// touches: Vignette, Concept, Fact (RoleFact, BehaviorFact, PatternFact, InterventionFact, OutcomeFact), HAS_FACT, INSTANCE_OF
UNWIND $rows AS row
MATCH (v:Vignette {id: row.props.vignette_id})
MATCH (c:Concept {id: row.concept_id})
CREATE (f:Fact)
SET f = row.props
FOREACH (_ IN CASE row.label WHEN 'RoleFact' THEN [1] ELSE [] END | SET f:RoleFact)
FOREACH (_ IN CASE row.label WHEN 'BehaviorFact' THEN [1] ELSE [] END | SET f:BehaviorFact)
FOREACH (_ IN CASE row.label WHEN 'PatternFact' THEN [1] ELSE [] END | SET f:PatternFact)
FOREACH (_ IN CASE row.label WHEN 'InterventionFact' THEN [1] ELSE [] END | SET f:InterventionFact)
FOREACH (_ IN CASE row.label WHEN 'OutcomeFact' THEN [1] ELSE [] END | SET f:OutcomeFact)
CREATE (v)-[:HAS_FACT]->(f)
CREATE (f)-[:INSTANCE_OF]->(c)
