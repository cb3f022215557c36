// answers: which vignettes (title, summary, narrative) and concepts (label, synonyms, definition) best match a full-text query? (one page; the total counts at most $cap matches per index)
// touches: Vignette (full-text index vignette_text), Concept (full-text index concept_text)
CALL {
  CALL db.index.fulltext.queryNodes('vignette_text', $q, {limit: $cap}) YIELD node, score
  RETURN 'vignette' AS type, node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('concept_text', $q, {limit: $cap}) YIELD node, score
  RETURN 'concept' AS type, node, score
}
WITH type, node, score ORDER BY score DESC, type, node.id
WITH collect({type: type, node: node, score: score}) AS matching
RETURN size(matching) AS total,
       size([m IN matching WHERE m.type = 'vignette']) >= $cap OR size([m IN matching WHERE m.type = 'concept']) >= $cap AS capped,
       [m IN matching[$offset..($offset + $limit)] | {
          type: m.type, id: m.node.id, score: m.score,
          title: CASE m.type WHEN 'vignette' THEN m.node.title ELSE m.node.label END,
          text: CASE m.type WHEN 'vignette' THEN m.node.title + ' \u2014 ' + m.node.summary + ' ' + m.node.narrative
                ELSE m.node.label + ' \u2014 ' + m.node.definition + ' (' + coalesce(m.node.synonyms_text, '') + ')' END
       }] AS items
