// answers: which vignettes does a name refer to ("donna"): by id, by the start of an id, or by a person's name; best first
// touches: Vignette, Person (indexes vignette_id, person_name)
CALL {
  MATCH (v:Vignette {id: $ref}) RETURN v.id AS id, 0 AS rank
  UNION
  MATCH (v:Vignette) WHERE v.id STARTS WITH $ref + '-' RETURN v.id AS id, 1 AS rank
  UNION
  MATCH (p:Person {name_key: $ref}) RETURN p.vignette_id AS id, 2 AS rank
}
WITH id, min(rank) AS rank ORDER BY rank, id
RETURN id LIMIT 5
