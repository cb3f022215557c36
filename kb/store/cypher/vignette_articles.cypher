// answers: which articles point to one vignette: linked from the article (cites, illustrated-by, source-of), or named by the vignette's own source; and does the vignette exist?
// touches: Vignette, Article, LINKS_TO, FROM_ARTICLE
OPTIONAL MATCH (v:Vignette {id: $id})
RETURN v IS NOT NULL AS exists,
       COLLECT {
         MATCH (a:Article)-[l:LINKS_TO]->(v)
         RETURN {id: a.id, title: a.title, author: a.author, url: a.url, stored: a.content_hash IS NOT NULL,
                 type: l.type, via: 'article-link'} AS item
         UNION
         MATCH (v)-[:FROM_ARTICLE]->(a:Article)
         RETURN {id: a.id, title: a.title, author: a.author, url: a.url, stored: a.content_hash IS NOT NULL,
                 type: 'source-of', via: 'vignette-source'} AS item
       } AS items
