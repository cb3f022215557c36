// answers: which of these vignettes are already stored, and with what content hash?
// touches: Vignette
UNWIND $ids AS id
MATCH (v:Vignette {id: id})
RETURN v.id AS id, v.content_hash AS content_hash
