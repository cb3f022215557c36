// answers: every API key (id, name, role, created, revoked), oldest first; hashes are not returned
// touches: ApiKey
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.role AS role, k.created_at AS created_at, k.revoked_at AS revoked_at
ORDER BY created_at, id
