// answers: (write) store a teaching case as its new current version: its properties, its links to the vignettes and concepts it uses, and the version kept in its history
// touches: TeachingCase, TeachingCaseVersion, Vignette, Concept, USES, TEACHES, HAS_VERSION
MATCH (t:TeachingCase {id: $id})
SET t.title = $title, t.audience = $audience, t.version = $version, t.revision = $revision, t.doc = $doc,
    t.concept_ids = $concept_ids, t.vignette_ids = $vignette_ids, t.vignette_versions = $vignette_versions,
    t.created_at = coalesce(t.created_at, datetime.transaction()), t.updated_at = datetime.transaction()
WITH t
CALL (t) {
  MATCH (t)-[r:USES|TEACHES]->()
  DELETE r
}
CALL (t) {
  UNWIND $vignette_ids AS vid
  MATCH (v:Vignette {id: vid})
  MERGE (t)-[:USES]->(v)
}
CALL (t) {
  UNWIND $concept_ids AS cid
  MATCH (c:Concept {id: cid})
  MERGE (t)-[:TEACHES]->(c)
}
CREATE (t)-[:HAS_VERSION]->(:TeachingCaseVersion {
  key: $id + '#' + toString($revision), case_id: $id, revision: $revision, version: $version, doc: $doc,
  title: $title, action: $action, key_id: $key_id, restored_from: $restored_from, saved_at: datetime.transaction()
})
RETURN t.revision AS revision
