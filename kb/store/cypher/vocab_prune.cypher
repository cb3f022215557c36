// answers: (write) delete the concepts no longer in the vocabulary that no fact instantiates; returns how many
// touches: Concept, Fact, INSTANCE_OF
MATCH (c:Concept)
WHERE NOT c.id IN $ids AND NOT (c)<-[:INSTANCE_OF]-(:Fact)
DETACH DELETE c
RETURN count(c) AS removed
