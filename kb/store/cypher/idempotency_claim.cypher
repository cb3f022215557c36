// answers: (write) lock an idempotency key for the rest of the transaction and return the request and answer recorded for it (null: none yet; the node MERGE made goes with the transaction unless the write records it)
// touches: IdempotentRequest
MERGE (r:IdempotentRequest {id: $id})
SET r.locked = true
REMOVE r.locked
RETURN r.request AS request, r.status AS status, r.answer AS answer
