// answers: the next $limit vignette ids after $after, in id order (walking all vignettes in batches)
// touches: Vignette
MATCH (v:Vignette) WHERE v.id > $after
RETURN v.id AS id ORDER BY v.id LIMIT $limit
