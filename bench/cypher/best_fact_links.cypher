// answers: (benchmark yardstick, hand-written best case) create a batch of fact-to-fact links
// touches: Fact, SHOWN_BY, TARGETS, AFTER
UNWIND $rows AS row
MATCH (a:Fact {key: row.from})
MATCH (b:Fact {key: row.to})
CREATE (a)-[:$(row.type)]->(b)
