// answers: the current version (content hash) of each of these vignettes; null for one that is not (or no longer) there
// touches: Vignette
UNWIND $ids AS vid
OPTIONAL MATCH (v:Vignette {id: vid})
RETURN vid AS id, v.content_hash AS version
