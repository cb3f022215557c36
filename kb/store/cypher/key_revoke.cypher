// answers: (write) revoke an API key (kept, marked revoked, so the audit trail still names it)
// touches: ApiKey
MATCH (k:ApiKey {id: $id})
SET k.revoked_at = coalesce(k.revoked_at, datetime())
RETURN k.id AS id, k.name AS name, k.role AS role, k.created_at AS created_at, k.revoked_at AS revoked_at
