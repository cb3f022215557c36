// answers: (write) lock these vignettes for the rest of the transaction (the nodes of new ones are created) and return each one's version (content hash; null: new, or removed by the transaction that held the lock before)
// touches: Vignette
UNWIND $ids AS id
MERGE (v:Vignette {id: id})
SET v.locked = true
REMOVE v.locked
RETURN id, v.content_hash AS version
