// answers: which vignettes (title, summary, narrative) and concepts (label, synonyms, definition) match a full-text query, best first? (one page, with the total)
// touches: Vignette (full-text index vignette_text), Concept (full-text index concept_text)
CALL {
  CALL db.index.fulltext.queryNodes('vignette_text', $q) YIELD node, score
  RETURN 'vignette' AS type, node.id AS id, node.title AS title, score,
         node.title + ' \u2014 ' + node.summary + ' ' + node.narrative AS text
  UNION ALL
  CALL db.index.fulltext.queryNodes('concept_text', $q) YIELD node, score
  RETURN 'concept' AS type, node.id AS id, node.label AS title, score,
         node.label + ' \u2014 ' + node.definition + ' (' + coalesce(node.synonyms_text, '') + ')' AS text
}
WITH type, id, title, score, text ORDER BY score DESC, type, id
WITH collect({type: type, id: id, title: title, score: score, text: text}) AS matching
RETURN size(matching) AS total, matching[$offset..($offset + $limit)] AS items
