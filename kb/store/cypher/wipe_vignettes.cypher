// answers: (write, auto-commit) delete every vignette, person, fact and article, and the intervention aggregates built from them, committing every 5,000 nodes so that no transaction outgrows the heap; concepts, the audit trail, API keys, Meta and the schema stay; returns how many nodes went
// touches: Vignette, Person, Fact, Article, InterventionStat and their relationships
MATCH (n)
WHERE n:Vignette OR n:Person OR n:Fact OR n:Article OR n:InterventionStat
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 5000 ROWS
RETURN count(*) AS deleted
