// answers: (write) give the aggregates flagged by stats_apply (taking vignettes out) their first $sample use keys again, from the graph, where fewer remain than they should hold (rare: a removed vignette was among a stat's first)
// touches: InterventionStat, Concept, Fact, InterventionFact, BROADER, INSTANCE_OF, SHOWN_BY, TARGETS
MATCH (s:InterventionStat {refill: true})
REMOVE s.refill
WITH s WHERE size(s.sample) < CASE WHEN s.uses < $sample THEN s.uses ELSE $sample END
CALL (s) {
  CALL (s) {
    MATCH (:Concept {id: s.concept_id})<-[:BROADER*0..]-(:Concept)<-[:INSTANCE_OF]-(:Fact)
          -[:SHOWN_BY*0..1]-(:Fact)<-[:TARGETS]-(i:InterventionFact)
    WHERE i.concept_id = s.intervention_id
    RETURN i
    UNION
    MATCH (:Concept {id: s.concept_id})<-[:INSTANCE_OF]-(i:InterventionFact)
    WHERE s.concept_id = s.intervention_id
    RETURN i
  }
  WITH DISTINCT i ORDER BY i.vignette_id, i.local_id LIMIT $sample
  RETURN collect(i.vignette_id + ' ' + i.local_id) AS sample
}
SET s.sample = sample
RETURN count(s) AS refilled
