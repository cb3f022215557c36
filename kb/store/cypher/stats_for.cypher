// answers: the stored intervention aggregates of these concepts: per intervention used for a concept (for an intervention concept: of itself), in how many vignettes, its uses, the results of the outcomes after them, and the first use keys
// touches: InterventionStat
UNWIND $concept_ids AS cid
MATCH (s:InterventionStat {concept_id: cid})
RETURN s.intervention_id AS intervention, s.vignettes AS vignettes, s.uses AS uses, s.improved AS improved,
       s.mixed AS mixed, s.unchanged AS unchanged, s.worse AS worse, s.sample AS sample
