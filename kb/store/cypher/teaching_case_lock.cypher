// answers: (write) lock one teaching case for the rest of the transaction and return its version, revision and document; no row: no such case
// touches: TeachingCase
MATCH (t:TeachingCase {id: $id})
SET t.locked = true
REMOVE t.locked
RETURN t.version AS version, t.revision AS revision, t.doc AS doc
