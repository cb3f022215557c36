// answers: (benchmark baseline, naive) write one fact-to-fact link with one MERGE
// touches: Fact, SHOWN_BY, TARGETS, AFTER
MATCH (a:Fact {key: $row.from})
MATCH (b:Fact {key: $row.to})
MERGE (a)-[:$($row.type)]->(b)
