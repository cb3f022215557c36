// answers: (write) lock one stored article for the rest of the transaction and return its version; no row: no such article (a vignette's source without text is none)
// touches: Article
MATCH (a:Article {id: $id})
WHERE a.content_hash IS NOT NULL
SET a.locked = true
REMOVE a.locked
RETURN a.content_hash AS version
