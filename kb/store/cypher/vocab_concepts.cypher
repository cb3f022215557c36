// answers: (write) create or update the vocabulary's concepts, labelled by kind
// touches: Concept, Pattern, Role, Behavior, Intervention, Outcome
UNWIND $rows AS row
MERGE (c:Concept {id: row.id})
SET c = row.props
FOREACH (_ IN CASE row.kind WHEN 'pattern' THEN [1] ELSE [] END | SET c:Pattern)
FOREACH (_ IN CASE row.kind WHEN 'role' THEN [1] ELSE [] END | SET c:Role)
FOREACH (_ IN CASE row.kind WHEN 'behavior' THEN [1] ELSE [] END | SET c:Behavior)
FOREACH (_ IN CASE row.kind WHEN 'intervention' THEN [1] ELSE [] END | SET c:Intervention)
FOREACH (_ IN CASE row.kind WHEN 'outcome' THEN [1] ELSE [] END | SET c:Outcome)
