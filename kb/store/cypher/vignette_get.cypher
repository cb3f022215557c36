// answers: one vignette's own properties (title, summary, composite, narrative, phases, source) and its version (content hash)
// touches: Vignette, Article, FROM_ARTICLE
MATCH (v:Vignette {id: $id})
OPTIONAL MATCH (v)-[:FROM_ARTICLE]->(a:Article)
RETURN v.id AS id, v.content_hash AS version, v.title AS title, v.summary AS summary, v.composite AS composite, v.narrative AS narrative,
       v.phases AS phases,
       CASE WHEN a IS NULL AND v.source_title IS NULL THEN NULL
            ELSE {article_id: a.id, title: v.source_title, author: v.source_author, url: v.source_url} END AS source
