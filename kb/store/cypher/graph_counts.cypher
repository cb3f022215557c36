// answers: how many vignettes, persons, facts, concepts, intervention aggregates and relationships does the graph hold?
// touches: Vignette, Person, Fact, Concept, InterventionStat, all relationships (served from the count store)
RETURN COUNT { (:Vignette) } AS vignettes,
       COUNT { (:Person) } AS persons,
       COUNT { (:Fact) } AS facts,
       COUNT { (:Concept) } AS concepts,
       COUNT { (:InterventionStat) } AS intervention_stats,
       COUNT { ()-[]->() } AS relationships
