// answers: one page of all vignettes, in id order, with the total
// touches: Vignette
MATCH (v:Vignette)
WITH v ORDER BY v.id
SKIP $offset LIMIT $limit
WITH collect({id: v.id, title: v.title, summary: v.summary, composite: v.composite, score: NULL}) AS items
RETURN COUNT { (:Vignette) } AS total, items
