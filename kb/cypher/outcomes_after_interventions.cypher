// answers: where were these interventions used, and what outcomes followed them?
// touches: Concept, InterventionFact, OutcomeFact, Vignette, Person, INSTANCE_OF, AFTER, HAS_FACT, ABOUT, TARGETS
UNWIND $concept_ids AS cid
MATCH (:Concept {id: cid})<-[:INSTANCE_OF]-(i:InterventionFact)
MATCH (v:Vignette)-[:HAS_FACT]->(i)
OPTIONAL MATCH (i)-[:TARGETS]->(t:Fact)
WITH i, v, collect(DISTINCT CASE WHEN t IS NULL THEN NULL ELSE {matched: i.concept_id, shows: NULL, shows_concept: NULL,
     shows_kind: NULL, target: t.local_id, target_kind: t.kind, target_concept: t.concept_id} END) AS paths
OPTIONAL MATCH (i)<-[:AFTER]-(o:OutcomeFact)
OPTIONAL MATCH (o)-[:ABOUT]->(p:Person)
WITH i, v, paths, collect(CASE WHEN o IS NULL THEN NULL ELSE {
  fact_id: o.local_id, concept: o.concept_id, result: o.result, description: o.description, person: p.local_id,
  evidence: o.evidence, evidence_start: o.evidence_start, evidence_end: o.evidence_end} END) AS outcomes
RETURN i.concept_id AS intervention, v.id AS vignette_id, v.title AS vignette_title,
       i.local_id AS fact_id, i.description AS description, i.phase AS phase,
       i.evidence AS evidence, i.evidence_start AS evidence_start, i.evidence_end AS evidence_end,
       paths, outcomes
ORDER BY vignette_id, fact_id
