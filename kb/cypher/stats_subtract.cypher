// answers: (write) take these vignettes' uses of interventions, as the graph holds them now, out of the aggregates (run before their facts are cleared); a stat left with no vignette goes, one whose sample fell short is flagged for stats_refill
// touches: Fact, InterventionFact, OutcomeFact, Concept, InterventionStat, TARGETS, SHOWN_BY, INSTANCE_OF, BROADER, AFTER
UNWIND $ids AS vid
MATCH (i:Fact {vignette_id: vid}) WHERE i:InterventionFact
CALL (i) {
  MATCH (i)-[:TARGETS]->(:Fact)<-[:SHOWN_BY*0..1]-(:Fact)-[:INSTANCE_OF]->(:Concept)-[:BROADER*0..]->(a:Concept)
  RETURN DISTINCT a.id AS aid
  UNION
  RETURN i.concept_id AS aid
}
WITH vid, i, aid, [(i)<-[:AFTER]-(o:OutcomeFact) | o.result] AS results
WITH aid, i.concept_id AS iid, count(DISTINCT vid) AS vignettes, count(i) AS uses,
     sum(size([r IN results WHERE r = 'improved'])) AS improved,
     sum(size([r IN results WHERE r = 'mixed'])) AS mixed,
     sum(size([r IN results WHERE r = 'unchanged'])) AS unchanged,
     sum(size([r IN results WHERE r = 'worse'])) AS worse,
     collect(vid + ' ' + i.local_id) AS keys
MATCH (s:InterventionStat {key: aid + '|' + iid})
SET s.vignettes = s.vignettes - vignettes, s.uses = s.uses - uses, s.improved = s.improved - improved,
    s.mixed = s.mixed - mixed, s.unchanged = s.unchanged - unchanged, s.worse = s.worse - worse,
    s.sample = [k IN s.sample WHERE NOT k IN keys]
FOREACH (_ IN CASE WHEN s.vignettes > 0 AND size(s.sample) < CASE WHEN s.uses < $sample THEN s.uses ELSE $sample END
                   THEN [1] ELSE [] END | SET s.refill = true)
WITH s, s.vignettes = 0 AS gone
FOREACH (_ IN CASE WHEN gone THEN [1] ELSE [] END | DELETE s)
RETURN count(s) AS stats
