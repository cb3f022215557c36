// answers: what goes with a pattern (each vignette's facts checked against that vignette's own pattern facts only, so the work grows linearly): in the vignettes that show it (or a narrower one), which roles, behaviors, interventions, outcomes and other patterns occur, how often, and how many are tied to the pattern itself
// touches: Concept, Vignette, Fact (all kinds), INSTANCE_OF, HAS_FACT, SHOWN_BY, TARGETS, AFTER
MATCH (c:Concept) WHERE c.id IN $concept_ids
// Per vignette, the facts tied to its pattern facts are gathered once (a few hops from those facts): the roles and
// behaviors they are shown by; the interventions that target them or what they are shown by; the outcomes after
// those interventions. Each of the vignette's other facts is then only looked up in these short lists. A fact's
// kind comes from its label and its concept from INSTANCE_OF (the id read once per row of the answer, after
// counting), not from its properties: Fact nodes carry long property chains (evidence, descriptions), slower to
// read for every fact of thousands of vignettes than a label and one hop (bench/profile.py).
MATCH (c)<-[:INSTANCE_OF]-(p:PatternFact)<-[:HAS_FACT]-(v:Vignette)
WITH v, collect(p) AS pfs
WITH v, pfs, COLLECT { UNWIND pfs AS pf MATCH (pf)-[:SHOWN_BY]->(x) RETURN DISTINCT x } AS shown
WITH v, pfs, shown,
     COLLECT { UNWIND pfs + [x IN shown WHERE x:Fact] AS t MATCH (t)<-[:TARGETS]-(i) RETURN DISTINCT i } AS aimed
WITH v, pfs, shown, aimed,
     COLLECT { UNWIND aimed AS i MATCH (i:InterventionFact)<-[:AFTER]-(o) RETURN DISTINCT o } AS after
MATCH (v)-[:HAS_FACT]->(f)-[:INSTANCE_OF]->(fc)
WHERE NOT f IN pfs
WITH v, fc,
  CASE
    WHEN f:RoleFact THEN 'role'
    WHEN f:BehaviorFact THEN 'behavior'
    WHEN f:InterventionFact THEN 'intervention'
    WHEN f:OutcomeFact THEN 'outcome'
    WHEN f:PatternFact THEN 'pattern'
  END AS kind,
  CASE
    WHEN f:RoleFact OR f:BehaviorFact THEN f IN shown
    WHEN f:InterventionFact THEN f IN aimed
    WHEN f:OutcomeFact THEN f IN after
    ELSE false
  END AS linked,
  CASE WHEN f:OutcomeFact THEN f.result END AS result
WITH kind, fc, count(DISTINCT v) AS vignettes,
     sum(CASE WHEN linked THEN 1 ELSE 0 END) AS linked,
     sum(CASE result WHEN 'improved' THEN 1 ELSE 0 END) AS improved,
     sum(CASE result WHEN 'mixed' THEN 1 ELSE 0 END) AS mixed,
     sum(CASE result WHEN 'unchanged' THEN 1 ELSE 0 END) AS unchanged,
     sum(CASE result WHEN 'worse' THEN 1 ELSE 0 END) AS worse
RETURN kind, fc.id AS concept, vignettes, linked, improved, mixed, unchanged, worse
