// answers: (write) add ($sign = 1, after their facts are written) or take out ($sign = -1, before their facts are cleared) these vignettes' uses of interventions in the aggregates: for each (concept targeted, or shown by or showing what was targeted, or a broader one, intervention) and each (intervention, itself), the vignette, its uses, the results of the outcomes after them, and its use keys (merged into the first $sample, or removed); a stat left with no vignette goes, one whose sample fell short is flagged for stats_refill
// touches: Fact, InterventionFact, OutcomeFact, Concept, InterventionStat, TARGETS, SHOWN_BY, INSTANCE_OF, BROADER, AFTER
UNWIND $ids AS vid
MATCH (i:Fact {vignette_id: vid}) WHERE i:InterventionFact
CALL (i) {
  MATCH (i)-[:TARGETS]->(:Fact)-[:SHOWN_BY*0..1]-(:Fact)-[:INSTANCE_OF]->(:Concept)-[:BROADER*0..]->(a:Concept)
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
WITH * WHERE $sign > 0 OR EXISTS { MATCH (:InterventionStat {key: aid + '|' + iid}) }
MERGE (s:InterventionStat {key: aid + '|' + iid})
  ON CREATE SET s.concept_id = aid, s.intervention_id = iid, s.vignettes = 0, s.uses = 0,
                s.improved = 0, s.mixed = 0, s.unchanged = 0, s.worse = 0, s.sample = []
SET s.vignettes = s.vignettes + $sign * vignettes, s.uses = s.uses + $sign * uses,
    s.improved = s.improved + $sign * improved, s.mixed = s.mixed + $sign * mixed,
    s.unchanged = s.unchanged + $sign * unchanged, s.worse = s.worse + $sign * worse,
    s.sample = CASE WHEN $sign > 0
                    THEN COLLECT { UNWIND s.sample + keys AS k RETURN k ORDER BY k LIMIT $sample }
                    ELSE [k IN s.sample WHERE NOT k IN keys] END
FOREACH (_ IN CASE WHEN $sign < 0 AND s.vignettes > 0
                        AND size(s.sample) < CASE WHEN s.uses < $sample THEN s.uses ELSE $sample END
                   THEN [1] ELSE [] END | SET s.refill = true)
WITH s, s.vignettes = 0 AS gone
FOREACH (_ IN CASE WHEN gone THEN [1] ELSE [] END | DELETE s)
RETURN count(s) AS stats
