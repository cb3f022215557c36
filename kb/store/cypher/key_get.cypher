// answers: one API key's record by id (with its hash, to verify a key presented to the API)
// touches: ApiKey
MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.name AS name, k.role AS role, k.hash AS hash, k.created_at AS created_at,
       k.revoked_at AS revoked_at
