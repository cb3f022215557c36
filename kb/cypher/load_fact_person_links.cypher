// answers: (write) link facts to persons: ABOUT (whose role, behavior, outcome), INVOLVES (in a pattern), FOR and BY (an intervention's client and provider)
// touches: Fact, Person, ABOUT, INVOLVES, FOR, BY
UNWIND $rows AS row
MATCH (f:Fact {key: row.fact})
MATCH (p:Person {key: row.person})
FOREACH (_ IN CASE row.type WHEN 'ABOUT' THEN [1] ELSE [] END | CREATE (f)-[:ABOUT]->(p))
FOREACH (_ IN CASE row.type WHEN 'INVOLVES' THEN [1] ELSE [] END | CREATE (f)-[:INVOLVES]->(p))
FOREACH (_ IN CASE row.type WHEN 'FOR' THEN [1] ELSE [] END | CREATE (f)-[:FOR]->(p))
FOREACH (_ IN CASE row.type WHEN 'BY' THEN [1] ELSE [] END | CREATE (f)-[:BY]->(p))
