// answers: (write) lock one vignette for the rest of the transaction and return its version (content hash); no row: no such vignette
// touches: Vignette
MATCH (v:Vignette {id: $id})
SET v.locked = true
REMOVE v.locked
RETURN v.content_hash AS version
