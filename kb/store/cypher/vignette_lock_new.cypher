// answers: (write) claim a vignette id for a create: the node is merged and locked (a second creator waits, then sees it); its version, null when new
// touches: Vignette
MERGE (v:Vignette {id: $id})
SET v.locked = true
REMOVE v.locked
RETURN v.content_hash AS version
