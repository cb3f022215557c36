// answers: (write) delete every intervention aggregate and forget the hierarchy they were computed for (the start of a rebuild)
// touches: InterventionStat, Meta
MERGE (m:Meta {key: 'intervention_stats'})
SET m.hierarchy = NULL
WITH m
OPTIONAL MATCH (s:InterventionStat)
DELETE s
RETURN count(s) AS removed
