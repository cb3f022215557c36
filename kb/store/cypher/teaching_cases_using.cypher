// answers: which teaching cases use this vignette? (removing it needs a confirmation then)
// touches: TeachingCase
MATCH (t:TeachingCase)
WHERE $id IN t.vignette_ids
RETURN t.id AS id, t.title AS title
ORDER BY id
