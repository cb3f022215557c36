// answers: one stored article: its fields and text, its links (to vignettes and concepts) and the vignettes whose source names it
// touches: Article, Vignette, Concept, LINKS_TO, FROM_ARTICLE
MATCH (a:Article {id: $id})
WHERE a.content_hash IS NOT NULL
RETURN a.id AS id, a.title AS title, a.author AS author, a.url AS url, a.format AS format, a.text AS text,
       a.chars AS chars, a.content_hash AS version, a.created_at AS created_at, a.updated_at AS updated_at,
       COLLECT {
         MATCH (a)-[l:LINKS_TO]->(t)
         WITH l, t ORDER BY l.type, t.id, t:Vignette
         RETURN {type: l.type, target: CASE WHEN t:Vignette THEN 'vignette' ELSE 'concept' END, id: t.id,
                 title: coalesce(t.title, t.label)}
       } AS links,
       COLLECT {
         MATCH (v:Vignette)-[:FROM_ARTICLE]->(a)
         WITH v ORDER BY v.id
         RETURN {type: 'source-of', target: 'vignette', id: v.id, title: v.title}
       } AS source_of
