// answers: (benchmark baseline, naive) write one fact-to-person link with one MERGE
// touches: Fact, Person, ABOUT, INVOLVES, FOR, BY
MATCH (f:Fact {key: $row.fact})
MATCH (p:Person {key: $row.person})
MERGE (f)-[:$($row.type)]->(p)
