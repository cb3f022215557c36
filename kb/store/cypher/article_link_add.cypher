// answers: (write) link an article to a vignette or a concept with a type (cites, illustrated-by, source-of, about); returns how many links were made
// touches: Article, Vignette, Concept, LINKS_TO
MATCH (a:Article {id: $id})
CALL (a) {
  MATCH (t:Vignette {id: $target}) WHERE $kind = 'vignette' RETURN t
  UNION
  MATCH (t:Concept {id: $target}) WHERE $kind = 'concept' RETURN t
}
MERGE (a)-[l:LINKS_TO {type: $type}]->(t)
ON CREATE SET l.at = datetime.transaction()
RETURN count(l) AS linked
