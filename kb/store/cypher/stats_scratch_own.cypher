// answers: (reference, from the facts alone) where was this intervention used: in how many vignettes, its uses, the results of the outcomes after them and the first $sample use keys; what its own stored aggregate must hold
// touches: Concept, InterventionFact, OutcomeFact, INSTANCE_OF, AFTER
MATCH (:Concept {id: $concept_id})<-[:INSTANCE_OF]-(i:InterventionFact)
WITH i, [(i)<-[:AFTER]-(o:OutcomeFact) | o.result] AS results
ORDER BY i.vignette_id, i.local_id
RETURN i.concept_id AS intervention, count(DISTINCT i.vignette_id) AS vignettes, count(i) AS uses,
       sum(size([r IN results WHERE r = 'improved'])) AS improved,
       sum(size([r IN results WHERE r = 'mixed'])) AS mixed,
       sum(size([r IN results WHERE r = 'unchanged'])) AS unchanged,
       sum(size([r IN results WHERE r = 'worse'])) AS worse,
       collect(i.vignette_id + ' ' + i.local_id)[0..$sample] AS sample
