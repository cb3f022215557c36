// answers: what was an intervention used for? its stored aggregates, one per concept it was used for (each folding in that concept's narrower ones, as /interventions counts them), and its own (all its uses): vignettes, uses, the results of the outcomes after them, and the first use keys
// touches: InterventionStat (index intervention_stat_intervention)
MATCH (s:InterventionStat {intervention_id: $intervention_id})
RETURN s.concept_id AS concept, s.vignettes AS vignettes, s.uses AS uses, s.improved AS improved,
       s.mixed AS mixed, s.unchanged AS unchanged, s.worse AS worse, s.sample AS sample
