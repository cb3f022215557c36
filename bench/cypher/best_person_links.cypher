// answers: (benchmark yardstick, hand-written best case) create a batch of fact-to-person links
// touches: Fact, Person, ABOUT, INVOLVES, FOR, BY
UNWIND $rows AS row
MATCH (f:Fact {key: row.fact})
MATCH (p:Person {key: row.person})
CREATE (f)-[:$(row.type)]->(p)
