// answers: where were these interventions used and what outcomes followed them: per intervention, in how many vignettes, how the outcomes turned out, and the first $support uses with their targets, evidence and outcomes
// touches: Concept, InterventionFact, OutcomeFact, Vignette, Person, INSTANCE_OF, AFTER, TARGETS, ABOUT
UNWIND $concept_ids AS cid
MATCH (:Concept {id: cid})<-[:INSTANCE_OF]-(i:InterventionFact)
WITH i, [(i)-[:TARGETS]->(t:Fact) | {matched: i.concept_id, shows: NULL, shows_concept: NULL, shows_kind: NULL,
        target: t.local_id, target_kind: t.kind, target_concept: t.concept_id}] AS paths
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
