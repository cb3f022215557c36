// answers: which interventions were used for these concepts (a pattern, behavior or role, with its narrower concepts): per intervention, in how many vignettes, how the outcomes after them turned out, and the first $support uses with their path, evidence and outcomes
// touches: Concept, Fact, InterventionFact, OutcomeFact, Vignette, Person, INSTANCE_OF, SHOWN_BY, TARGETS, AFTER, HAS_FACT, ABOUT
UNWIND $concept_ids AS cid
MATCH (c:Concept {id: cid})<-[:INSTANCE_OF]-(x:Fact)
MATCH (x)-[:SHOWN_BY*0..1]->(t:Fact)<-[:TARGETS]-(i:InterventionFact)
WITH i, collect(DISTINCT {matched: c.id, shows: CASE WHEN x = t THEN NULL ELSE x.local_id END,
                          shows_concept: CASE WHEN x = t THEN NULL ELSE x.concept_id END,
                          shows_kind: x.kind,
                          target: t.local_id, target_kind: t.kind, target_concept: t.concept_id}) AS paths
WITH i, paths, [(i)<-[:AFTER]-(o:OutcomeFact) | o] AS outs
ORDER BY i.vignette_id, i.local_id
WITH i.concept_id AS intervention, count(DISTINCT i.vignette_id) AS vignettes, count(i) AS uses,
     sum(size([o IN outs WHERE o.result = 'improved'])) AS improved,
     sum(size([o IN outs WHERE o.result = 'mixed'])) AS mixed,
     sum(size([o IN outs WHERE o.result = 'unchanged'])) AS unchanged,
     sum(size([o IN outs WHERE o.result = 'worse'])) AS worse,
     collect({i: i, paths: paths, outs: outs}) AS all_uses
RETURN intervention, vignettes, uses, improved, mixed, unchanged, worse,
       [u IN all_uses[0..$support] | {
          vignette_id: u.i.vignette_id,
          vignette_title: COLLECT { MATCH (v:Vignette {id: u.i.vignette_id}) RETURN v.title }[0],
          fact_id: u.i.local_id, description: u.i.description, phase: u.i.phase,
          evidence: u.i.evidence, evidence_start: u.i.evidence_start, evidence_end: u.i.evidence_end,
          paths: u.paths,
          outcomes: [o IN u.outs | {fact_id: o.local_id, concept: o.concept_id, result: o.result,
                                   description: o.description,
                                   person: COLLECT { MATCH (o)-[:ABOUT]->(p:Person) RETURN p.local_id }[0],
                                   evidence: o.evidence, evidence_start: o.evidence_start,
                                   evidence_end: o.evidence_end}]}] AS support
