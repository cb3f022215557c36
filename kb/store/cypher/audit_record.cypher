// answers: (write) record audit entries (who, what, when, the change) in the transaction of the change itself
// touches: AuditEntry
UNWIND $rows AS row
CREATE (:AuditEntry {id: randomUUID(), at: datetime.transaction(), seq: row.seq, key_id: $key_id, role: $role,
                     action: row.action, entity: row.entity, entity_id: row.entity_id, change: row.change})
