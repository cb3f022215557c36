// answers: (write) remove one teaching case with its versions; returns how many nodes went
// touches: TeachingCase, TeachingCaseVersion and their relationships
MATCH (t:TeachingCase {id: $id})
OPTIONAL MATCH (t)-[:HAS_VERSION]->(h:TeachingCaseVersion)
WITH t, collect(h) AS versions
FOREACH (h IN versions | DETACH DELETE h)
DETACH DELETE t
RETURN size(versions) + 1 AS removed
