// answers: (write) remove an article's link of one type to a vignette or a concept; returns how many were removed
// touches: Article, Vignette, Concept, LINKS_TO
MATCH (a:Article {id: $id})-[l:LINKS_TO {type: $type}]->(t)
WHERE t.id = $target AND ((t:Vignette AND $kind = 'vignette') OR (t:Concept AND $kind = 'concept'))
DELETE l
RETURN count(*) AS removed
