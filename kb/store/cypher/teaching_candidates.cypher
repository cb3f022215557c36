// answers: which vignettes show these concepts (each group: a concept and its narrower ones), and how strongly: per fact its group, quotes, the roles and behaviors that show it and its phase; and whether the story reaches interventions and outcomes (drafting a teaching case)
// touches: Concept, Fact, Vignette, INSTANCE_OF, HAS_FACT, SHOWN_BY
UNWIND $groups AS g
UNWIND g.ids AS cid
CALL (cid) {
  MATCH (:Concept {id: cid})<-[:INSTANCE_OF]-(f:Fact)
  RETURN f
  LIMIT $per_concept
}
WITH f.vignette_id AS vid,
     collect({group: g.concept, quotes: size(coalesce(f.evidence, [])), shown_by: COUNT { (f)-[:SHOWN_BY]->() },
              phase: f.phase}) AS facts
MATCH (v:Vignette {id: vid})
RETURN v.id AS id, v.title AS title, coalesce(v.phases, []) AS phases, facts,
       COUNT { (v)-[:HAS_FACT]->(i:Fact) WHERE i.kind = 'intervention' } AS interventions,
       COUNT { (v)-[:HAS_FACT]->(o:Fact) WHERE o.kind = 'outcome' } AS outcomes
ORDER BY id
