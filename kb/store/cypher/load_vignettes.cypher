// answers: (write) create or update the vignette nodes, and link each to the article it comes from
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
  SET art.title = coalesce(a.title, art.title), art.author = coalesce(a.author, art.author),
      art.url = coalesce(a.url, art.url)
  MERGE (v)-[:FROM_ARTICLE]->(art))
