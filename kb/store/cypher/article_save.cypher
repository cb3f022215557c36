// answers: (write) store an article's text and fields, and replace the concepts it mentions (MENTIONS, with counts per status)
// touches: Article, Concept, MENTIONS
MATCH (a:Article {id: $row.id})
SET a.title = $row.title, a.author = $row.author, a.url = $row.url, a.format = $row.format, a.text = $row.text,
    a.chars = size($row.text), a.content_hash = $row.content_hash,
    a.created_at = coalesce(a.created_at, datetime.transaction()), a.updated_at = datetime.transaction()
WITH a
CALL (a) {
  MATCH (a)-[old:MENTIONS]->(:Concept)
  DELETE old
}
WITH a
UNWIND $tags AS t
MATCH (c:Concept {id: t.concept_id})
CREATE (a)-[:MENTIONS {affirmed: t.affirmed, negated: t.negated, hypothetical: t.hypothetical, generic: t.generic}]->(c)
