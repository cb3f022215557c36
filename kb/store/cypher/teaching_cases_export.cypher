// answers: (export) the next page of teaching cases in id order, after $after, each as its stored document
// touches: TeachingCase
MATCH (t:TeachingCase)
WHERE t.id > $after AND t.doc IS NOT NULL
RETURN t.id AS id, t.doc AS doc
ORDER BY id
LIMIT $limit
