// answers: (admin) delete every node and relationship of the database; the schema stays
// touches: all nodes and relationships
MATCH (n) DETACH DELETE n
