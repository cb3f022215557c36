// answers: (export) the next page of stored articles in id order, after $after, each with its fields, text and links (in type, target order)
// touches: Article, Vignette, Concept, LINKS_TO
MATCH (a:Article)
WHERE a.id > $after AND a.content_hash IS NOT NULL
WITH a ORDER BY a.id LIMIT $limit
RETURN a.id AS id, a.title AS title, a.author AS author, a.url AS url, a.format AS format, a.text AS text,
       COLLECT {
         MATCH (a)-[l:LINKS_TO]->(t)
         WITH l, t, CASE WHEN t:Vignette THEN 'vignette' ELSE 'concept' END AS kind
         ORDER BY kind DESC, t.id, l.type
         RETURN {type: l.type, kind: kind, id: t.id}
       } AS links
ORDER BY id
