// answers: (write) claim an article id for a create: the node is merged (or found as a vignette's source without text) and locked; its version, null when it has no text yet
// touches: Article
MERGE (a:Article {id: $id})
SET a.locked = true
REMOVE a.locked
RETURN a.content_hash AS version
