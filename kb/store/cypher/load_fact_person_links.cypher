// answers: (write) link facts to persons: ABOUT (whose role, behavior, outcome), INVOLVES (in a pattern), FOR and BY (an intervention's client and provider); `position` keeps the order of the list the link comes from
// touches: Fact, Person, ABOUT, INVOLVES, FOR, BY
UNWIND $rows AS row
MATCH (f:Fact {key: row.fact})
MATCH (p:Person {key: row.person})
FOREACH (_ IN CASE row.type WHEN 'ABOUT' THEN [1] ELSE [] END | CREATE (f)-[:ABOUT {position: row.position}]->(p))
FOREACH (_ IN CASE row.type WHEN 'INVOLVES' THEN [1] ELSE [] END | CREATE (f)-[:INVOLVES {position: row.position}]->(p))
FOREACH (_ IN CASE row.type WHEN 'FOR' THEN [1] ELSE [] END | CREATE (f)-[:FOR {position: row.position}]->(p))
FOREACH (_ IN CASE row.type WHEN 'BY' THEN [1] ELSE [] END | CREATE (f)-[:BY {position: row.position}]->(p))
