// answers: (write) record the concept hierarchy the intervention aggregates now match (the end of a rebuild)
// touches: Meta
MERGE (m:Meta {key: 'intervention_stats'})
SET m.hierarchy = $hierarchy
