// answers: (write) remove a stored article: its text, tags and links go; a node that vignettes still name as their source stays as that citation (title, author, url); returns whether it stayed
// touches: Article, MENTIONS, LINKS_TO, FROM_ARTICLE
MATCH (a:Article {id: $id})
CALL (a) {
  MATCH (a)-[r:MENTIONS|LINKS_TO]->()
  DELETE r
}
WITH a, EXISTS { (:Vignette)-[:FROM_ARTICLE]->(a) } AS cited
FOREACH (_ IN CASE WHEN cited THEN [1] ELSE [] END |
  REMOVE a.text, a.format, a.chars, a.content_hash, a.created_at, a.updated_at)
FOREACH (_ IN CASE WHEN cited THEN [] ELSE [1] END | DETACH DELETE a)
RETURN cited AS kept_as_source
