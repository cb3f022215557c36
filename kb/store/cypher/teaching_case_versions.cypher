// answers: the versions of one teaching case, newest first: revision, version, who saved it, when, how (create, replace, restore, refresh, import)
// touches: TeachingCase, TeachingCaseVersion, HAS_VERSION
MATCH (t:TeachingCase {id: $id})-[:HAS_VERSION]->(h:TeachingCaseVersion)
RETURN t.revision AS current, h.revision AS revision, h.version AS version, h.saved_at AS saved_at,
       h.key_id AS saved_by, h.action AS action, h.title AS title, h.restored_from AS restored_from
ORDER BY h.revision DESC
