// answers: (write) lock one vignette's id for the rest of the transaction and return its version (content hash); null: no such vignette (MERGE makes a node the transaction drops unless it writes the vignette; MERGE also takes the id's index lock first, so writers of one id queue up instead of deadlocking)
// touches: Vignette
MERGE (v:Vignette {id: $id})
SET v.locked = true
REMOVE v.locked
RETURN v.content_hash AS version
