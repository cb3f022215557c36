// answers: which interventions were used for these concepts (a pattern, behavior or role, with its narrower concepts), in which vignettes, by what path, with what outcomes after them?
// touches: Concept, Fact, InterventionFact, OutcomeFact, Vignette, Person, INSTANCE_OF, SHOWN_BY, TARGETS, AFTER, HAS_FACT, ABOUT
UNWIND $concept_ids AS cid
MATCH (c:Concept {id: cid})<-[:INSTANCE_OF]-(x:Fact)
MATCH (x)-[:SHOWN_BY*0..1]->(t:Fact)<-[:TARGETS]-(i:InterventionFact)
WITH i, collect(DISTINCT {matched: c.id, shows: CASE WHEN x = t THEN NULL ELSE x.local_id END,
                          shows_concept: CASE WHEN x = t THEN NULL ELSE x.concept_id END,
                          shows_kind: x.kind,
                          target: t.local_id, target_kind: t.kind, target_concept: t.concept_id}) AS paths
MATCH (v:Vignette)-[:HAS_FACT]->(i)
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
