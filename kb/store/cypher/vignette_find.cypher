// answers: which vignettes does a name refer to ("donna", "julian and his mother", "The Daughter Who Could Not Leave Home"): by id (words joined by hyphens), by the start of an id, by a person's name (the whole name, or its first word), or by title (a phrase of the title field of the full-text index, checked by the caller); ranked by how they matched
// touches: Vignette, Person (indexes vignette_id, person_name; full-text index vignette_text)
CALL {
  MATCH (v:Vignette {id: $slug}) RETURN v.id AS id, v.title AS title, 0 AS rank
  UNION
  MATCH (v:Vignette) WHERE v.id STARTS WITH $slug + '-' RETURN v.id AS id, v.title AS title, 2 AS rank
  UNION
  MATCH (p:Person {name_key: $ref}) MATCH (v:Vignette {id: p.vignette_id}) RETURN v.id AS id, v.title AS title, 3 AS rank
  UNION
  MATCH (p:Person {name_key: $first}) MATCH (v:Vignette {id: p.vignette_id})
  RETURN v.id AS id, v.title AS title, 5 AS rank
  UNION
  CALL db.index.fulltext.queryNodes('vignette_text', coalesce($title, 'title:""'), {limit: 10}) YIELD node
  WITH node WHERE $title IS NOT NULL
  RETURN node.id AS id, node.title AS title, 4 AS rank
}
WITH id, title, min(rank) AS rank ORDER BY rank, id
RETURN id, title, rank LIMIT 20
