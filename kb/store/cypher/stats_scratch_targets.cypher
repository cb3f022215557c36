// answers: (reference, from the facts alone) which interventions were used for these concepts (a concept with its narrower concepts): per intervention, in how many vignettes, its uses, the results of the outcomes after them and the first $sample use keys; what the stored aggregates of the concept must hold
// touches: Concept, Fact, InterventionFact, OutcomeFact, INSTANCE_OF, SHOWN_BY, TARGETS, AFTER
UNWIND $concept_ids AS cid
MATCH (:Concept {id: cid})<-[:INSTANCE_OF]-(x:Fact)-[:SHOWN_BY*0..1]-(:Fact)<-[:TARGETS]-(i:InterventionFact)
WITH DISTINCT i
WITH i, [(i)<-[:AFTER]-(o:OutcomeFact) | o.result] AS results
ORDER BY i.vignette_id, i.local_id
RETURN i.concept_id AS intervention, count(DISTINCT i.vignette_id) AS vignettes, count(i) AS uses,
       sum(size([r IN results WHERE r = 'improved'])) AS improved,
       sum(size([r IN results WHERE r = 'mixed'])) AS mixed,
       sum(size([r IN results WHERE r = 'unchanged'])) AS unchanged,
       sum(size([r IN results WHERE r = 'worse'])) AS worse,
       collect(i.vignette_id + ' ' + i.local_id)[0..$sample] AS sample
