// answers: (write) record the request and the answer given for an idempotency key, in the transaction of the write
// touches: IdempotentRequest
MERGE (r:IdempotentRequest {id: $id})
SET r.request = $request, r.status = $status, r.answer = $answer, r.at = datetime.transaction()
