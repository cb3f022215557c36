// answers: which articles are linked to these concepts (type about), and which mention them in their text, with the counts per status?
// touches: Concept, Article, LINKS_TO, MENTIONS
UNWIND $ids AS cid
MATCH (c:Concept {id: cid})
RETURN c.id AS concept,
       COLLECT {
         MATCH (a:Article)-[:LINKS_TO {type: 'about'}]->(c)
         RETURN {id: a.id, title: a.title, author: a.author, url: a.url, stored: a.content_hash IS NOT NULL}
       } AS linked,
       COLLECT {
         MATCH (a:Article)-[m:MENTIONS]->(c)
         RETURN {id: a.id, title: a.title, author: a.author, url: a.url, stored: true, affirmed: m.affirmed,
                 negated: m.negated, hypothetical: m.hypothetical, generic: m.generic}
       } AS tagged
