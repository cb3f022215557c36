// answers: (write) store a new API key: its id, name, role and the SHA-256 of the key (never the key)
// touches: ApiKey
CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, created_at: datetime(), revoked_at: null})
