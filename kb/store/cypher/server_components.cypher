// answers: which Neo4j is this (name, version, edition)?
// touches: dbms.components() procedure, no graph data
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
