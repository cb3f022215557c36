// answers: (benchmarks) pattern_profile as it was before 2026-12 (EXISTS subqueries per fact and pattern fact), the baseline its replacement is timed and checked against
// touches: Concept, Fact (all kinds), INSTANCE_OF, SHOWN_BY, TARGETS, AFTER
MATCH (c:Concept) WHERE c.id IN $concept_ids
MATCH (c)<-[:INSTANCE_OF]-(p:PatternFact)
WITH p.vignette_id AS vid, collect(p) AS pfs
MATCH (f:Fact {vignette_id: vid})
WHERE NOT f IN pfs
WITH f, vid, pfs,
  CASE f.kind
    WHEN 'role' THEN any(pf IN pfs WHERE EXISTS { (pf)-[:SHOWN_BY]->(f) })
    WHEN 'behavior' THEN any(pf IN pfs WHERE EXISTS { (pf)-[:SHOWN_BY]->(f) })
    WHEN 'intervention' THEN any(pf IN pfs WHERE EXISTS { (f)-[:TARGETS]->(pf) } OR EXISTS { (f)-[:TARGETS]->(:Fact)<-[:SHOWN_BY]-(pf) })
    WHEN 'outcome' THEN any(pf IN pfs WHERE EXISTS { (f)-[:AFTER]->(:InterventionFact)-[:TARGETS]->(pf) }
                                       OR EXISTS { (f)-[:AFTER]->(:InterventionFact)-[:TARGETS]->(:Fact)<-[:SHOWN_BY]-(pf) })
    ELSE false
  END AS linked
RETURN f.kind AS kind, f.concept_id AS concept, count(DISTINCT vid) AS vignettes,
       sum(CASE WHEN linked THEN 1 ELSE 0 END) AS linked,
       sum(CASE f.result WHEN 'improved' THEN 1 ELSE 0 END) AS improved,
       sum(CASE f.result WHEN 'mixed' THEN 1 ELSE 0 END) AS mixed,
       sum(CASE f.result WHEN 'unchanged' THEN 1 ELSE 0 END) AS unchanged,
       sum(CASE f.result WHEN 'worse' THEN 1 ELSE 0 END) AS worse
