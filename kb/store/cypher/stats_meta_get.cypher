// answers: for which concept hierarchy (a hash of the BROADER links and the sample size) were the intervention aggregates computed? (none: they must be rebuilt)
// touches: Meta
OPTIONAL MATCH (m:Meta {key: 'intervention_stats'})
RETURN m.hierarchy AS hierarchy
