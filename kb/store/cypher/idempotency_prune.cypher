// answers: (write) drop a bounded number of idempotency records older than $keep (an ISO 8601 duration)
// touches: IdempotentRequest
MATCH (r:IdempotentRequest)
WHERE r.at < datetime.transaction() - duration($keep)
WITH r LIMIT 100
DELETE r
