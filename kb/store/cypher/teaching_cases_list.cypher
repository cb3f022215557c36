// answers: one page of the teaching cases (by id) that teach any of these concepts and use this vignette (each filter optional), with the total
// touches: TeachingCase
MATCH (t:TeachingCase)
WHERE t.doc IS NOT NULL
  AND ($concepts IS NULL OR any(c IN t.concept_ids WHERE c IN $concepts))
  AND ($vignette IS NULL OR $vignette IN t.vignette_ids)
WITH t ORDER BY t.id
WITH collect(t) AS found
RETURN size(found) AS total,
       [t IN found[$offset..($offset + $limit)] | {
         id: t.id, title: t.title, audience: t.audience, concepts: t.concept_ids, vignettes: t.vignette_ids,
         version: t.version, revision: t.revision, saved_at: t.updated_at, cut_from: t.vignette_versions
       }] AS items
