// answers: the stored articles, most recently changed first, a page of them with the total, each with the concepts it mentions most
// touches: Article, Concept, MENTIONS
MATCH (a:Article)
WHERE a.content_hash IS NOT NULL
WITH a ORDER BY a.updated_at DESC, a.id
WITH collect(a) AS articles
RETURN size(articles) AS total,
       [a IN articles[$offset..$offset + $limit] | {
         id: a.id, title: a.title, author: a.author, url: a.url, format: a.format, chars: a.chars,
         version: a.content_hash, updated_at: a.updated_at,
         top: COLLECT {
           MATCH (a)-[m:MENTIONS]->(c:Concept)
           WHERE m.affirmed > 0
           WITH m, c ORDER BY m.affirmed DESC, c.id LIMIT $top
           RETURN c.id
         }
       }] AS items
