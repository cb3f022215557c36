// answers: one page of the audit trail, newest first, optionally only one entity id, key or action; with the total
// touches: AuditEntry
MATCH (a:AuditEntry)
WHERE a.at IS NOT NULL
  AND ($entity_id IS NULL OR a.entity_id = $entity_id)
  AND ($key_id IS NULL OR a.key_id = $key_id)
  AND ($action IS NULL OR a.action = $action)
WITH a ORDER BY a.at DESC, a.seq DESC, a.id SKIP $offset LIMIT $limit
WITH collect(a {.at, .key_id, .role, .action, .entity, .entity_id, .change}) AS items
RETURN COUNT { MATCH (b:AuditEntry)
               WHERE ($entity_id IS NULL OR b.entity_id = $entity_id)
                 AND ($key_id IS NULL OR b.key_id = $key_id)
                 AND ($action IS NULL OR b.action = $action) } AS total,
       items
