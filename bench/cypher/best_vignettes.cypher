// answers: (benchmark yardstick, hand-written best case) create a batch of vignette nodes
// touches: Vignette
UNWIND $rows AS row
CREATE (v:Vignette)
SET v.id = row.id, v.title = row.title, v.summary = row.summary, v.composite = row.composite,
    v.synthetic = row.synthetic, v.narrative = row.narrative, v.phases = row.phases, v.content_hash = row.content_hash
