// answers: one teaching case as stored now: its document, version, revision, who saved it and when
// touches: TeachingCase, TeachingCaseVersion, HAS_VERSION
MATCH (t:TeachingCase {id: $id})
WHERE t.doc IS NOT NULL
OPTIONAL MATCH (t)-[:HAS_VERSION]->(h:TeachingCaseVersion {revision: t.revision})
RETURN t.id AS id, t.doc AS doc, t.version AS version, t.revision AS revision, t.updated_at AS saved_at,
       h.key_id AS saved_by
