// answers: (write) lock a stored article and say whether the link target (a vignette or a concept) exists and whether the article already links to it with this type; no row: no such article
// touches: Article, Vignette, Concept, LINKS_TO
MATCH (a:Article {id: $id})
WHERE a.content_hash IS NOT NULL
SET a.locked = true
REMOVE a.locked
RETURN a.content_hash AS version,
       CASE $kind WHEN 'vignette' THEN EXISTS { MATCH (:Vignette {id: $target}) }
                  ELSE EXISTS { MATCH (:Concept {id: $target}) } END AS target_exists,
       CASE $kind WHEN 'vignette' THEN EXISTS { MATCH (a)-[:LINKS_TO {type: $type}]->(:Vignette {id: $target}) }
                  ELSE EXISTS { MATCH (a)-[:LINKS_TO {type: $type}]->(:Concept {id: $target}) } END AS linked
