// answers: (write) claim a teaching case id for a create: the node is merged and locked (a second creator waits, then sees it); its version, null when new
// touches: TeachingCase
MERGE (t:TeachingCase {id: $id})
SET t.locked = true
REMOVE t.locked
RETURN t.version AS version, t.revision AS revision, t.doc AS doc
