// answers: (write) link facts to facts: SHOWN_BY (pattern -> role/behavior), TARGETS (intervention -> pattern/behavior/role), AFTER (outcome -> intervention); `position` keeps the order of the list the link comes from
// touches: Fact, SHOWN_BY, TARGETS, AFTER
UNWIND $rows AS row
MATCH (a:Fact {key: row.from})
MATCH (b:Fact {key: row.to})
FOREACH (_ IN CASE row.type WHEN 'SHOWN_BY' THEN [1] ELSE [] END | CREATE (a)-[:SHOWN_BY {position: row.position}]->(b))
FOREACH (_ IN CASE row.type WHEN 'TARGETS' THEN [1] ELSE [] END | CREATE (a)-[:TARGETS {position: row.position}]->(b))
FOREACH (_ IN CASE row.type WHEN 'AFTER' THEN [1] ELSE [] END | CREATE (a)-[:AFTER {position: row.position}]->(b))
