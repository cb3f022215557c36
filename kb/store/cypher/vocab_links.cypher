// answers: (write) create the BROADER (narrower -> broader) and RELATED links between concepts
// touches: Concept, BROADER, RELATED
UNWIND $rows AS row
MATCH (a:Concept {id: row.from})
MATCH (b:Concept {id: row.to})
FOREACH (_ IN CASE row.type WHEN 'BROADER' THEN [1] ELSE [] END | CREATE (a)-[:BROADER]->(b))
FOREACH (_ IN CASE row.type WHEN 'RELATED' THEN [1] ELSE [] END | CREATE (a)-[:RELATED]->(b))
