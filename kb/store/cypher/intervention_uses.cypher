// answers: these uses of interventions (fact keys), in the order given (each list in a fixed order, the same after a restart): vignette, description, evidence, outcomes after, and their paths to the concepts $concept_ids (null: every target of the use): targeted directly, through the pattern the targeted role or behavior shows, or through a role or behavior showing the targeted pattern
// touches: Fact, InterventionFact, OutcomeFact, Vignette, Person, Concept, INSTANCE_OF, SHOWN_BY, TARGETS, AFTER, ABOUT
UNWIND range(0, size($keys) - 1) AS n
MATCH (i:Fact {key: $keys[n]})
RETURN n, i.vignette_id AS vignette_id,
       COLLECT { MATCH (v:Vignette {id: i.vignette_id}) RETURN v.title }[0] AS vignette_title,
       i.local_id AS fact_id, i.description AS description, i.phase AS phase,
       i.evidence AS evidence, i.evidence_start AS evidence_start, i.evidence_end AS evidence_end,
       CASE WHEN $concept_ids IS NULL
         THEN COLLECT {
           MATCH (i)-[:TARGETS]->(t:Fact)
           RETURN {matched: i.concept_id, shows: NULL, shows_concept: NULL, shows_kind: NULL,
                   target: t.local_id, target_kind: t.kind, target_concept: t.concept_id} AS path
           ORDER BY path.target }
         ELSE COLLECT {
           MATCH (i)-[:TARGETS]->(t:Fact)-[:SHOWN_BY*0..1]-(x:Fact)-[:INSTANCE_OF]->(c:Concept)
           WHERE c.id IN $concept_ids
           RETURN DISTINCT {matched: c.id, shows: CASE WHEN x = t THEN NULL ELSE x.local_id END,
                            shows_concept: CASE WHEN x = t THEN NULL ELSE x.concept_id END, shows_kind: x.kind,
                            target: t.local_id, target_kind: t.kind, target_concept: t.concept_id} AS path
           ORDER BY path.target, path.shows, path.matched }
       END AS paths,
       COLLECT {
         MATCH (i)<-[:AFTER]-(o:OutcomeFact)
         RETURN {fact_id: o.local_id, concept: o.concept_id, result: o.result, description: o.description,
                 person: COLLECT { MATCH (o)-[:ABOUT]->(p:Person) RETURN p.local_id ORDER BY p.local_id }[0],
                 evidence: o.evidence, evidence_start: o.evidence_start, evidence_end: o.evidence_end} AS outcome
         ORDER BY outcome.evidence_start, outcome.fact_id } AS outcomes
ORDER BY n
