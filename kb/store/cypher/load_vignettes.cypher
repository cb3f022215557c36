// answers: (write) create or update the vignette nodes, and link each to the article it comes from (a stored article keeps its own title, author and url)
// touches: Vignette, Article, FROM_ARTICLE
UNWIND $rows AS row
MERGE (v:Vignette {id: row.id})
SET v.title = row.title, v.summary = row.summary, v.composite = row.composite, v.synthetic = row.synthetic, v.narrative = row.narrative,
    v.phases = row.phases, v.source_title = row.source_title, v.source_author = row.source_author,
    v.source_url = row.source_url, v.file = row.file, v.content_hash = row.content_hash,
    v.loaded_at = datetime()
WITH v, row
OPTIONAL MATCH (v)-[old:FROM_ARTICLE]->(:Article)
DELETE old
WITH DISTINCT v, row
FOREACH (a IN CASE WHEN row.article IS NULL THEN [] ELSE [row.article] END |
  MERGE (art:Article {id: a.id})
  SET art.title = CASE WHEN art.content_hash IS NULL THEN coalesce(a.title, art.title) ELSE art.title END,
      art.author = CASE WHEN art.content_hash IS NULL THEN coalesce(a.author, art.author) ELSE art.author END,
      art.url = CASE WHEN art.content_hash IS NULL THEN coalesce(a.url, art.url) ELSE art.url END
  MERGE (v)-[:FROM_ARTICLE]->(art))
