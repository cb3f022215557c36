// answers: (write, import) set an article's links to exactly these (type, target kind, target id); targets are checked before
// touches: Article, Vignette, Concept, LINKS_TO
MATCH (a:Article {id: $id})
CALL (a) {
  MATCH (a)-[old:LINKS_TO]->()
  DELETE old
}
WITH a
UNWIND $links AS link
CALL (a, link) {
  MATCH (t:Vignette {id: link.target}) WHERE link.kind = 'vignette' RETURN t
  UNION
  MATCH (t:Concept {id: link.target}) WHERE link.kind = 'concept' RETURN t
}
MERGE (a)-[l:LINKS_TO {type: link.type}]->(t)
ON CREATE SET l.at = datetime.transaction()
