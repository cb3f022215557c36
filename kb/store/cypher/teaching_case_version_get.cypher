// answers: one earlier version of a teaching case: its document, version, revision, who saved it and when
// touches: TeachingCaseVersion
MATCH (h:TeachingCaseVersion {key: $key})
RETURN h.case_id AS id, h.doc AS doc, h.version AS version, h.revision AS revision, h.saved_at AS saved_at,
       h.key_id AS saved_by
