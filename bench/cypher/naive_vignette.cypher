// answers: (benchmark baseline, naive) write one vignette node with one MERGE
// touches: Vignette
MERGE (v:Vignette {id: $row.id})
SET v.title = $row.title, v.summary = $row.summary, v.composite = $row.composite, v.synthetic = $row.synthetic,
    v.narrative = $row.narrative, v.phases = $row.phases, v.content_hash = $row.content_hash
