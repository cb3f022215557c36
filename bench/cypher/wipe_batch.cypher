// answers: (benchmarks) delete up to 5,000 nodes with their relationships; returns how many, so a caller can loop until 0
// touches: all nodes and relationships
MATCH (n)
WITH n LIMIT 5000
DETACH DELETE n
RETURN count(n) AS deleted
