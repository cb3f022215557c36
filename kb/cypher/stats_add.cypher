// answers: (write) add these vignettes' uses of interventions to the aggregates: for each (concept targeted or a broader one, intervention) and each (intervention, itself), +1 vignette, its uses, the results of the outcomes after them, and its use keys merged into the first $sample
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
MERGE (s:InterventionStat {key: aid + '|' + iid})
  ON CREATE SET s.concept_id = aid, s.intervention_id = iid, s.vignettes = 0, s.uses = 0,
                s.improved = 0, s.mixed = 0, s.unchanged = 0, s.worse = 0, s.sample = []
SET s.vignettes = s.vignettes + vignettes, s.uses = s.uses + uses, s.improved = s.improved + improved,
    s.mixed = s.mixed + mixed, s.unchanged = s.unchanged + unchanged, s.worse = s.worse + worse,
    s.sample = COLLECT { UNWIND s.sample + keys AS k RETURN k ORDER BY k LIMIT $sample }
RETURN count(s) AS stats
